"""The advice list: the analysis' findings (message and advice), worst first.

The analysis writes the sentences (report "findings"); this module orders them and adds
a marker per level, so the Review page reads like a short coaching note.
"""

from __future__ import annotations

from desktop_app.core.analysis.findings import importance
from desktop_app.core.analysis.report import Finding, Report

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
        items.append((text, where(report, f)))
    if not items:
        items.append(("●  No advice for this answer.", None))
    return items


def where(report: Report, finding: Finding) -> float | None:
    """Where in the answer a finding to work on happened, so its advice item plays from
    there like the coverage and findings items do: the red flag it names (else the first),
    the first filler or hedge, the longest pause, the first rushed stretch. None for
    praise and for findings about the whole answer (its length, concepts left out)."""
    if finding.level == "good":
        return None
    area = finding.area
    if area == "red_flags" and report.red_flags:
        named = [h for h in report.red_flags if h.label and h.label in finding.message]
        return (named or report.red_flags)[0].start
    if area == "fillers" and report.fillers:
        return report.fillers[0].start
    if area == "hedges" and report.hedges is not None and report.hedges.items:
        return report.hedges.items[0].start
    if area == "transcript" and report.unclear_speech:
        return report.unclear_speech[0].start
    if area == "pauses" and report.pauses:
        return max(report.pauses, key=lambda p: p.end - p.start).start
    if area == "pace":
        rushed = [w for w in report.pace.windows if w.rushing]
        return rushed[0].start if rushed else None
    return None
