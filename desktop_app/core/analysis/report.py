"""The report: everything the analysis found, and its JSON form (DESIGN's report JSON).

``Report.to_dict`` writes the JSON of docs/CONTRACTS.md; ``Report.from_dict`` reads it back
(stored reports, exports), so every consumer reads typed fields instead of string keys.
Reading is tolerant: a report written by an older release, or one whose section is missing,
comes back with that section empty rather than failing, because History must still open it.
Keys beyond DESIGN's first report JSON are marked "extra" below: they were added later, so an
outside reader may not expect them, and they must never be renamed or removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.analysis.coverage import (
    CoveredConcept,
    Evidence,
    MissingConcept,
    RedFlagHit,
)
from desktop_app.core.analysis.delivery import Delivery
from desktop_app.core.analysis.follow_up import FollowUp
from desktop_app.core.analysis.hedges import Hedges
from desktop_app.core.analysis.pace import Pace, PaceWindow
from desktop_app.core.analysis.pauses import Pause, UnclearSpeech
from desktop_app.core.analysis.repetition import Repetition
from desktop_app.core.analysis.structure import Structure
from desktop_app.core.analysis.timing import TimingResult
from desktop_app.core.transcript import Transcript

REPORT_VERSION = 1


def _t(seconds: float) -> float:
    return round(float(seconds), 3)


def _num(d: dict[str, Any], key: str, default: float = 0.0) -> float:
    value = d.get(key)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else default


def _int(d: dict[str, Any], key: str, default: int = 0) -> int:
    value = d.get(key)
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else default


def _str(d: dict[str, Any], key: str, default: str = "") -> str:
    value = d.get(key)
    return value if isinstance(value, str) else default


def _dict(d: Any, key: str) -> dict[str, Any]:
    value = d.get(key) if isinstance(d, dict) else None
    return value if isinstance(value, dict) else {}


def _dicts(d: Any, key: str | None = None) -> list[dict[str, Any]]:
    value = d if key is None else d.get(key) if isinstance(d, dict) else None
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


@dataclass(frozen=True)
class FillerItem:
    text: str
    start: float
    end: float
    kind: str  # "lexical" or "filled_pause"
    word_index: int | None = None  # lexical only: index into transcript words
    words: int = 0

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "start": _t(self.start),
            "kind": self.kind,
            "end": _t(self.end),  # extra
        }
        if self.word_index is not None:
            d["word_index"] = self.word_index  # extra
            d["words"] = self.words  # extra
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FillerItem:
        start = _num(d, "start")
        index = d.get("word_index")
        return cls(
            text=_str(d, "text"),
            start=start,
            end=_num(d, "end", start),
            kind=_str(d, "kind", "lexical"),
            word_index=index if isinstance(index, int) and not isinstance(index, bool) else None,
            words=_int(d, "words"),
        )


@dataclass(frozen=True)
class Finding:
    area: str  # timing, pace, pauses, fillers, coverage, red_flags, structure, delivery,
    # hedges, repetition, transcript, recording
    level: str  # "good", "note" or "warn"
    message: str
    advice: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "area": self.area,
            "level": self.level,
            "message": self.message,
            "advice": self.advice,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        return cls(_str(d, "area"), _str(d, "level", "note"), _str(d, "message"),
                   _str(d, "advice"))


@dataclass(frozen=True)
class Report:
    bank_id: str
    stage_id: str
    question_id: str
    prompt: str
    timing: TimingResult
    pace: Pace
    targets: dict[str, float]
    start_latency_s: float
    pauses: list[Pause]
    fillers: list[FillerItem]
    fillers_per_minute: float
    covered: list[CoveredConcept]
    missing: list[MissingConcept]
    red_flags: list[RedFlagHit]
    transcript: Transcript
    audio_analysed: bool
    hotwords: list[str] = field(default_factory=list)
    uncertain_probability: float = 0.0  # words under this probability are uncertain
    # Where the pauses came from: "voice" (voice activity), "audio" (frame energy) or
    # "words" (word timestamps); "" in reports made before it was recorded.
    pauses_from: str = ""
    findings: list[Finding] = field(default_factory=list)
    follow_up: FollowUp | None = None  # the interviewer's follow-up to this answer
    delivery: Delivery | None = None  # pitch and loudness; None for reports made before
    hedges: Hedges | None = None
    repetition: Repetition | None = None
    structure: Structure | None = None
    # The speaker's voice where no word was recognised, too long for a hesitation sound.
    unclear_speech: list[UnclearSpeech] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        by_text: dict[str, int] = {}
        for f in self.fillers:
            key = f.text if f.kind == "lexical" else "(filled pause)"
            by_text[key] = by_text.get(key, 0) + 1
        return {
            "question": {
                "bank": self.bank_id,
                "stage": self.stage_id,
                "id": self.question_id,
                "prompt": self.prompt,  # extra
            },
            "timing": {
                "used_s": _t(self.timing.used_s),
                "green_s": self.timing.green_s,
                "yellow_s": self.timing.yellow_s,
                "red_s": self.timing.red_s,
                "zone": self.timing.zone,
                "overtime_s": _t(self.timing.overtime_s),
            },
            "pace": _pace_json(self.pace, self.targets),
            "start_latency_s": _t(self.start_latency_s),
            "pauses": [
                {
                    "start": _t(p.start),
                    "end": _t(p.end),
                    "duration_s": _t(p.duration_s),
                    "source": p.source,  # extra: "voice", "audio" or "words"
                }
                for p in self.pauses
            ],
            "unclear_speech": [  # extra
                {"start": _t(u.start), "end": _t(u.end), "duration_s": _t(u.duration_s)}
                for u in self.unclear_speech
            ],
            "fillers": {
                "count": len(self.fillers),
                "per_minute": round(self.fillers_per_minute, 2),
                "items": [f.to_dict() for f in self.fillers],
                "by_text": by_text,  # extra
            },
            "coverage": _coverage_json(self.covered, self.missing),
            "red_flags": [_red_flag_json(r) for r in self.red_flags],
            "findings": [f.to_dict() for f in self.findings],  # extra
            "follow_up": self.follow_up.to_dict() if self.follow_up else None,  # extra
            "delivery": self.delivery.to_dict() if self.delivery else None,  # extra
            "hedges": self.hedges.to_dict() if self.hedges else None,  # extra
            "repetition": self.repetition.to_dict() if self.repetition else None,  # extra
            "structure": self.structure.to_dict() if self.structure else None,  # extra
            "analysis": {  # extra
                "version": REPORT_VERSION,
                "audio_analysed": self.audio_analysed,
                "hotwords": list(self.hotwords),
                "uncertain_probability": self.uncertain_probability,
                "pauses_from": self.pauses_from,
            },
            "transcript": self.transcript.to_dict(),
        }


    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        """The report ``to_dict`` wrote (``from_dict(r.to_dict()).to_dict() == r.to_dict()``);
        missing or malformed sections read as empty."""
        if not isinstance(d, dict):  # a damaged row that is JSON but not an object
            d = {}
        question = _dict(d, "question")
        pace = _dict(d, "pace")
        fillers = _dict(d, "fillers")
        coverage = _dict(d, "coverage")
        analysis = _dict(d, "analysis")
        details = {m.get("concept"): m for m in _dicts(coverage, "missing_detail")}
        missing = [str(m) for m in coverage.get("missing", []) if isinstance(m, str)] \
            if isinstance(coverage.get("missing"), list) else []
        return cls(
            bank_id=_str(question, "bank"),
            stage_id=_str(question, "stage"),
            question_id=_str(question, "id"),
            prompt=_str(question, "prompt"),
            timing=_timing_from(_dict(d, "timing")),
            pace=_pace_from(pace),
            targets={k: float(v) for k, v in _dict(pace, "target").items()
                     if isinstance(v, int | float)},
            start_latency_s=_num(d, "start_latency_s"),
            pauses=[Pause(_num(p, "start"), _num(p, "end"), _str(p, "source", "words"))
                    for p in _dicts(d, "pauses")],
            fillers=[FillerItem.from_dict(f) for f in _dicts(fillers, "items")],
            fillers_per_minute=_num(fillers, "per_minute"),
            covered=[_covered_from(c) for c in _dicts(coverage, "covered")],
            missing=[MissingConcept(m, _str(details.get(m, {}), "label", m),
                                    _str(details.get(m, {}), "explain")) for m in missing],
            red_flags=[_red_flag_from(r) for r in _dicts(d, "red_flags")],
            transcript=Transcript.from_dict(_dict(d, "transcript")),
            audio_analysed=bool(analysis.get("audio_analysed", False)),
            hotwords=[str(h) for h in analysis.get("hotwords", []) if isinstance(h, str)]
            if isinstance(analysis.get("hotwords"), list) else [],
            uncertain_probability=_num(analysis, "uncertain_probability"),
            pauses_from=_str(analysis, "pauses_from"),
            findings=[Finding.from_dict(f) for f in _dicts(d, "findings")],
            follow_up=_follow_up_from(d.get("follow_up")),
            delivery=Delivery.from_dict(d.get("delivery")),
            hedges=Hedges.from_dict(d.get("hedges")),
            repetition=Repetition.from_dict(d.get("repetition")),
            structure=Structure.from_dict(d.get("structure")),
            unclear_speech=[UnclearSpeech(_num(u, "start"), _num(u, "end"))
                            for u in _dicts(d, "unclear_speech")],
        )

    @property
    def expected_concepts(self) -> int:
        return len(self.covered) + len(self.missing)

    @property
    def coverage_pct(self) -> float | None:
        """Covered / expected concepts, 0..100; None when the question expects none."""
        total = self.expected_concepts
        return 100.0 * len(self.covered) / total if total else None


def _pace_json(pace: Pace, targets: dict[str, float]) -> dict[str, Any]:
    return {
        "words": pace.words,
        "wpm": round(pace.wpm, 1),
        "articulation_wpm": round(pace.articulation_wpm, 1),
        "verdict": pace.verdict,
        "windows": [
            {
                "start": _t(w.start),
                "end": _t(w.end),
                "wpm": round(w.wpm, 1),
                "words": w.words,  # extra
                "verdict": w.verdict,  # extra
                "rushing": w.rushing,  # extra
            }
            for w in pace.windows
        ],
        "speaking_s": _t(pace.speaking_s),  # extra
        "paused_s": _t(pace.paused_s),  # extra
        "target": dict(targets),  # extra: slow_wpm, fast_wpm, rushing_wpm
    }


def _evidence_json(e: Evidence) -> dict[str, Any]:
    return {
        "text": e.text,
        "start": _t(e.start),
        "end": _t(e.end),  # extra
        "term": e.term,  # extra
        "fuzzy": e.fuzzy,  # extra
        "word_index": e.word_index,  # extra
        "words": e.words,  # extra
        "uncertain": e.uncertain,  # extra
    }


def _coverage_json(covered: list[CoveredConcept],
                   missing: list[MissingConcept]) -> dict[str, Any]:
    return {
        "covered": [
            {
                "concept": c.concept,
                "label": c.label,  # extra
                "evidence": [_evidence_json(e) for e in c.evidence],
                "uncertain": c.uncertain,  # extra
            }
            for c in covered
        ],
        "missing": [m.concept for m in missing],
        "missing_detail": [  # extra
            {"concept": m.concept, "label": m.label, "explain": m.explain} for m in missing
        ],
    }


def _red_flag_json(r: RedFlagHit) -> dict[str, Any]:
    return {
        "flag": r.flag,
        "text": r.text,
        "start": _t(r.start),
        "label": r.label,  # extra
        "advice": r.advice,  # extra
        "end": _t(r.end),  # extra
        "word_index": r.word_index,  # extra
        "words": r.words,  # extra
    }


def _timing_from(d: dict[str, Any]) -> TimingResult:
    return TimingResult(used_s=_num(d, "used_s"), green_s=_num(d, "green_s"),
                        yellow_s=_num(d, "yellow_s"), red_s=_num(d, "red_s"),
                        zone=_str(d, "zone"), overtime_s=_num(d, "overtime_s"))


def _pace_from(d: dict[str, Any]) -> Pace:
    windows = [PaceWindow(start=_num(w, "start"), end=_num(w, "end"), words=_int(w, "words"),
                          wpm=_num(w, "wpm"), verdict=_str(w, "verdict"),
                          rushing=bool(w.get("rushing", False)))
               for w in _dicts(d, "windows")]
    return Pace(words=_int(d, "words"), wpm=_num(d, "wpm"),
                articulation_wpm=_num(d, "articulation_wpm"), verdict=_str(d, "verdict"),
                windows=windows, speaking_s=_num(d, "speaking_s"), paused_s=_num(d, "paused_s"))


def _covered_from(d: dict[str, Any]) -> CoveredConcept:
    concept = _str(d, "concept")
    evidence = [Evidence(text=_str(e, "text"), start=_num(e, "start"),
                         end=_num(e, "end", _num(e, "start")), term=_str(e, "term"),
                         fuzzy=bool(e.get("fuzzy", False)),
                         word_index=_int(e, "word_index", -1), words=_int(e, "words", 1),
                         uncertain=bool(e.get("uncertain", False)))
                for e in _dicts(d, "evidence")]
    return CoveredConcept(concept, _str(d, "label", concept), evidence)


def _red_flag_from(d: dict[str, Any]) -> RedFlagHit:
    flag = _str(d, "flag")
    start = _num(d, "start")
    return RedFlagHit(flag=flag, label=_str(d, "label", flag), text=_str(d, "text"),
                      start=start, end=_num(d, "end", start), advice=_str(d, "advice"),
                      word_index=_int(d, "word_index", -1), words=_int(d, "words", 1))


def _follow_up_from(d: Any) -> FollowUp | None:
    """The stored follow-up; None for reports made before follow-ups, or a malformed one."""
    try:
        return FollowUp.from_dict(d) if isinstance(d, dict) else None
    except ValueError:
        return None
