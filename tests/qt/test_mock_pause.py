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
