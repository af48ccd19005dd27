"""The keyboard contract: Space / N / R act, but not while a text field has focus;
every page is reachable and operable from the keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.ui.main_window import is_text_entry
from tests.support.qt import store_answer, timed_transcript


def test_n_moves_to_the_next_question(window: Any, qtbot: Any) -> None:
    view = window.page("rehearse")
    first = view.model.question.id
    qtbot.keyClick(view.answer_button, Qt.Key.Key_N)
    assert view.model.question.id != first
    assert view.question_card.prompt.text() == view.model.question.prompt


def test_r_without_an_answer_says_what_to_do(window: Any, qtbot: Any) -> None:
    view = window.page("rehearse")
    qtbot.keyClick(view.answer_button, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: "press Space" in view.status_label.text(), timeout=5000)
    assert window.current_page_key() == "rehearse"


def test_r_after_a_restart_reviews_the_newest_answer_in_history(window: Any,
                                                                qtbot: Any) -> None:
    ctx = window.context
    bank = ctx.bank("ai-lab-data-pm")
    older = store_answer(ctx.store(), bank, bank.stages[0].questions[0], timed_transcript())
    newest = store_answer(ctx.store(), bank, bank.stages[1].questions[0], timed_transcript())
    assert older != newest
    view = window.page("rehearse")
    assert view.model.last_answer_id is None  # nothing answered in this run
    qtbot.keyClick(view.answer_button, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: window.current_page_key() == "review", timeout=5000)
    assert window.page("review").answer_id == newest


def test_shortcuts_do_not_fire_while_typing(window: Any, qtbot: Any) -> None:
    settings = window.show_page("settings")
    settings.tabs.setCurrentIndex(2)
    edit = settings.feedback.fillers_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    question = window.page("rehearse").model.question.id
    qtbot.keyClicks(edit, "rn n")
    assert edit.toPlainText() == "rn n"
    assert window.current_page_key() == "settings"
    assert window.page("rehearse").model.question.id == question
    assert window.page("rehearse").model.session is None
    assert is_text_entry(edit)
    assert not is_text_entry(window.page("rehearse").answer_button)


def test_space_on_another_button_presses_that_button(window: Any, qtbot: Any) -> None:
    view = window.page("rehearse")
    card = view.question_card
    card.follow_up_button.setFocus()
    qtbot.waitUntil(card.follow_up_button.hasFocus, timeout=2000)
    qtbot.keyClick(card.follow_up_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: card.follow_ups_shown, timeout=2000)
    assert view.model.session is None  # the answer did not start


def test_tab_reaches_the_key_controls(window: Any, qtbot: Any) -> None:
    view = window.page("rehearse")
    view.answer_button.setFocus()
    seen = []
    for _ in range(12):
        focus = QApplication.focusWidget()
        seen.append(focus.accessibleName() if focus else "")
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    for name in ("Start answer", "Next question", "Question bank", "Interview stage"):
        assert name in seen, seen


def test_navigation_rail_buttons_are_named(window: Any) -> None:
    for key, button in window._nav_buttons.items():
        assert button.accessibleName() == key.capitalize()
        button.click()
        assert window.current_page_key() == key


def test_space_during_prep_starts_the_answer_whatever_has_focus(
        window: Any, qtbot: Any, no_audio_server: None) -> None:
    view = window.page("rehearse")
    question = view.model.question.id
    assert view.prep_button.isEnabled()
    qtbot.mouseClick(view.prep_button, Qt.MouseButton.LeftButton)
    # The interviewer reads the question first (silently here: no sound card), then prep.
    qtbot.waitUntil(lambda: view.model.clock.state == "prep", timeout=30000)
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, Qt.Key.Key_Space)
    # Space started the answer (no microphone here, so it ends in that sentence) and
    # did not press whichever button prep left the focus on.
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10000)
    assert "No microphone found" in window.banner.text
    assert view.model.question.id == question


def test_space_after_a_mock_answer_starts_the_next_stage_not_the_review(
        window: Any, qtbot: Any) -> None:
    view = window.page("rehearse")
    view.mock_button.setChecked(True)
    model = view.model
    view.answer_button.setFocus()
    qtbot.waitUntil(view.answer_button.hasFocus, timeout=2000)
    # What Stop does: the answer is finishing, its button disabled, and Qt moves the focus.
    model.busy = True
    view._on_answering(False)
    assert not view.answer_button.isEnabled()
    assert QApplication.focusWidget() is view.review_button
    model.busy = False
    model._record_mock(42.0, None)  # what a finished answer records in the mock
    model.report_ready.emit(7)
    assert view.status_label.text().startswith("Answer saved. Continue to the next stage")
    assert QApplication.focusWidget() is view.answer_button  # so Space starts the answer
