"""The mock interview as a loop, Qt-free: follow-ups counted per stage, the place kept
across a restart, the interviewer's transitions, and a plain verdict per stage."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from desktop_app.core.analysis.follow_up import FollowUp
from desktop_app.core.analysis.report import Report
from desktop_app.core.banks.library import find_bank
from desktop_app.core.history import follow_ups
from desktop_app.core.history.store import Store
from desktop_app.core.interview import mock_resume
from desktop_app.core.interview.mock_interview import MockInterview, transition_line
from desktop_app.core.interview.scorecard import build_scorecard, render_markdown
from desktop_app.core.interview.stage_verdict import StageFacts, stage_verdict


def test_follow_ups_are_counted_with_the_stage_answered_last() -> None:
    bank = find_bank("ai-lab-data-pm")
    mock = MockInterview(bank, rng_seed=3, follow_ups=2)
    assert mock.follow_ups_left == 0  # nothing answered yet
    mock.record(80.0, 11)
    assert mock.follow_ups_left == 2
    mock.record_follow_up(12)
    mock.record_follow_up(13)
    assert mock.follow_ups_left == 0
    mock.skip()
    assert mock.follow_ups_left == 0
    with pytest.raises(RuntimeError):
        mock.record_follow_up(14)  # a skipped stage has nothing to follow up
    assert [r.follow_ups for r in mock.summary().results] == [(12, 13), ()]


def test_the_place_survives_a_restart(stagecoach_home: Path) -> None:
    bank = find_bank("ai-lab-data-pm")
    mock = MockInterview(bank, rng_seed=7, follow_ups=1)
    mock.session_id = 4
    mock.record(70.0, 21)
    mock.record_follow_up(22)
    mock.skip()
    mock_resume.save_mock(mock)
    path = mock_resume.resume_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    back = mock_resume.load_mock({bank.id: bank}.get)
    assert back is not None
    assert back.questions == mock.questions and back.index == 2 and back.session_id == 4
    assert back.summary().results == mock.summary().results
    assert back.max_follow_ups == 1 and back.current == mock.current
    # A finished interview leaves nothing to resume.
    while not back.is_finished:
        back.skip()
    mock_resume.save_mock(back)
    assert not path.exists() and mock_resume.load_mock({bank.id: bank}.get) is None


def test_a_paused_interview_that_no_longer_fits_is_set_aside(stagecoach_home: Path) -> None:
    bank = find_bank("ai-lab-data-pm")
    mock = MockInterview(bank, rng_seed=1)
    mock_resume.save_mock(mock)
    data = json.loads(mock_resume.resume_path().read_text(encoding="utf-8"))
    data["questions"][2] = "a-question-since-removed"
    mock_resume.resume_path().write_text(json.dumps(data), encoding="utf-8")
    assert mock_resume.load_mock({bank.id: bank}.get) is None
    assert not mock_resume.resume_path().exists()
    mock_resume.resume_path().write_text("{not json", encoding="utf-8")
    assert mock_resume.load_mock({bank.id: bank}.get) is None
    assert mock_resume.load_mock(lambda _bank_id: None) is None  # nothing left: still None


def test_the_interviewer_says_where_the_interview_goes() -> None:
    bank = find_bank("ai-lab-data-pm")
    steps = MockInterview(bank, rng_seed=2).steps
    assert [transition_line(s) for s in steps] == [
        "First, a mission-alignment screen.", "Next, a data case study.",
        "Next, a technical deep dive.", "Next, a safety and ethics simulation.",
        "Next, the final cross-functional loop."]


@pytest.mark.parametrize(("facts", "verdict", "reasons"), [
    (StageFacts(answered=False), "not yet", ("skipped",)),
    (StageFacts(True, "green", coverage_before=80.0, coverage_after=100.0,
                red_flags=("Trades safety for speed",), wpm=140.0, fillers_per_min=1.0),
     "not yet", ("said something a panel rejects (Trades safety for speed)",)),
    (StageFacts(True, "overtime", overtime_s=45.0, coverage_before=20.0, coverage_after=40.0),
     "not yet", ("covered only 40 % of the expected concepts, follow-ups included",
                 "ran 0:45 past the red cue")),
    (StageFacts(True, "green", coverage_before=60.0, coverage_after=100.0, wpm=150.0,
                fillers_per_min=4.5),
     "nearly", ("covered 60 % unprompted, 100 % after the follow-up",
                "4.5 fillers a minute")),
    (StageFacts(True, "red", coverage_before=100.0, coverage_after=100.0, wpm=190.0),
     "nearly", ("ran into the red zone", "spoke at 190 words a minute (fast)")),
    (StageFacts(True, "yellow", coverage_before=80.0, coverage_after=80.0, wpm=150.0,
                fillers_per_min=2.0),
     "ready", ("covered 80 % unprompted", "finished in the yellow zone", "no red flags")),
])
def test_each_stage_gets_a_plain_verdict_with_its_reasons(
        facts: StageFacts, verdict: str, reasons: tuple[str, ...]) -> None:
    result = stage_verdict(facts)
    assert (result.verdict, result.reasons) == (verdict, reasons)


def _report(covered: list[str], missing: list[str], zone: str = "green") -> Report:
    return Report.from_dict({
        "timing": {"used_s": 80.0, "zone": zone}, "pace": {"wpm": 140.0},
        "fillers": {"per_minute": 1.0},
        "coverage": {"covered": [{"concept": c} for c in covered], "missing": missing}})


def test_the_scorecard_counts_follow_ups_with_their_stage(stagecoach_home: Path) -> None:
    bank = find_bank("ai-lab-data-pm")
    stage = bank.stages[0]
    question = stage.questions[0]
    with Store() as store:
        session = store.create_session("mock")
        first = store.create_answer(session, bank.id, stage.id, question.id)
        store.mark_recorded(first, 80.0)
        store.save_report(first, _report(["bias", "provenance"], ["red_teaming", "pii"]))
        later = store.create_answer(session, bank.id, stage.id, question.id)
        store.mark_recorded(later, 20.0)
        follow_ups.link(store, later, first,
                        FollowUp("Who tries to break this?", "missing_concept", "red_teaming"))
        store.save_report(later, _report(["red_teaming"], ["pii"]))
        card = build_scorecard(store, bank, session)
    score = card.stages[0]
    # The follow-up did not replace the stage's answer: it is counted with it.
    assert (score.used_s, score.coverage_pct, score.follow_ups) == (80.0, 50.0, 1)
    assert score.coverage_after == pytest.approx(75.0)
    assert score.recovered == (bank.concepts["red_teaming"].label,)
    assert score.missed == (bank.concepts["pii"].label,)
    assert score.verdict.verdict == "nearly"
    assert score.verdict.reasons == ("covered 50 % unprompted, 75 % after the follow-up",)
    md = render_markdown(card)
    assert "| 50 % \u2192 75 % |" in md
    assert (f"- **{stage.title}**: Nearly: covered 50 % unprompted, 75 % after the "
            "follow-up.") in md
    assert f"- **{bank.stages[1].title}**: Not yet: skipped." in md
