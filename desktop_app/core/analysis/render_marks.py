"""Which transcript words each report item marks, shared by the Markdown and HTML views."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any


@dataclass
class WordMarks:
    words: list[str]
    starts: list[float]
    kinds: dict[int, set[str]] = field(default_factory=dict)  # "filler", "concept", "flag"
    titles: dict[int, list[str]] = field(default_factory=dict)
    pauses_before: dict[int, list[float]] = field(default_factory=dict)  # durations
    filled_before: dict[int, list[float]] = field(default_factory=dict)

    def mark(self, first: int, count: int, kind: str, title: str) -> None:
        for k in range(first, min(len(self.words), first + max(1, count))):
            self.kinds.setdefault(k, set()).add(kind)
            self.titles.setdefault(k, []).append(title)

    def index_at(self, t: float) -> int:
        """The first word starting at or after ``t`` (len(words) when none)."""
        return bisect.bisect_left(self.starts, t - 1e-3)


def _span(item: dict[str, Any], marks: WordMarks) -> tuple[int, int] | None:
    if isinstance(item.get("word_index"), int):
        return item["word_index"], int(item.get("words", 1) or 1)
    if "start" not in item:
        return None
    i = marks.index_at(float(item["start"]))
    return (i, 1) if i < len(marks.words) else None


def word_marks(report: dict[str, Any]) -> WordMarks:
    transcript = report.get("transcript", {})
    ws = [w for s in transcript.get("segments", []) for w in s.get("words", [])]
    marks = WordMarks([str(w.get("word", "")) for w in ws], [float(w.get("start", 0)) for w in ws])
    for item in report.get("fillers", {}).get("items", []):
        if item.get("kind") == "filled_pause":
            i = marks.index_at(float(item["start"]))
            dur = float(item.get("end", item["start"])) - float(item["start"])
            marks.filled_before.setdefault(i, []).append(dur)
            continue
        span = _span(item, marks)
        if span:
            marks.mark(*span, "filler", f"filler: {item.get('text', '')}")
    for concept in report.get("coverage", {}).get("covered", []):
        for ev in concept.get("evidence", []):
            span = _span(ev, marks)
            if span:
                marks.mark(*span, "concept", f"concept: {concept.get('label', concept['concept'])}")
    for flag in report.get("red_flags", []):
        span = _span(flag, marks)
        if span:
            marks.mark(*span, "flag", f"red flag: {flag.get('label', flag.get('flag', ''))}")
    for p in report.get("pauses", []):
        i = marks.index_at(float(p["start"]))
        marks.pauses_before.setdefault(i, []).append(float(p.get("duration_s", 0)))
    return marks
