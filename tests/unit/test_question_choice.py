"""Choosing a question: words in any case or accent, a stage, not tried yet."""

from __future__ import annotations

from desktop_app.core.banks.library import find_bank
from desktop_app.core.question_choice import choose, question_tries


def test_filters_combine_and_tries_are_counted() -> None:
    bank = find_bank("ai-lab-data-pm")
    first, second = bank.all_questions()[:2]
    rows = question_tries(bank, [(first.id, 10.0), (first.id, 30.0), (second.id, 20.0),
                                 ("gone-from-the-bank", 5.0)])
    assert len(rows) == len(bank.all_questions())
    assert (rows[0].tries, rows[0].last_at) == (2, 30.0)
    assert {r.question.id for r in choose(rows, untried_only=True)}.isdisjoint(
        {first.id, second.id})
    stage = bank.stages[2]
    assert [r.question for r in choose(rows, stage_id=stage.id)] == list(stage.questions)
    word = "RLHF"
    found = choose(rows, "rlhf  dpo")
    assert found and all(word.lower() in r.question.prompt.lower() for r in found)
    assert choose(rows, "DPÖ rlhf") == found  # accents and case do not matter
    assert choose(rows, "rlhf zebra") == []
    assert choose(rows, stage.title.split()[0], stage_id=stage.id)  # the stage's name too
