"""How the bank checker words its problems: quoting, type names, seconds, suggestions."""

from __future__ import annotations

import difflib
import re
from typing import Any

# Whole-string patterns (used with fullmatch: "$" would accept a trailing newline).
BANK_ID = re.compile(r"[a-z0-9-]+")  # bank, stage and question ids
TERM_ID = re.compile(r"[a-z0-9_]+")  # concept and red-flag ids

def did_you_mean(word: str, choices: Any) -> str:
    """' — did you mean 'x'?' for a close match among ``choices``, else ''."""
    names = [str(c) for c in choices]
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if not close:
        lowered = {n.lower().replace("-", "_"): n for n in names}
        hit = lowered.get(word.lower().replace("-", "_"))
        close = [hit] if hit else []
    return f" — did you mean {quoted(close[0])}?" if close else ""


def quoted(value: str, limit: int = 60) -> str:
    """``value`` in quotes for a one-line message: control characters escaped, long cut."""
    short = value if len(value) <= limit else value[:limit] + "…"
    if short.isprintable():
        return f"'{short}'"
    return "'" + short.encode("unicode_escape").decode("ascii").replace("'", "\\'") + "'"


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date/time"


def fmt_seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def suggest_id(raw: str, pattern: re.Pattern[str]) -> str:
    """A valid id close to ``raw`` (lowercase, other characters replaced)."""
    sep = "_" if pattern is TERM_ID else "-"
    other = "-" if sep == "_" else "_"
    fixed = re.sub(r"[^a-z0-9" + re.escape(sep) + "]+", sep, raw.lower().replace(other, sep))
    fixed = re.sub(re.escape(sep) + "+", sep, fixed).strip(sep)
    return fixed
