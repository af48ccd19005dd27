"""The transcript: segments of words with timestamps, as produced by any engine.

Its JSON form is the contract of `stagecoach transcribe --format json` (see README).
Times are seconds from the start of the audio; words carry no surrounding spaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float
    probability: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "word": self.word,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "probability": round(self.probability, 4),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Word:
        return cls(
            word=str(d["word"]).strip(),
            start=float(d["start"]),
            end=float(d["end"]),
            probability=float(d.get("probability", 1.0)),
        )


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "text": self.text,
            "words": [w.to_dict() for w in self.words],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Segment:
        return cls(
            start=float(d["start"]),
            end=float(d["end"]),
            text=str(d.get("text", "")).strip(),
            words=tuple(Word.from_dict(w) for w in d.get("words", [])),
        )


@dataclass(frozen=True)
class Transcript:
    engine: str
    model: str
    language: str
    duration_s: float
    segments: tuple[Segment, ...] = field(default_factory=tuple)
    # Where a voice-activity detector heard speech, (start, end) in seconds; None when
    # none ran (the analysis then finds pauses from the audio's energy or the words).
    speech: tuple[tuple[float, float], ...] | None = None

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments if s.text).strip()

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "model": self.model,
            "language": self.language,
            "duration_s": round(self.duration_s, 3),
            "text": self.text,
            "segments": [s.to_dict() for s in self.segments],
            **({} if self.speech is None else
               {"speech": [[round(a, 3), round(b, 3)] for a, b in self.speech]}),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Transcript:
        return cls(
            engine=str(d.get("engine", "")),
            model=str(d.get("model", "")),
            language=str(d.get("language", "en")),
            duration_s=float(d.get("duration_s", 0.0)),
            segments=tuple(Segment.from_dict(s) for s in d.get("segments", [])),
            speech=_spans(d.get("speech")),
        )


def _spans(value: Any) -> tuple[tuple[float, float], ...] | None:
    """``speech`` as written by ``to_dict``; anything else reads as absent."""
    if not isinstance(value, list):
        return None
    try:
        return tuple((float(a), float(b)) for a, b in value)
    except (TypeError, ValueError):
        return None
