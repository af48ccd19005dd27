"""Choosing a question from a list, and notes written during prep kept with the answer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.support.qt import DEFAULT_BANK, QUESTION_ID, store_answer, timed_transcript


def _open_picker(view: Any, qtbot: Any) -> Any:
    qtbot.mouseClick(view.choose_button, Qt.MouseButton.LeftButton)
    picker = view.picker
    qtbot.waitUntil(picker.isVisible, timeout=3000)
    return picker


def test_search_stage_and_not_tried_yet_then_rehearse_the_chosen_one(window: Any,
                                                                      qtbot: Any) -> None:
    view = window.page("rehearse")
    bank = view.model.bank
    store_answer(window.context.store(), bank, bank.question(QUESTION_ID), timed_transcript())
    picker = _open_picker(view, qtbot)
    total = len(bank.all_questions())
    assert len(picker.shown_ids()) == total
    # The tries arrive from History: the answered question says so.
    qtbot.waitUntil(lambda: any(r.tries for r in picker.rows), timeout=5000)
    row = picker.shown_ids().index(QUESTION_ID)
    assert "tried once" in picker.list.item(row).text()

    qtbot.mouseClick(picker.untried, Qt.MouseButton.LeftButton)
    assert QUESTION_ID not in picker.shown_ids()
    assert len(picker.shown_ids()) == total - 1
    qtbot.mouseClick(picker.untried, Qt.MouseButton.LeftButton)

    picker.stage_combo.setCurrentIndex(picker.stage_combo.findData("technical-deep-dive"))
    assert picker.shown_ids() and all(i.startswith("td-") for i in picker.shown_ids())
    qtbot.keyClicks(picker.search, "rlhf DPO")  # every word, any case
    assert picker.shown_ids() == ["td-rlhf-vs-dpo"]
    qtbot.keyClicks(picker.search, " nonsensical")
    assert picker.shown_ids() == []
    assert not picker.choose_button.isEnabled()
    assert "No question fits" in picker.count_label.text()
    picker.search.setText("rlhf")

    qtbot.mouseClick(picker.choose_button, Qt.MouseButton.LeftButton)
    assert not picker.isVisible()
    assert view.model.question.id == "td-rlhf-vs-dpo"
    assert view.question_card.prompt.text() == bank.question("td-rlhf-vs-dpo").prompt
    assert view.model.bank.id == DEFAULT_BANK


def test_no_choosing_during_a_mock_interview(window: Any, qtbot: Any) -> None:
    view = window.page("rehearse")
    assert view.choose_button.isEnabled()
    qtbot.mouseClick(view.mock_button, Qt.MouseButton.LeftButton)
    assert not view.choose_button.isEnabled()  # the mock asks one question per stage
    qtbot.mouseClick(view.mock_button, Qt.MouseButton.LeftButton)
    assert view.choose_button.isEnabled()


def test_prep_notes_are_saved_with_the_answer_and_shown_in_review(window: Any,
                                                                   qtbot: Any) -> None:
    view = window.page("rehearse")
    model = view.model
    model.select_question(DEFAULT_BANK, QUESTION_ID)
    notes = view.question_card.notes
    notes.setFocus()
    qtbot.keyClicks(notes, "Lead with provenance; end on the eval")
    # Space and N while typing are letters, not commands.
    assert notes.toPlainText() == "Lead with provenance; end on the eval"
    assert model.question.id == QUESTION_ID and model.session is None

    store = window.context.store()
    answer_id = store_answer(store, model.bank, model.question, timed_transcript())
    model._on_finished(answer_id)  # what the recording session reports after Stop
    qtbot.waitUntil(lambda: window.current_page_key() == "review", timeout=5000)
    assert store.get_answer(answer_id).notes == "Lead with provenance; end on the eval"
    review = window.page("review")
    assert review.notes_label.isVisible()
    assert review.notes_label.text() == "Your notes: Lead with provenance; end on the eval"

    # Another question starts with empty notes; an answer without notes shows none.
    view.next_question()
    assert notes.toPlainText() == ""
    other = store_answer(store, model.bank, model.question, timed_transcript())
    review.load_answer(other)
    assert not review.notes_label.isVisible()
