"""Reports for people: Markdown and a self-contained HTML page, from the typed report.

Both take a ``Report`` (a stored one comes back through ``Report.from_dict``, so a report
saved years ago renders the same way). The HTML page lives in render_html.py.
"""

from __future__ import annotations

from typing import Any

from desktop_app.core.analysis.render_html import render_html
from desktop_app.core.analysis.render_marks import WordMarks, word_marks
from desktop_app.core.analysis.render_style import style_markdown
from desktop_app.core.analysis.report import Report
from desktop_app.core.durations import mmss

__all__ = ["render_html", "render_markdown"]

_ZONE_WORDS = {
    "under": "under time",
    "green": "green — a good length",
    "yellow": "yellow — time to wrap up",
    "red": "red — past the limit",
    "overtime": "overtime",
}
_LEVEL = {"good": "✓", "note": "•", "warn": "⚠"}


def _md(text: Any) -> str:
    """Escape the characters Markdown would read as formatting."""
    out = str(text)
    for ch in "\\`*_[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out


def render_markdown(report: Report, follows: str | None = None) -> str:
    """``follows``: for a follow-up answer, the question it followed (the report's prompt
    is then the follow-up that was asked)."""
    t, pace, cov_n = report.timing, report.pace, len(report.covered)
    lines = [f"# Answer report: {_md(report.question_id)}", ""]
    if follows:
        lines += [f"A follow-up to: {_md(follows)}", ""]
    if report.prompt:
        lines += [f"> {_md(report.prompt)}", ""]
    lines += [f"Bank `{report.bank_id}`, stage `{report.stage_id}`.", ""]
    lines += [
        "| Measure | Value |",
        "|---|---|",
        f"| Time used | {mmss(t.used_s)} ({_ZONE_WORDS.get(t.zone, '')}; "
        f"green {mmss(t.green_s)}, red {mmss(t.red_s)}) |",
        f"| Pace | {pace.wpm:.0f} wpm ({pace.verdict}); "
        f"{pace.articulation_wpm:.0f} wpm without pauses |",
        f"| Words | {pace.words} |",
        f"| Start latency | {report.start_latency_s:.1f} s |",
        f"| Pauses | {len(report.pauses)} |",
        f"| Fillers | {len(report.fillers)} ({report.fillers_per_minute:.1f}/min) |",
        f"| Expected concepts | {cov_n} of {report.expected_concepts} |",
        f"| Red flags | {len(report.red_flags)} |",
        "",
    ]
    if report.findings:
        lines += ["## Findings", ""]
        for f in report.findings:
            advice = f" — {_md(f.advice)}" if f.advice else ""
            lines.append(f"- {_LEVEL.get(f.level, '•')} {_md(f.message)}{advice}")
        lines.append("")
    lines += ["## Expected concepts", ""]
    for c in report.covered:
        ev = "; ".join(f"“{_md(e.text)}” at {mmss(e.start)}" for e in c.evidence[:3])
        lines.append(f"- [x] **{_md(c.label or c.concept)}** — {ev}")
    for m in report.missing:
        why = f" — {_md(m.explain)}" if m.explain else ""
        lines.append(f"- [ ] **{_md(m.label or m.concept)}**{why}")
    lines.append("")
    if report.red_flags:
        lines += ["## Red flags", ""]
        for r in report.red_flags:
            lines.append(f"- {mmss(r.start)} “{_md(r.text)}” ({_md(r.label or r.flag)})"
                         + (f" — {_md(r.advice)}" if r.advice else ""))
        lines.append("")
    if report.follow_up is not None:  # what an interviewer would ask next, and why
        lines += ["## The interviewer's follow-up", "", f"> {_md(report.follow_up.text)}", "",
                  f"Asked because {_md(report.follow_up.why)}.", ""]
    lines += style_markdown(report, _md)
    if pace.windows:
        lines += ["## Pace over time", "", "| From | To | wpm | |", "|---|---|---|---|"]
        for w in pace.windows:
            mark = "rushing" if w.rushing else w.verdict
            lines.append(f"| {mmss(w.start)} | {mmss(w.end)} | {w.wpm:.0f} | {mark} |")
        lines.append("")
    if report.pauses:
        lines += ["## Pauses", ""]
        lines += [f"- {mmss(p.start)}: {p.duration_s:.1f} s" for p in report.pauses]
        lines.append("")
    if report.fillers:
        lines += ["## Fillers", ""]
        lines += [f"- {mmss(i.start)} {_md(i.text)}" for i in report.fillers]
        lines.append("")
    lines += ["## Transcript", "", _transcript_md(report), ""]
    return "\n".join(lines)


def _transcript_md(report: Report) -> str:
    marks = word_marks(report)
    out: list[str] = []
    for i, word in enumerate(marks.words):
        for p in marks.pauses_before.get(i, []):
            out.append(f"*[pause {p:.1f} s]*")
        out += _markers_md(marks, i)
        text = _md(word)
        kinds = marks.kinds.get(i, set())
        if "filler" in kinds:
            text = f"~~{text}~~"
        if "flag" in kinds or "concept" in kinds:
            text = f"**{text}**"
        out.append(text)
    out += _markers_md(marks, len(marks.words))
    return " ".join(out) if out else "_(no words recognised)_"


def _markers_md(marks: WordMarks, i: int) -> list[str]:
    """The filled pauses and unclear speech before word ``i``."""
    return ([f"*[filled pause {fp:.1f} s]*" for fp in marks.filled_before.get(i, [])]
            + [f"*[unclear speech {u:.1f} s]*" for u in marks.unclear_before.get(i, [])])
