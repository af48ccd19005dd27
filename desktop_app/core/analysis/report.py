"""The report: everything the analysis found, and its JSON form (DESIGN's report JSON).

Fields beyond DESIGN's (kept compatible: nothing renamed or removed) are marked "extra"
below; renderers and the review screen use them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.analysis.coverage import CoveredConcept, MissingConcept, RedFlagHit
from desktop_app.core.analysis.pace import Pace
from desktop_app.core.analysis.pauses import FilledPause, Pause
from desktop_app.core.analysis.timing import TimingResult
from desktop_app.core.transcript import Transcript

REPORT_VERSION = 1


def _t(seconds: float) -> float:
    return round(float(seconds), 3)


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


@dataclass(frozen=True)
class Finding:
    area: str  # timing, pace, pauses, fillers, coverage, red_flags
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
    findings: list[Finding] = field(default_factory=list)

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
            "pace": {
                "words": self.pace.words,
                "wpm": round(self.pace.wpm, 1),
                "articulation_wpm": round(self.pace.articulation_wpm, 1),
                "verdict": self.pace.verdict,
                "windows": [
                    {
                        "start": _t(w.start),
                        "end": _t(w.end),
                        "wpm": round(w.wpm, 1),
                        "words": w.words,  # extra
                        "verdict": w.verdict,  # extra
                        "rushing": w.rushing,  # extra
                    }
                    for w in self.pace.windows
                ],
                "speaking_s": _t(self.pace.speaking_s),  # extra
                "paused_s": _t(self.pace.paused_s),  # extra
                "target": dict(self.targets),  # extra: slow_wpm, fast_wpm, rushing_wpm
            },
            "start_latency_s": _t(self.start_latency_s),
            "pauses": [
                {
                    "start": _t(p.start),
                    "end": _t(p.end),
                    "duration_s": _t(p.duration_s),
                    "source": p.source,  # extra: "audio" or "words"
                }
                for p in self.pauses
            ],
            "fillers": {
                "count": len(self.fillers),
                "per_minute": round(self.fillers_per_minute, 2),
                "items": [f.to_dict() for f in self.fillers],
                "by_text": by_text,  # extra
            },
            "coverage": {
                "covered": [
                    {
                        "concept": c.concept,
                        "label": c.label,  # extra
                        "evidence": [
                            {
                                "text": e.text,
                                "start": _t(e.start),
                                "end": _t(e.end),  # extra
                                "term": e.term,  # extra
                                "fuzzy": e.fuzzy,  # extra
                                "word_index": e.word_index,  # extra
                                "words": e.words,  # extra
                                "uncertain": e.uncertain,  # extra
                            }
                            for e in c.evidence
                        ],
                        "uncertain": c.uncertain,  # extra
                    }
                    for c in self.covered
                ],
                "missing": [m.concept for m in self.missing],
                "missing_detail": [  # extra
                    {"concept": m.concept, "label": m.label, "explain": m.explain}
                    for m in self.missing
                ],
            },
            "red_flags": [
                {
                    "flag": r.flag,
                    "text": r.text,
                    "start": _t(r.start),
                    "label": r.label,  # extra
                    "advice": r.advice,  # extra
                    "end": _t(r.end),  # extra
                    "word_index": r.word_index,  # extra
                    "words": r.words,  # extra
                }
                for r in self.red_flags
            ],
            "findings": [f.to_dict() for f in self.findings],  # extra
            "analysis": {  # extra
                "version": REPORT_VERSION,
                "audio_analysed": self.audio_analysed,
                "hotwords": list(self.hotwords),
                "uncertain_probability": self.uncertain_probability,
            },
            "transcript": self.transcript.to_dict(),
        }


def filled_pause_items(filled: list[FilledPause], lexical: list[FillerItem]) -> list[FillerItem]:
    """Filled pauses that no lexical filler already accounts for."""
    out = []
    for fp in filled:
        if any(f.start - 0.2 < fp.end and fp.start < f.end + 0.2 for f in lexical):
            continue
        out.append(FillerItem("(filled pause)", fp.start, fp.end, "filled_pause"))
    return out
