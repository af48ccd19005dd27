"""A small valid bank for tests, with known line numbers, and helpers to write variants."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.banks.library import validate_bank_file

# Line numbers matter: tests locate problems on these lines (see the comments).
VALID_BANK = """\
id = "test-bank"
title = "Test bank"
description = "A bank for tests."

[concepts.provenance]
label = "Provenance"
terms = ["provenance", "lineage", "R L H F"]
explain = "Where data came from."

[concepts.red_teaming]
label = "Red teaming"
terms = ["red team"]

[red_flags.speed_over_safety]
label = "Speed over safety"
terms = ["move fast"]
advice = "Safety first."

[[stages]]
id = "case-study"
title = "Case study"
prep_s = 60
green_s = 240
yellow_s = 360
red_s = 480

[[stages.questions]]
id = "cs-one"
prompt = "Design a data strategy."
expects = ["provenance", "red_teaming"]
follow_ups = ["What would stop the launch?"]

[[stages.questions]]
id = "cs-two"
prompt = "Second question."
expects = [
  "provenance",
  "red_teaming",
]
green_s = 100

[[stages]]
id = "screen"
title = "Screen"
green_s = 60
yellow_s = 90
red_s = 120

[[stages.questions]]
id = "sc-one"
prompt = "Why us?"
"""
# Lines in VALID_BANK, for readable tests.
LINE = {
    "id": 1, "title": 2, "description": 3,
    "concept_provenance": 5, "provenance_terms": 7, "provenance_explain": 8,
    "concept_red_teaming": 10, "red_flag": 14, "red_flag_terms": 16,
    "stage1": 19, "stage1_id": 20, "stage1_prep": 22, "stage1_green": 23,
    "stage1_yellow": 24, "stage1_red": 25,
    "q1": 27, "q1_id": 28, "q1_prompt": 29, "q1_expects": 30, "q1_follow_ups": 31,
    "q2": 33, "q2_id": 34, "q2_prompt": 35, "q2_expects": 36, "q2_expects_0": 37,
    "q2_expects_1": 38, "q2_green": 40,
    "stage2": 42, "stage2_id": 43, "stage2_green": 45, "stage2_yellow": 46, "stage2_red": 47,
    "q3": 49, "q3_id": 50, "q3_prompt": 51,
}


def replace_line(text: str, line: int, new: str) -> str:
    """``text`` with 1-based ``line`` replaced by ``new`` (may hold several lines)."""
    lines = text.split("\n")
    lines[line - 1] = new
    return "\n".join(lines)


def write_bank(folder: Path, text: str | bytes, name: str = "bank.toml") -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problem_lines(path: Path) -> list[str]:
    return [str(p) for p in validate_bank_file(path)]
