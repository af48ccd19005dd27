"""Grading analysed answers (real analyser reports) as FSRS ratings."""

from __future__ import annotations

from desktop_app.core.practice.grading import (
    AGAIN,
    EASY,
    GOOD,
    HARD,
    grade_report,
    parse_rating,
)
from tests.support.practice import STRONG, WEAK, report_for


def test_a_strong_answer_in_time_is_easy() -> None:
    grade = grade_report(report_for("cs-new-web-dataset", STRONG["cs-new-web-dataset"]))
    assert grade.rating == EASY, grade.reasons
    assert grade.missing == ()
    assert grade.score > 0.9


def test_two_red_flags_fail_whatever_was_covered() -> None:
    grade = grade_report(report_for("cs-new-web-dataset", WEAK["cs-new-web-dataset"]))
    assert grade.rating == AGAIN
    assert "provenance" in grade.covered
    assert "2 red flags" in grade.reasons


def test_one_red_flag_caps_a_full_answer_at_hard() -> None:
    text = STRONG["cs-new-web-dataset"] + " and honestly more data is always better"
    grade = grade_report(report_for("cs-new-web-dataset", text))
    assert grade.rating == HARD
    assert "a red flag" in grade.reasons


def test_a_full_answer_far_too_short_loses_one_step() -> None:
    grade = grade_report(report_for("cs-new-web-dataset", STRONG["cs-new-web-dataset"],
                                    used_s=60))
    assert grade.rating == GOOD
    assert "shorter than the green cue" in grade.reasons


def test_concepts_recovered_in_a_follow_up_count_half() -> None:
    parent = report_for("td-rlhf-vs-dpo", "RLHF trains a reward model on preferences")
    alone = grade_report(parent)
    follow_up = report_for("td-rlhf-vs-dpo", "DPO skips the reward model, and I would "
                           "watch labeler disagreement and data quality", used_s=40)
    helped = grade_report(parent, [follow_up])
    assert alone.rating == HARD  # 2 of 5
    assert set(helped.recovered) == {"dpo", "labeler_disagreement", "data_quality"}
    assert helped.missing == ()
    assert helped.rating == GOOD  # (2 + 3 × 0.5) / 5 = 70 %
    assert helped.score > alone.score


def test_grade_names_parse() -> None:
    assert [parse_rating(t) for t in ("again", "Hard", "GOOD", "4")] == [1, 2, 3, 4]
