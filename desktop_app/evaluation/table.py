"""The eval's figures as a plain-text table, one row per condition and one for overall."""

from __future__ import annotations

from typing import Any

COLUMNS = (  # (key, heading)
    ("wer", "WER"), ("wer_plain", "WER plain"), ("lost_sentences", "lost"),
    ("filler_precision", "filler P"), ("filler_recall", "filler R"),
    ("filled_pause_false_per_min", "false fp/min"), ("pause_hit_rate", "pauses"),
    ("concept_recall", "concept R"), ("concept_precision", "concept P"),
    ("red_flag_recall", "flag R"), ("red_flag_precision", "flag P"), ("seconds", "s"),
    ("cases", "cases"),
)


def _cell(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if key == "seconds":
        return f"{value:.0f}"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def format_table(result: dict[str, Any]) -> str:
    rows = [[c["name"], *(_cell(k, c.get(k)) for k, _ in COLUMNS)] for c in result["conditions"]]
    rows.append(["overall", *(_cell(k, result["overall"].get(k)) for k, _ in COLUMNS)])
    header = ["condition", *(h for _, h in COLUMNS)]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    out = [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    out.append("— : no cases of that kind in the condition. lost: sentences of which fewer "
               "than half the words were recognised; s: seconds taken.")
    return "\n".join(out) + "\n"
