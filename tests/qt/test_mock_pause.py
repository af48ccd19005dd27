"""Pausing a mock interview on Rehearse, and taking it up again where it was."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop_app.core.interview import mock_resume


def test_pause_then_mock_interview_resumes_at_the_same_stage(window: Any, qtbot: Any) -> None:
    view = window.page("rehearse")
    model = view.model
    model.start_mock(rng_seed=2)
    assert view.pause_mock_button.isVisible()
    view.next_question()  # stage 1 skipped
    questions = model.mock.questions
    assert model.mock.index == 1
    qtbot.mouseClick(view.pause_mock_button, Qt.MouseButton.LeftButton)
    assert model.mock is None and not view.mock_button.isChecked()
    assert not view.pause_mock_button.isVisible()
    assert mock_resume.resume_path().exists()
    qtbot.mouseClick(view.mock_button, Qt.MouseButton.LeftButton)
    assert model.mock is not None and model.mock.index == 1
    assert model.mock.questions == questions
    assert model.question is not None and model.question.id == questions[1].id
    assert window.banner.text.startswith("Your mock interview goes on where you left it: "
                                         "Stage 2 of 5")
    view.mock_button.setChecked(False)  # ended: nothing left to resume
    assert not mock_resume.resume_path().exists()


def test_closing_during_a_follow_up_keeps_it_with_its_stage(window: Any, qtbot: Any) -> None:
    from desktop_app.core.analysis.follow_up import FollowUp
    from desktop_app.ui.viewmodels.rehearsal import RehearsalModel

    view = window.page("rehearse")
    model = view.model
    model.start_mock(rng_seed=2)
    store = window.context.store()
    stage = model.mock.current.question
    first = int(store.create_answer(store.create_session("mock"), model.bank.id,
                                    stage.stage_id, stage.id, None))
    model.mock.record(30.0, first)  # stage 1 answered; its follow-up is being asked
    model.follow_up = (first, FollowUp("What would make you stop the launch?", "bank", None))
    model.toggle_answer()  # the follow-up's answer, recorded from the microphone
    qtbot.waitUntil(lambda: model.session is not None and model.session.answer_id is not None
                    and model.session.is_recording, timeout=20_000)
    follow_up_answer = model.session.answer_id
    view.prepare_to_close()  # what closing the window does
    again = RehearsalModel(window.context)
    again.load_banks()
    assert again.mock is not None and again.mock.index == 1  # stage 2 is next
    results = again.mock.summary().results
    assert results[0].answer_id == first
    assert results[0].follow_ups == (follow_up_answer,)
    again.stop_mock()
    # The finishing goes on after the close; here the app still runs: let it end.
    qtbot.waitUntil(lambda: model.session is None and not model.busy, timeout=120_000)
