"""The advice list: the analysis' findings (message and advice), worst first.

The analysis writes the sentences (report "findings"); this module orders them and adds
a marker per level, so the Review page reads like a short coaching note.
"""

from __future__ import annotations

from desktop_app.core.analysis.findings import importance
from desktop_app.core.analysis.report import Report

LEVEL_MARK = {"warn": "▲", "note": "●", "good": "✓"}


def advice_items(report: Report | None) -> list[tuple[str, float | None]]:
    """(text, start time or None) per finding; a report without findings gets none."""
    if report is None:
        return []
    # Reports made before findings were ordered by importance get the same order here.
    findings = sorted(report.findings, key=lambda f: importance(f.level, f.area))
    items: list[tuple[str, float | None]] = []
    for f in findings:
        text = f"{LEVEL_MARK.get(f.level, '●')}  {f.message}"
        if f.advice:
            text += f"\n     {f.advice}"
        items.append((text, None))
    if not items:
        items.append(("●  No advice for this answer.", None))
    return items
