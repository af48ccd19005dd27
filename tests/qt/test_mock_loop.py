"""The mock interview loop: on to the next stage after an answer, never a silent skip, and
no answer while the summary shows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def test_n_in_a_mock_says_that_it_skipped_the_stage(window: Any) -> None:
    view = window.page("rehearse")
    view.mock_button.setChecked(True)
    first = view.model.mock_label()
    view.next_question()
    assert view.status_label.text() == f"Skipped {first}; the summary shows it as skipped."
    assert view.model.mock_label() != first


def test_start_is_disabled_while_the_summary_shows(window: Any, qtbot: Any) -> None:
    view = window.page("rehearse")
    view.mock_button.setChecked(True)
    while not view.model.mock_finished():
        view.next_question()
    assert view.left_stack.currentWidget() is view.summary
    assert not view.answer_button.isEnabled() and not view.prep_button.isEnabled()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert view.model.session is None and view.model.clock.state == "idle"
    view.summary.closed.emit()  # Finish mock interview
    assert view.answer_button.isEnabled()


def test_an_answer_in_a_mock_goes_on_to_the_next_stage(window: Any) -> None:
    view = window.page("rehearse")
    view.mock_button.setChecked(True)
    model = view.model
    first_stage = model.question.stage_id
    opened: list[int] = []
    view.review_requested.connect(opened.append)
    model.busy = False
    model._record_mock(42.0, None)  # what a finished answer records in the mock
    model.report_ready.emit(7)
    assert opened == []  # no detour through Review
    assert model.question.stage_id != first_stage
    assert view.status_label.text().startswith("Answer saved. Continue to the next stage, ")
    assert "R to review" in view.status_label.text()
    assert view.answer_button.isEnabled()


def test_the_stage_picker_shows_the_mock_stage(window: Any) -> None:
    view = window.page("rehearse")
    bank = view.model.bank
    view.mock_button.setChecked(True)
    for stage in bank.stages[:3]:
        assert view.stage_combo.currentData() == stage.id
        assert view.stage_combo.currentText() == stage.title
        assert not view.stage_combo.isEnabled()  # the mock interview chooses the stage
        view.next_question()
    view.mock_button.setChecked(False)
    assert view.stage_combo.isEnabled()


def test_pause_is_disabled_while_an_answer_runs(window: Any) -> None:
    view = window.page("rehearse")
    view.mock_button.setChecked(True)
    model = view.model
    assert view.pause_mock_button.isVisibleTo(view) and view.pause_mock_button.isEnabled()
    model.answering_changed.emit(True)  # what starting an answer tells the page
    assert not view.pause_mock_button.isEnabled()
    model.answering_changed.emit(False)
    assert view.pause_mock_button.isEnabled()
    view.pause_mock_button.click()
    assert model.mock is None  # paused


def test_the_summary_takes_the_live_transcripts_room(window: Any, qtbot: Any) -> None:
    view = window.page("rehearse")
    view.mock_button.setChecked(True)
    window.resize(1100, 560)  # as short as the window goes
    live = view.live_transcript
    assert live.isVisible()
    assert not view.today.isVisible()  # the mock sets the order: today's queue steps aside
    for _ in range(5):
        view.next_question()  # every stage skipped: the summary shows
    assert view.summary_showing()
    table = view.summary.table
    # A stage's whole name is in its cell's tooltip (the narrow column cuts it).
    assert [table.item(r, 0).toolTip() for r in range(table.rowCount())] == [
        stage.title for stage in view.model.bank.stages]
    qtbot.waitUntil(lambda: not live.isVisible(), timeout=2000)
    verdicts = view.summary.verdicts
    # Five stages' verdicts, as a finished mock with reasons gives (wrapping lines).
    verdicts.setText("\n".join(f"Stage {n} — Not yet: said something a panel rejects "
                                "(Trades safety for speed); covered only 25 % of the expected "
                                "concepts, follow-ups included." for n in range(1, 6)))
    qtbot.waitUntil(lambda: verdicts.height() >= verdicts.heightForWidth(verdicts.width()),
                    timeout=2000)
    view.summary.closed.emit()  # Finish mock interview: the question and live text return
    qtbot.waitUntil(live.isVisible, timeout=2000)
    assert view.today.isVisible()


def test_the_summary_leaves_the_stage_names_room(window: Any, qtbot: Any) -> None:
    view = window.page("rehearse")
    window.resize(1366, 768)
    view.mock_button.setChecked(True)
    for _ in range(5):
        view.next_question()
    table = view.summary.table
    metrics = table.fontMetrics()
    # One-line headers over the figures left the stage column "Technic…" at 1366x768.
    for name in ("Data case study", "Technical deep dive"):
        qtbot.waitUntil(lambda n=name: table.columnWidth(0) > metrics.horizontalAdvance(n),
                        timeout=2000)
