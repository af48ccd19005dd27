"""The few figures shown per answer (Review, History's columns, the mock summary), read
from the typed report, and how they are written as text.

Reading only: every number here was computed by the analysis; this is the one place that
picks them, so History's stored columns and Review's cards cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.analysis.report import Report
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
    def from_report(report: Report | None) -> Figures:
        """The figures as the report's JSON rounds them; all unknown without a report."""
        if report is None:
            return Figures(None, "", None, None, None, (), 0)
        return Figures(
            used_s=round(report.timing.used_s, 3),
            zone=report.timing.zone,
            wpm=round(report.pace.wpm, 1),
            fillers_per_min=round(report.fillers_per_minute, 2),
            coverage_pct=report.coverage_pct,
            missing=tuple(m.concept for m in report.missing),
            red_flags=len(report.red_flags),
        )


def fmt(value: float | None, digits: int = 0, suffix: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}{suffix}"


def fmt_duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return mmss(seconds)
