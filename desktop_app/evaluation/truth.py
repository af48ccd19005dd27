"""What is true of one corpus answer: its sentences, fillers, silences and speech, timed.

Times are seconds from the start of the file. They are exact because the answer is built
piece by piece (synthesis.build_answer): every silence and every filler is placed, not
guessed. A recording that comes with a transcript only (the "real" condition) has
sentences but no times (``timed`` is False) and is scored on its words alone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Span = tuple[float, float]


@dataclass(frozen=True)
class Sentence:
    words: tuple[str, ...]  # normalised (scoring.normalise_words), fillers included
    start: float = 0.0
    end: float = 0.0


@dataclass(frozen=True)
class FillerEvent:
    start: float
    end: float
    text: str
    kind: str  # "lexical" (a spoken filler word) or "filled_pause" (a sound)


@dataclass
class Truth:
    duration_s: float
    sentences: list[Sentence] = field(default_factory=list)
    fillers: list[FillerEvent] = field(default_factory=list)
    # Every silence placed between two sentences (the short natural gaps too).
    silences: list[Span] = field(default_factory=list)
    # Where sound was placed (speech, fillers, filled pauses): the voiced audio.
    speech: list[Span] = field(default_factory=list)
    timed: bool = True

    @property
    def words(self) -> list[str]:
        return [w for s in self.sentences for w in s.words]

    def pauses(self, threshold_s: float) -> list[Span]:
        """The silences a listener (and the report) should call pauses."""
        return [(a, b) for a, b in self.silences if b - a >= threshold_s - 1e-6]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Truth:
        return cls(
            duration_s=float(data["duration_s"]),
            sentences=[Sentence(tuple(s["words"]), float(s["start"]), float(s["end"]))
                       for s in data["sentences"]],
            fillers=[FillerEvent(float(f["start"]), float(f["end"]), str(f["text"]),
                                 str(f["kind"])) for f in data["fillers"]],
            silences=[(float(a), float(b)) for a, b in data["silences"]],
            speech=[(float(a), float(b)) for a, b in data["speech"]],
            timed=bool(data.get("timed", True)),
        )
