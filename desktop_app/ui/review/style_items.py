"""Rows of the Findings list for the answer's manner: hedges, repeated phrases, monotone
and quiet stretches, trailing off; each with the time to play from."""

from __future__ import annotations

from desktop_app.core.analysis.figures import fmt_duration
from desktop_app.core.analysis.report import Report


def style_items(report: Report) -> list[tuple[str, float]]:
    """(text, start) in time order within each kind; none for a report made before."""
    out: list[tuple[str, float]] = []
    if report.hedges is not None:
        out += [(f"~  Hedge “{h.text}” at {fmt_duration(h.start)}", h.start)
                for h in report.hedges.items]
    if report.repetition is not None:
        out += [(f"↻  “{r.text}” said {r.count} times, first at {fmt_duration(r.starts[0])}",
                 r.starts[0]) for r in report.repetition.items if r.starts]
    delivery = report.delivery
    if delivery is not None and delivery.pitch is not None:
        out += [(f"≡  Monotone from {fmt_duration(m.start)} to {fmt_duration(m.end)}", m.start)
                for m in delivery.pitch.monotone]
    if delivery is not None and delivery.loudness is not None:
        out += [(f"▽  Too quiet from {fmt_duration(q.start)} to {fmt_duration(q.end)}", q.start)
                for q in delivery.loudness.quiet]
        out += [(f"↘  Trailed off at {fmt_duration(t)}", t)
                for t in delivery.loudness.trailing_at]
    return out
