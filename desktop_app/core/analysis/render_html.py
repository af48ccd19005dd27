"""The HTML report: one self-contained page (inline CSS and SVG, no script, no assets)."""

from __future__ import annotations

from html import escape
from typing import Any

from desktop_app.core.analysis.render_marks import word_marks
from desktop_app.core.analysis.render_style import style_html
from desktop_app.core.analysis.report import Report
from desktop_app.core.durations import mmss

_ZONE_COLOURS = {
    "under": "#7a869a",
    "green": "#2e7d32",
    "yellow": "#b58100",
    "red": "#c62828",
    "overtime": "#6a1b9a",
}
_ZONE_TEXT = {
    "under": "Under time",
    "green": "Green",
    "yellow": "Yellow",
    "red": "Red",
    "overtime": "Overtime",
}
_LEVEL_ICON = {"good": "✓", "note": "•", "warn": "!"}

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2433;
background:#f5f6f8;margin:0}
main{max-width:1000px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px}
.meta{color:#5b6475;font-size:13px}.prompt{font-size:16px;margin:8px 0 16px;color:#2b3345}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.card{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:10px 12px}
.card b{display:block;font-size:20px}.card span{color:#5b6475;font-size:12px}
.zone{display:inline-block;color:#fff;border-radius:4px;padding:1px 8px;font-size:13px}
section{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:4px 16px 12px;
margin-top:16px}
ul.findings,ul.check{list-style:none;padding:0;margin:0}
ul.findings li,ul.check li{padding:6px 0;border-bottom:1px solid #eef0f4}
.lvl{display:inline-block;width:20px;height:20px;border-radius:10px;text-align:center;
color:#fff;font-weight:bold;font-size:13px;line-height:20px;margin-right:6px}
.good{background:#2e7d32}.note{background:#5b6bc0}.warn{background:#d84315}
.advice{color:#4a5568;margin-left:26px;font-size:14px}
.yes{color:#2e7d32;font-weight:bold}.no{color:#c62828;font-weight:bold}
.why{color:#4a5568;font-size:14px;margin-left:22px}
.transcript{line-height:2.1;font-size:16px}
.w-filler{background:#ffe0b2;border-radius:3px;padding:0 2px}
.w-concept{background:#c8e6c9;border-bottom:2px solid #2e7d32;border-radius:3px;padding:0 2px}
.w-flag{background:#ffcdd2;border-bottom:2px solid #c62828;border-radius:3px;padding:0 2px}
.chip{display:inline-block;font-size:12px;border-radius:10px;padding:0 7px;margin:0 3px;
line-height:18px;vertical-align:middle}
.c-pause{background:#e3e8f4;color:#34406b}.c-unclear{background:#eeeeee;color:#555555}.c-filled{background:#ffe0b2;color:#8a4b00;
border:1px dashed #e08a00}
.legend span{margin-right:14px;font-size:13px}
svg text{font:11px system-ui,sans-serif;fill:#5b6475}
table.style{border-collapse:collapse;width:100%}table.style th{text-align:left;
font-weight:600;padding:5px 12px 5px 0;width:170px;vertical-align:top}
table.style td,table.style th{border-bottom:1px solid #eef0f4;padding-top:5px}
"""


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def figure_cards(report: Report, zone_label: str) -> list[tuple[str, str]]:
    """The report's headline figures as (value, label) pairs, for the HTML and PDF reports.
    ``zone_label`` is the (already escaped) markup naming the timing zone."""
    pace = report.pace
    return [
        (mmss(report.timing.used_s), f"time used {zone_label}"),
        (f"{pace.wpm:.0f} wpm", f"pace: {_e(pace.verdict)}"),
        (f"{pace.articulation_wpm:.0f} wpm", "without pauses"),
        (str(len(report.fillers)), f"fillers ({report.fillers_per_minute:.1f}/min)"),
        (str(len(report.pauses)), "long pauses"),
        (f"{report.start_latency_s:.1f} s", "before the first word"),
        (f"{len(report.covered)}/{report.expected_concepts}", "expected concepts"),
        (str(len(report.red_flags)), "red flags"),
    ]


def _cards(report: Report) -> str:
    zone = report.timing.zone
    badge = (
        f'<span class="zone" style="background:{_ZONE_COLOURS.get(zone, "#555")}">'
        f"{_e(_ZONE_TEXT.get(zone, zone))}</span>"
    )
    cards = figure_cards(report, badge)
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card"><b>{_e(v)}</b><span>{label}</span></div>' for v, label in cards
        )
        + "</div>"
    )


def _findings(report: Report) -> str:
    items = []
    for f in report.findings:
        advice = f'<div class="advice">{_e(f.advice)}</div>' if f.advice else ""
        items.append(
            f'<li><span class="lvl {_e(f.level)}">{_LEVEL_ICON.get(f.level, "•")}</span>'
            f"{_e(f.message)}{advice}</li>"
        )
    return f'<ul class="findings">{"".join(items)}</ul>' if items else "<p>No findings.</p>"


def _coverage(report: Report) -> str:
    rows = []
    for c in report.covered:
        ev = "; ".join(f"“{_e(e.text)}” at {mmss(e.start)}" for e in c.evidence[:3])
        rows.append(f'<li><span class="yes">✓</span> <b>{_e(c.label or c.concept)}</b>'
                    f" — said {ev}</li>")
    for m in report.missing:
        why = f'<div class="why">Why it matters: {_e(m.explain)}</div>' if m.explain else ""
        rows.append(f'<li><span class="no">✗</span> <b>{_e(m.label or m.concept)}</b>'
                    f" — not mentioned{why}</li>")
    return f'<ul class="check">{"".join(rows)}</ul>' if rows else "<p>No expected concepts.</p>"


def _pace_svg(report: Report) -> str:
    windows = report.pace.windows
    if not windows:
        return "<p>Not enough speech to chart the pace.</p>"
    target = report.targets
    slow = float(target.get("slow_wpm", 110))
    fast = float(target.get("fast_wpm", 170))
    rushing = float(target.get("rushing_wpm", 190))
    w, h, left, bottom, top = 900, 240, 44, 28, 12
    t0 = 0.0
    t1 = max(windows[-1].end, report.timing.used_s, 1.0)
    vmax = max(220.0, rushing + 20, *(win.wpm + 20 for win in windows))

    def x(t: float) -> float:
        return left + (t - t0) / (t1 - t0) * (w - left - 10)

    def y(v: float) -> float:
        return top + (1 - v / vmax) * (h - top - bottom)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" '
        'role="img" aria-label="Pace over time in words per minute">'
    ]
    parts.append(
        f'<rect x="{left}" y="{y(fast):.1f}" width="{w - left - 10}" '
        f'height="{y(slow) - y(fast):.1f}" fill="#c8e6c9" opacity="0.7"/>'
    )
    parts.append(
        f'<text x="{left + 6}" y="{y(fast) + 13:.1f}" style="fill:#1b5e20">target '
        f"{slow:.0f}–{fast:.0f} wpm</text>"
    )
    parts.append(
        f'<line x1="{left}" x2="{w - 10}" y1="{y(rushing):.1f}" y2="{y(rushing):.1f}" '
        'stroke="#c62828" stroke-dasharray="5 4"/>'
    )
    parts.append(
        f'<text x="{w - 12}" y="{y(rushing) - 4:.1f}" text-anchor="end" '
        f'style="fill:#c62828">rushing &gt; {rushing:.0f}</text>'
    )
    for v in range(0, int(vmax) + 1, 50):
        parts.append(
            f'<line x1="{left}" x2="{w - 10}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e6e9ef"/>'
        )
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v}</text>')
    for p in report.pauses:
        parts.append(
            f'<rect x="{x(p.start):.1f}" y="{top}" '
            f'width="{max(1.0, x(p.end) - x(p.start)):.1f}" '
            f'height="{h - top - bottom}" fill="#e3e8f4" opacity="0.8"/>'
        )
    for win in windows:
        colour = "#c62828" if win.rushing else "#3949ab"
        x0, x1 = x(win.start), x(win.end)
        inset = (x1 - x0) * 0.2
        parts.append(
            f'<rect x="{x0 + inset:.1f}" y="{y(win.wpm):.1f}" '
            f'width="{max(2.0, x1 - x0 - 2 * inset):.1f}" '
            f'height="{y(0) - y(win.wpm):.1f}" fill="{colour}" opacity="0.75">'
            f"<title>{mmss(win.start)}–{mmss(win.end)}: {win.wpm:.0f} wpm"
            "</title></rect>"
        )
        parts.append(
            f'<text x="{(x0 + x1) / 2:.1f}" y="{y(win.wpm) - 4:.1f}" '
            f'text-anchor="middle">{win.wpm:.0f}</text>'
        )
    for edge in (slow, fast):  # the target band's edges stay visible over the bars
        parts.append(
            f'<line x1="{left}" x2="{w - 10}" y1="{y(edge):.1f}" y2="{y(edge):.1f}" '
            'stroke="#2e7d32" stroke-width="1.5"/>'
        )
    step = max(10, int((t1 - t0) / 8 / 10 + 1) * 10)
    for t in range(0, int(t1) + 1, step):
        parts.append(f'<text x="{x(t):.1f}" y="{h - 8}" text-anchor="middle">{mmss(t)}</text>')
    parts.append(
        f'<line x1="{left}" x2="{w - 10}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#9aa3b2"/></svg>'
    )
    return "".join(parts)


def _transcript(report: Report) -> str:
    marks = word_marks(report)
    out: list[str] = []

    def chips(i: int) -> None:
        for d in marks.pauses_before.get(i, []):
            out.append(f'<span class="chip c-pause" title="silence">pause {d:.1f} s</span>')
        for d in marks.filled_before.get(i, []):
            out.append(
                f'<span class="chip c-filled" title="voiced sound where no word was '
                f'recognised">filled pause {d:.1f} s</span>'
            )
        for d in marks.unclear_before.get(i, []):
            out.append(
                f'<span class="chip c-unclear" title="speech the recogniser could not make '
                f'out">unclear speech {d:.1f} s</span>'
            )

    for i, word in enumerate(marks.words):
        chips(i)
        kinds = marks.kinds.get(i, set())
        if not kinds:
            out.append(_e(word))
            continue
        # Red flags outrank concepts, which outrank fillers, for the colour.
        cls = "w-flag" if "flag" in kinds else "w-concept" if "concept" in kinds else "w-filler"
        title = _e("; ".join(marks.titles.get(i, [])))
        out.append(f'<span class="{cls}" title="{title}">{_e(word)}</span>')
    chips(len(marks.words))
    return " ".join(out) if out else "<p>No words were recognised.</p>"


def follows_html(follows: str | None) -> str:
    """The line naming the question a follow-up answer followed ("" for a first answer)."""
    return f'<p class="meta">A follow-up to: {_e(follows)}</p>' if follows else ""


def render_html(report: Report, follows: str | None = None) -> str:
    """``follows``: for a follow-up answer, the question it followed."""
    legend = (
        '<p class="legend"><span><span class="w-filler">filler</span></span>'
        '<span><span class="chip c-filled">filled pause</span></span>'
        '<span><span class="chip c-pause">pause</span> silence of 1.5 s or more</span>'
        '<span><span class="w-concept">expected concept</span></span>'
        '<span><span class="w-flag">red flag</span></span></p>'
    )
    prompt = f'<p class="prompt">{_e(report.prompt)}</p>' if report.prompt else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Stagecoach report: {_e(report.question_id)}</title><style>{_CSS}</style></head>"
        f"<body><main><h1>Answer report</h1>"
        f'<div class="meta">Bank {_e(report.bank_id)} · stage {_e(report.stage_id)} · '
        f"question {_e(report.question_id)}</div>{follows_html(follows)}{prompt}"
        f"{_cards(report)}"
        f"<section><h2>Findings</h2>{_findings(report)}</section>"
        f"<section><h2>Expected concepts</h2>{_coverage(report)}</section>"
        f"{_follow_up(report)}"
        f"<section><h2>Pace over time</h2>{_pace_svg(report)}</section>"
        f"{style_html(report)}"
        f'<section><h2>Transcript</h2>{legend}<div class="transcript">{_transcript(report)}'
        "</div></section></main></body></html>\n"
    )


# The parts the PDF report lays out with Qt's simpler HTML (ui/report_pdf.py).
ZONE_COLOURS = _ZONE_COLOURS
ZONE_TEXT = _ZONE_TEXT
def _follow_up(report: Report) -> str:
    """What an interviewer would ask next, and why ('' when nothing is left to ask)."""
    fu = report.follow_up
    if fu is None:
        return ""
    return (f"<section><h2>The interviewer's follow-up</h2><blockquote>{_e(fu.text)}"
            f"</blockquote><p>Asked because {_e(fu.why)}.</p></section>")


escape_html = _e
findings_html = _findings
coverage_html = _coverage
pace_svg = _pace_svg
transcript_html = _transcript
