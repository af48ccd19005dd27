"""The practice plan's benchmark: 1,000 answers made and graded as the app would."""

from __future__ import annotations

from desktop_app.bench.practice import BUDGET_MS, bench_plan


def test_the_plan_over_a_thousand_answers_is_quick() -> None:
    result = bench_plan(answers=1000, repeats=3)
    assert result["answers"] == 1000 and result["questions"] == 45
    assert result["due"] > 0  # a 90-day history leaves questions due
    # The budget is 50 ms; twice that while other tests share the two cores.
    assert 0 < result["plan_ms"] <= 2 * BUDGET_MS
