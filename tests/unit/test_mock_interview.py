"""Mock interviews: one question per stage, in order, reproducible with a seed."""

from __future__ import annotations

import pytest

from desktop_app.core import paths
from desktop_app.core.banks.library import load_bank
from desktop_app.core.banks.model import Bank
from desktop_app.core.interview.mock_interview import MockInterview
from desktop_app.core.interview.timer import TimerState, Zone


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(paths.shipped_banks_dir() / "ai-lab-data-pm.toml")


def test_one_question_per_stage_in_order(bank: Bank) -> None:
    mock = MockInterview(bank, rng_seed=1)
    assert mock.total == 5
    assert [s.stage.id for s in mock.steps] == [
        "mission-screen", "case-study", "technical-deep-dive", "safety-ethics-simulation",
        "final-loop"]
    for step in mock.steps:
        assert step.question in step.stage.questions
        assert step.question.stage_id == step.stage.id
    assert [s.index for s in mock.steps] == [0, 1, 2, 3, 4]


def test_the_seed_makes_it_reproducible(bank: Bank) -> None:
    plans = {tuple(q.id for q in MockInterview(bank, rng_seed=seed).questions)
             for seed in range(20)}
    assert len(plans) > 10  # seeds give different interviews...
    again = MockInterview(bank, rng_seed=7).questions
    assert MockInterview(bank, rng_seed=7).questions == again  # ...and the same seed, the same


def test_avoid_recent_questions_while_others_remain(bank: Bank) -> None:
    first_stage = bank.stages[0]
    keep = first_stage.questions[-1]
    avoid = [q.id for q in first_stage.questions if q is not keep]
    for seed in range(10):
        assert MockInterview(bank, rng_seed=seed, avoid=avoid).steps[0].question == keep
    # All of a stage avoided: still one question from it.
    every = [q.id for q in first_stage.questions]
    assert MockInterview(bank, rng_seed=3, avoid=every).steps[0].stage == first_stage


def test_walk_record_skip_and_summary(bank: Bank) -> None:
    mock = MockInterview(bank, rng_seed=42)
    assert mock.progress.done == 0
    assert mock.progress.label == "Stage 1 of 5: Mission-alignment screen"
    first = mock.current
    assert first is not None and first.stage.id == "mission-screen"
    nxt = mock.record(75.0, answer_id=11)  # screen: green from 60 s
    assert nxt is mock.current and nxt is not None and nxt.stage.id == "case-study"
    assert mock.progress.label == "Stage 2 of 5: Data case study"
    mock.skip()
    mock.record(130.0)  # deep dive: green from 120 s, yellow from 180 s
    assert mock.next() is not None  # next() without recording counts as skipped
    assert mock.progress.done == 4
    summary = mock.summary()
    assert not summary.finished and [s.stage.id for s in summary.remaining] == ["final-loop"]
    mock.record(200.0)  # final loop: red from 180 s
    assert mock.is_finished and mock.current is None and mock.progress.label == "Finished"
    summary = mock.summary()
    assert summary.finished and summary.bank_id == "ai-lab-data-pm"
    assert [(r.step.stage.id, r.used_s, r.zone, r.skipped) for r in summary.results] == [
        ("mission-screen", 75.0, Zone.GREEN, False),
        ("case-study", None, None, True),
        ("technical-deep-dive", 130.0, Zone.GREEN, False),
        ("safety-ethics-simulation", None, None, True),
        ("final-loop", 200.0, Zone.RED, False),
    ]
    assert summary.results[0].answer_id == 11
    assert (summary.answered, summary.skipped, summary.in_time) == (3, 2, 2)
    assert summary.total_used_s == 405.0
    with pytest.raises(RuntimeError):
        mock.record(1.0)


def test_timer_for_the_current_question(bank: Bank) -> None:
    now = [500.0]
    mock = MockInterview(bank, rng_seed=0)
    timer = mock.timer(clock=lambda: now[0])
    assert timer.timing == mock.steps[0].question.timing
    timer.start()
    now[0] += 20  # the screen's prep
    assert timer.state is TimerState.ANSWERING
    mock.record(timer.answer_elapsed_s)
    assert mock.timer().timing.prep_s == 90  # the case study's structuring time
