"""The report's "Delivery and structure" section: rows shared by Markdown, HTML and PDF.

One list of (measure, value) rows from the typed report, so the three exports say the
same thing; the HTML page adds a pitch-over-time chart as inline SVG.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from desktop_app.core.analysis.delivery import Pitch
from desktop_app.core.analysis.report import Report
from desktop_app.core.durations import mmss

STAR_NAMES = ("situation", "task", "action", "result")


def _times(starts: tuple[float, ...] | list[float], limit: int = 4) -> str:
    return ", ".join(mmss(s) for s in starts[:limit]) + (" …" if len(starts) > limit else "")


def _spans(spans: list[tuple[float, float]]) -> str:
    return ", ".join(f"{mmss(a)}–{mmss(b)}" for a, b in spans[:4]) or "none"


def style_rows(report: Report) -> list[tuple[str, str]]:
    """(measure, value) rows; none for a report made before these measures."""
    rows: list[tuple[str, str]] = []
    d = report.delivery
    if d is not None:
        p = d.pitch
        if p is not None:
            rows.append(("Pitch", f"median {p.median_hz:.0f} Hz, range "
                                  f"{p.range_semitones:.1f} semitones, variation "
                                  f"{p.variation:.1f} semitones"))
            rows.append(("Monotone", _spans([(m.start, m.end) for m in p.monotone])))
        elif report.audio_analysed:
            rows.append(("Pitch", "no voice found in the recording"))
        if d.loudness is not None:
            rows.append(("Too quiet", _spans([(q.start, q.end) for q in d.loudness.quiet])))
            trailing = d.loudness.trailing_off
            rows.append(("Trailing off", f"{trailing} sentence{'' if trailing == 1 else 's'}"
                         + (f" ({_times(d.loudness.trailing_at)})" if trailing else "")))
    h = report.hedges
    if h is not None:
        counts: dict[str, int] = {}
        for item in h.items:
            counts[item.text] = counts.get(item.text, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])[:4]
        top = ", ".join(f"“{t}” ×{n}" for t, n in ranked)
        rows.append(("Hedges", f"{h.count} ({h.per_minute:.1f}/min)"
                     + (f": {top}" if top else "")))
    r = report.repetition
    if r is not None:
        rows.append(("Repeated phrases", "; ".join(
            f"“{i.text}” ×{i.count} ({_times(i.starts, 3)})" for i in r.items[:4]) or "none"))
    s = report.structure
    if s is not None:
        where = f" ({mmss(s.position_at)})" if s.position_at is not None else ""
        rows.append(("Answer first", ("yes" if s.answer_first else "no") + where))
        if s.promised is not None:
            rows.append(("Signposts", f"promised {s.promised}, delivered {s.delivered}"))
        elif s.signposts:
            rows.append(("Signposts", ", ".join(f"{p.text} {mmss(p.start)}"
                                                for p in s.signposts[:5])))
        if s.star is not None:
            rows.append(("STAR", ", ".join(
                f"{n.capitalize()} {'✓' if getattr(s.star, n) else '✗'}" for n in STAR_NAMES)))
        rows.append(("Closing", "a summary or decision" if s.closing else "trailed off"))
    return rows


def style_markdown(report: Report, md: Callable[[Any], str]) -> list[str]:
    """Markdown lines of the section (``md`` escapes a cell's text)."""
    rows = style_rows(report)
    if not rows:
        return []
    lines = ["## Delivery and structure", "", "| Measure | Value |", "|---|---|"]
    lines += [f"| {md(k)} | {md(v)} |" for k, v in rows]
    return [*lines, ""]


def style_html(report: Report) -> str:
    rows = style_rows(report)
    if not rows:
        return ""
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    chart = ""
    if report.delivery is not None and report.delivery.pitch is not None:
        chart = pitch_svg(report.delivery.pitch)
    return (f'<section><h2>Delivery and structure</h2>{chart}'
            f'<table class="style">{body}</table></section>')


def pitch_svg(pitch: Pitch, width: int = 900, height: int = 160) -> str:
    """The pitch contour as an inline SVG line, monotone stretches shaded."""
    if not pitch.contour:
        return ""
    end = max(t for t, _ in pitch.contour) + 1.0
    low = min(hz for _, hz in pitch.contour) * 0.9
    high = max(hz for _, hz in pitch.contour) * 1.1
    left, bottom = 40, height - 20

    def x(t: float) -> float:
        return left + (width - left - 10) * t / end

    def y(hz: float) -> float:
        return bottom - (bottom - 10) * (hz - low) / max(1e-6, high - low)

    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="Pitch over time in hertz">']
    for m in pitch.monotone:
        parts.append(f'<rect x="{x(m.start):.1f}" y="10" width="{x(m.end) - x(m.start):.1f}" '
                     f'height="{bottom - 10}" fill="#ffe9a8"><title>monotone '
                     f'{mmss(m.start)}–{mmss(m.end)}</title></rect>')
    path: list[str] = []
    previous = None
    for t, hz in pitch.contour:
        cmd = "M" if previous is None or t - previous > 1.5 else "L"  # a pause breaks it
        path.append(f"{cmd}{x(t):.1f},{y(hz):.1f}")
        previous = t
    parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="#3f51b5" '
                 f'stroke-width="1.6"/>')
    parts.append(f'<text x="2" y="{y(pitch.median_hz) + 4:.1f}">{pitch.median_hz:.0f} Hz</text>')
    parts.append(f'<text x="{left}" y="{height - 4}">0:00</text>'
                 f'<text x="{width - 40}" y="{height - 4}">{mmss(end)}</text></svg>')
    return "".join(parts)
