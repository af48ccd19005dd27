"""Reports for people: Markdown and a self-contained HTML page, from the report dict.

Both take the report JSON (``Report.to_dict()``, or one loaded from the store), so a
stored report renders the same way years later. The HTML page lives in render_html.py.
"""

from __future__ import annotations

from typing import Any

from desktop_app.core.analysis.render_html import render_html
from desktop_app.core.analysis.render_marks import word_marks
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


def render_markdown(report: dict[str, Any]) -> str:
    q = report.get("question", {})
    t = report.get("timing", {})
    pace = report.get("pace", {})
    fillers = report.get("fillers", {})
    cov = report.get("coverage", {})
    pauses = report.get("pauses", [])
    flags = report.get("red_flags", [])
    lines = [f"# Answer report: {_md(q.get('id', ''))}", ""]
    if q.get("prompt"):
        lines += [f"> {_md(q['prompt'])}", ""]
    lines += [f"Bank `{q.get('bank', '')}`, stage `{q.get('stage', '')}`.", ""]
    n_expected = len(cov.get("covered", [])) + len(cov.get("missing", []))
    lines += [
        "| Measure | Value |",
        "|---|---|",
        f"| Time used | {mmss(t.get('used_s', 0))} ({_ZONE_WORDS.get(t.get('zone', ''), '')}; "
        f"green {mmss(t.get('green_s', 0))}, red {mmss(t.get('red_s', 0))}) |",
        f"| Pace | {pace.get('wpm', 0):.0f} wpm ({pace.get('verdict', '')}); "
        f"{pace.get('articulation_wpm', 0):.0f} wpm without pauses |",
        f"| Words | {pace.get('words', 0)} |",
        f"| Start latency | {report.get('start_latency_s', 0):.1f} s |",
        f"| Pauses | {len(pauses)} |",
        f"| Fillers | {fillers.get('count', 0)} ({fillers.get('per_minute', 0):.1f}/min) |",
        f"| Expected concepts | {len(cov.get('covered', []))} of {n_expected} |",
        f"| Red flags | {len(flags)} |",
        "",
    ]
    findings = report.get("findings", [])
    if findings:
        lines += ["## Findings", ""]
        for f in findings:
            advice = f" — {_md(f['advice'])}" if f.get("advice") else ""
            lines.append(f"- {_LEVEL.get(f.get('level', ''), '•')} {_md(f['message'])}{advice}")
        lines.append("")
    lines += ["## Expected concepts", ""]
    for c in cov.get("covered", []):
        ev = "; ".join(f"“{_md(e['text'])}” at {mmss(e['start'])}" for e in c["evidence"][:3])
        lines.append(f"- [x] **{_md(c.get('label', c['concept']))}** — {ev}")
    details = {d["concept"]: d for d in cov.get("missing_detail", [])}
    for concept in cov.get("missing", []):
        d = details.get(concept, {})
        why = f" — {_md(d['explain'])}" if d.get("explain") else ""
        lines.append(f"- [ ] **{_md(d.get('label', concept))}**{why}")
    lines.append("")
    if flags:
        lines += ["## Red flags", ""]
        for r in flags:
            lines.append(
                f"- {mmss(r['start'])} “{_md(r['text'])}” ({_md(r.get('label', r['flag']))})"
                + (f" — {_md(r['advice'])}" if r.get("advice") else "")
            )
        lines.append("")
    windows = pace.get("windows", [])
    if windows:
        lines += ["## Pace over time", "", "| From | To | wpm | |", "|---|---|---|---|"]
        for w in windows:
            mark = "rushing" if w.get("rushing") else w.get("verdict", "")
            lines.append(f"| {mmss(w['start'])} | {mmss(w['end'])} | {w['wpm']:.0f} | {mark} |")
        lines.append("")
    if pauses:
        lines += ["## Pauses", ""]
        lines += [f"- {mmss(p['start'])}: {p['duration_s']:.1f} s" for p in pauses]
        lines.append("")
    if fillers.get("items"):
        lines += ["## Fillers", ""]
        lines += [f"- {mmss(i['start'])} {_md(i['text'])}" for i in fillers["items"]]
        lines.append("")
    lines += ["## Transcript", "", _transcript_md(report), ""]
    return "\n".join(lines)


def _transcript_md(report: dict[str, Any]) -> str:
    marks = word_marks(report)
    out: list[str] = []
    for i, word in enumerate(marks.words):
        for p in marks.pauses_before.get(i, []):
            out.append(f"*[pause {p:.1f} s]*")
        for fp in marks.filled_before.get(i, []):
            out.append(f"*[filled pause {fp:.1f} s]*")
        text = _md(word)
        kinds = marks.kinds.get(i, set())
        if "filler" in kinds:
            text = f"~~{text}~~"
        if "flag" in kinds or "concept" in kinds:
            text = f"**{text}**"
        out.append(text)
    for fp in marks.filled_before.get(len(marks.words), []):
        out.append(f"*[filled pause {fp:.1f} s]*")
    return " ".join(out) if out else "_(no words recognised)_"
