"""The few figures the UI shows per answer, read from DESIGN's report JSON.

Reading only: every number here was computed by the analysis; this module picks the
fields and formats them, tolerating reports that lack a section (failed or partial).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.core.durations import mmss


@dataclass(frozen=True)
class Figures:
    used_s: float | None
    zone: str
    wpm: float | None
    fillers_per_min: float | None
    coverage_pct: float | None  # covered / expected concepts, 0..100
    missing: tuple[str, ...]
    red_flags: int

    @staticmethod
    def from_report(report: dict[str, Any] | None) -> Figures:
        report = report or {}
        timing = report.get("timing") or {}
        pace = report.get("pace") or {}
        fillers = report.get("fillers") or {}
        coverage = report.get("coverage") or {}
        covered = coverage.get("covered") or []
        missing = tuple(str(m) for m in coverage.get("missing") or [])
        expected = len(covered) + len(missing)
        return Figures(
            used_s=_num(timing.get("used_s")),
            zone=str(timing.get("zone") or ""),
            wpm=_num(pace.get("wpm")),
            fillers_per_min=_num(fillers.get("per_minute")),
            coverage_pct=(100.0 * len(covered) / expected) if expected else None,
            missing=missing,
            red_flags=len(report.get("red_flags") or []),
        )


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def fmt(value: float | None, digits: int = 0, suffix: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}{suffix}"


def fmt_duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return mmss(seconds)
