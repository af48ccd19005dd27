"""The advice list: the analysis' findings (message and advice), worst first.

The analysis writes the sentences (report "findings"); this module orders them and adds
a marker per level, so the Review page reads like a short coaching note.
"""

from __future__ import annotations

from typing import Any

from desktop_app.core.analysis.findings import importance

LEVEL_MARK = {"warn": "▲", "note": "●", "good": "✓"}


def advice_items(report: dict[str, Any], concepts: dict[str, Any], flags: dict[str, Any],
                 analysis_settings: Any) -> list[tuple[str, float | None]]:
    """(text, start time or None) per finding; a report without findings gets none."""
    findings = [f for f in report.get("findings") or [] if isinstance(f, dict)]
    # Reports made before findings were ordered by importance get the same order here.
    findings.sort(key=lambda f: importance(str(f.get("level")), str(f.get("area"))))
    items: list[tuple[str, float | None]] = []
    for f in findings:
        mark = LEVEL_MARK.get(str(f.get("level")), "●")
        text = f"{mark}  {f.get('message', '')}"
        if f.get("advice"):
            text += f"\n     {f['advice']}"
        start = f.get("start")
        items.append((text, float(start) if isinstance(start, int | float) else None))
    if not items and report:
        items.append(("●  No advice for this answer.", None))
    return items
