"""The follow-up fields of a bank: a concept's probe, a red flag's challenge, a stage's
follow_up_s; read when good, located when wrong, written for every shipped concept and flag."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core import paths
from desktop_app.core.banks.library import load_bank
from tests.support.banks import LINE, VALID_BANK, problem_lines, replace_line, write_bank

PROBE = 'probe = "How would you know where each training example came from?"'
CHALLENGE = 'challenge = "What would have to be true before you would ship?"'


def _with(changes: dict[int, str]) -> str:
    text = VALID_BANK
    for line in sorted(changes, reverse=True):  # bottom up: earlier lines keep their numbers
        text = replace_line(text, line, changes[line])
    return text


def _after(line: int, new: str) -> dict[int, str]:
    """Insert ``new`` after ``line`` (it lands on line + 1)."""
    return {line: VALID_BANK.split("\n")[line - 1] + "\n" + new}


def test_probe_challenge_and_follow_up_budget_are_read(tmp_path: Path) -> None:
    text = _with({**_after(LINE["provenance_explain"], PROBE),
                  **_after(LINE["red_flag"] + 3, CHALLENGE),
                  **_after(LINE["stage1_red"], "follow_up_s = 75")})
    path = write_bank(tmp_path, text)
    assert problem_lines(path) == []
    bank = load_bank(path)
    assert bank.concepts["provenance"].probe == (
        "How would you know where each training example came from?")
    assert bank.concepts["red_teaming"].probe == ""  # optional
    assert bank.red_flags["speed_over_safety"].challenge == (
        "What would have to be true before you would ship?")
    case_study, screen = bank.stages
    assert case_study.follow_up_s == 75 and case_study.follow_up_budget_s == 75
    # Not given: a third of the stage's red cue (120 s).
    assert screen.follow_up_s is None and screen.follow_up_budget_s == pytest.approx(40.0)


FU_LINE = LINE["stage1_red"] + 1
PROBE_LINE = LINE["provenance_explain"] + 1
CASES: dict[str, tuple[dict[int, str], list[tuple[int, str]]]] = {
    "a misspelt probe": (
        _after(LINE["provenance_explain"], 'prob = "Where from?"'),
        [(PROBE_LINE, "concept 'provenance': unknown key 'prob' — did you mean 'probe'?")],
    ),
    "a challenge on a concept": (
        _after(LINE["provenance_explain"], 'challenge = "Why?"'),
        [(PROBE_LINE, "concept 'provenance': unknown key 'challenge' (allowed: label, terms, "
                      "explain, probe)")],
    ),
    "a misspelt challenge": (
        _after(LINE["red_flag"] + 3, 'chalenge = "Why?"'),
        [(LINE["red_flag"] + 4,
          "red flag 'speed_over_safety': unknown key 'chalenge' — did you mean 'challenge'?")],
    ),
    "a probe that is not a string": (
        _after(LINE["provenance_explain"], "probe = 3"),
        [(PROBE_LINE, "concept 'provenance': 'probe' must be a string, not an integer")],
    ),
    "an empty probe": (
        _after(LINE["provenance_explain"], 'probe = "   "'),
        [(PROBE_LINE, "concept 'provenance': 'probe' is empty")],
    ),
    "an empty challenge": (
        _after(LINE["red_flag"] + 3, 'challenge = ""'),
        [(LINE["red_flag"] + 4, "red flag 'speed_over_safety': 'challenge' is empty")],
    ),
    "a challenge that is a list": (
        _after(LINE["red_flag"] + 3, 'challenge = ["Why?"]'),
        [(LINE["red_flag"] + 4,
          "red flag 'speed_over_safety': 'challenge' must be a string, not an array")],
    ),
    "follow_up_s as text": (
        _after(LINE["stage1_red"], 'follow_up_s = "90"'),
        [(FU_LINE, "stage 'case-study': 'follow_up_s' must be a number of seconds, "
                   "not a string")],
    ),
    "follow_up_s of zero": (
        _after(LINE["stage1_red"], "follow_up_s = 0"),
        [(FU_LINE, "stage 'case-study': 'follow_up_s' must be a positive number of seconds, "
                   "not '0'")],
    ),
    "follow_up_s past three hours": (
        _after(LINE["stage1_red"], "follow_up_s = 20000"),
        [(FU_LINE, "stage 'case-study': 'follow_up_s' = 20000 s is more than 3 hours; "
                   "is it a typo?")],
    ),
    "follow_up_s misspelt": (
        _after(LINE["stage1_red"], "followup_s = 60"),
        [(FU_LINE, "stage 'case-study': unknown key 'followup_s' — did you mean "
                   "'follow_up_s'?")],
    ),
    "follow_up_s on a question": (
        _after(LINE["q1_follow_ups"], "follow_up_s = 60"),
        [(LINE["q1_follow_ups"] + 1, "question 'cs-one': unknown key 'follow_up_s' — did you "
                                     "mean 'follow_ups'?")],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_wrong_follow_up_fields_are_located_and_named(tmp_path: Path, name: str) -> None:
    changes, expected = CASES[name]
    path = write_bank(tmp_path, _with(changes))
    assert problem_lines(path) == [f"{path}:{line}: {message}" for line, message in expected]


@pytest.mark.parametrize("name", ["ai-lab-data-pm.toml", "behavioural-star.toml"])
def test_every_shipped_concept_has_a_probe_and_every_red_flag_a_challenge(name: str) -> None:
    bank = load_bank(paths.shipped_banks_dir() / name)
    for concept in bank.concepts.values():
        assert concept.probe.endswith("?"), concept.id
    for flag in bank.red_flags.values():
        assert flag.challenge.endswith("?") or flag.challenge.endswith("."), flag.id
        assert len(flag.challenge) > 30, flag.id
    # Probes are asked aloud one at a time: each is its own, short enough to say in a breath.
    probes = [c.probe for c in bank.concepts.values()]
    assert len(set(probes)) == len(probes)
    assert all(len(p.split()) <= 25 for p in probes)
