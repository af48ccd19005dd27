"""The practice plan in the app (real widgets offscreen, real store, real analysis):
Today's queue on the Rehearse page, the interview date in Settings, the grade in Review,
readiness and Import in History."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt

from desktop_app.core.analysis import analyze_answer
from desktop_app.core.history.store import Store
from desktop_app.core.practice.grading import AGAIN, EASY
from desktop_app.core.settings import AnalysisSettings
from desktop_app.ui.services.answer_import import import_files
from desktop_app.ui.services.background import wait_for_background
from tests.support.practice import STRONG, WEAK
from tests.support.prosody import neural
from tests.support.qt import DEFAULT_BANK, timed_transcript, wait_until

DAY = 86400.0


def _answer(store: Store, window: Any, question_id: str, text: str, days_ago: float) -> int:
    bank = window.context.bank(DEFAULT_BANK)
    question = bank.question(question_id)
    at = time.time() - days_ago * DAY
    session = store.create_session()
    answer_id = store.create_answer(session, bank.id, question.stage_id, question.id,
                                    started_at=at)
    transcript = timed_transcript(text)
    used = (question.timing.green_s + question.timing.yellow_s) / 2
    store.mark_recorded(answer_id, used, 0, ended_at=at + used)
    store.save_transcript(answer_id, transcript.to_dict())
    store.save_report(answer_id, analyze_answer(transcript, question, bank, AnalysisSettings(),
                                                used_s=used, hotwords=[]))
    return answer_id


def _history(window: Any) -> dict[str, int]:
    store = window.context.store()
    ids = {"failed": _answer(store, window, "cs-new-web-dataset",
                             WEAK["cs-new-web-dataset"], 3),
           "known": _answer(store, window, "ms-why-safety-lab",
                            STRONG["ms-why-safety-lab"], 0.1)}
    window.context.answers_changed.emit()
    return ids


def _queue_texts(panel: Any) -> list[str]:
    return [panel.queue_list.item(i).text() for i in range(panel.queue_list.count())]


def test_today_lists_the_failed_question_first_and_starts_the_queue(window: Any,
                                                                    qtbot: Any) -> None:
    _history(window)
    view = window.page("rehearse")
    panel = view.today
    wait_until(qtbot, lambda: panel.model.plan is not None and bool(panel.model.plan.due))
    texts = _queue_texts(panel)
    assert texts[0].startswith("Failed last time, due since")
    assert all(i.question_id != "ms-why-safety-lab" for i in panel.model.plan.queue)
    assert all(t.startswith("Not tried yet") for t in texts[1:])
    assert "1 due, 3 new" in panel.summary.text()
    view.model.start_mock(rng_seed=1)
    assert not panel.model.start()  # a mock interview keeps its own order
    view.model.stop_mock()
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert view.model.question.id == "cs-new-web-dataset"
    assert panel.start_button.text() == "Stop the queue"
    second = panel.model.remaining[0].question_id
    view.model.report_ready.emit(1)  # the answer to the question shown was analysed
    assert view.model.question.id == second
    assert "3 questions to go" in panel.summary.text()


def test_answers_saved_while_the_plan_is_made_join_it(window: Any, qtbot: Any,
                                                      monkeypatch: Any) -> None:
    """A plan being made when answers arrive is made again: on a busy machine the first
    plan of a window is often still being made when the first answer is saved."""
    from desktop_app.core.practice import today

    model = window.page("rehearse").today.model
    wait_for_background(30)
    wait_until(qtbot, lambda: model.plan is not None and not model._pending)
    made, release = threading.Event(), threading.Event()
    real = today.plan_from_store

    def held(*args: Any, **kwargs: Any) -> Any:
        plan = real(*args, **kwargs)  # reads the store before the answers below
        made.set()
        release.wait(10)
        return plan

    monkeypatch.setattr(today, "plan_from_store", held)
    model.refresh()
    assert made.wait(10)
    _history(window)  # saved while that plan is still on its way
    release.set()
    wait_until(qtbot, lambda: model.plan is not None and bool(model.plan.due))
    assert model.plan.due[0].question_id == "cs-new-web-dataset"


def test_the_interview_date_in_settings_compresses_the_plan(window: Any, qtbot: Any) -> None:
    _history(window)
    settings_view = window.page("settings")
    tab = settings_view.practice
    tab.reload()
    assert not tab.interview_check.isChecked() and not tab.interview_date.isEnabled()
    tab.interview_check.setChecked(True)
    tab.interview_date.setDate(QDate.currentDate().addDays(3))
    expected = QDate.currentDate().addDays(3).toString("yyyy-MM-dd")
    assert window.context.settings.practice.interview_date == expected
    panel = window.page("rehearse").today
    wait_until(qtbot, lambda: panel.model.plan is not None
               and panel.model.plan.interview is not None)
    # 43 untried questions over 3 days: 15 new today instead of 3.
    assert len(panel.model.plan.new) == 15
    assert f"Interview on {expected}" in panel.summary.text()


def test_review_overrides_the_grade(window: Any, qtbot: Any) -> None:
    ids = _history(window)
    review = window.page("review")
    review.load_answer(ids["failed"])
    choice = review.grade_choice
    assert not choice.isHidden()
    assert choice.combo.currentText() == "Automatic: Again"
    choice.combo.setCurrentIndex(choice.combo.findData(EASY))
    choice.combo.activated.emit(choice.combo.currentIndex())
    store = window.context.store()
    wait_until(qtbot, lambda: store.answer_grade(ids["failed"]) == (AGAIN, EASY))
    panel = window.page("rehearse").today
    wait_until(qtbot, lambda: panel.model.plan is not None and not panel.model.plan.due)
    review.load_answer(ids["failed"])
    assert review.grade_choice.combo.currentText() == "Easy"


def test_history_shows_readiness_and_imports_a_recording(window: Any, qtbot: Any,
                                                         tmp_path: Path) -> None:
    _history(window)
    window.show_page("history")
    history = window.page("history")
    panel = history.readiness
    wait_until(qtbot, lambda: panel.result is not None)
    table = panel.table
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Data case study"].startswith("0.0")
    mission = rows["Mission-alignment screen"]
    assert 0 < float(mission.split()[0]) < 0.75 and mission.endswith("not yet")
    # The figures are read whole, not cut to "0.10 · not ...".
    for column in (1, 2):
        wait_until(qtbot, lambda c=column: table.columnWidth(c) >= table.sizeHintForColumn(c))
    assert len(panel.chart.chart().series()) == 6  # five stages and the ready line
    assert history.import_button.accessibleName() == "Import recordings"
    clip = neural("A reward model learns from preference pairs, while direct preference "
                  "optimization skips it; I would watch labeler disagreement.",
                  tmp_path / "phone.wav")
    bank = window.context.bank(DEFAULT_BANK)
    done: list[Any] = []
    import_files(window.context, bank, bank.question("td-rlhf-vs-dpo"), [clip], done.append)
    wait_until(qtbot, lambda: bool(done), timeout_s=120)
    wait_for_background(30)
    answers = window.context.store().list_answers(question_id="td-rlhf-vs-dpo")
    assert [a.state for a in answers] == ["analyzed"]
    wait_until(qtbot, lambda: panel.result is not None and
               panel.result.answered.get("technical-deep-dive") == 1)


def test_n_in_the_queue_goes_to_the_queues_next_question(window: Any, qtbot: Any) -> None:
    _history(window)
    view = window.page("rehearse")
    panel = view.today
    # The failed answer's question is due, first; then questions not tried yet.
    wait_until(qtbot, lambda: panel.model.plan is not None and bool(panel.model.plan.due))
    queue = [item.question_id for item in panel.model.plan.queue]
    assert len(queue) >= 3
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert view.model.question.id == queue[0]
    in_bank_order = [q.id for q in view.model._questions()]
    start = in_bank_order.index(queue[0])
    assert in_bank_order[start:start + len(queue)] != queue  # N used to walk these
    view.answer_button.setFocus()
    shown = [view.model.question.id]
    for _ in queue[1:]:
        qtbot.keyClick(view.answer_button, Qt.Key.Key_N)
        shown.append(view.model.question.id)
    assert shown == queue
    assert panel.model.running
    qtbot.keyClick(view.answer_button, Qt.Key.Key_N)  # past the last: the queue ends
    assert not panel.model.running
    assert "last question of today's queue" in view.status_label.text()


def test_readiness_over_one_day_has_a_tick_per_day(window: Any, qtbot: Any) -> None:
    store = window.context.store()
    _answer(store, window, "cs-new-web-dataset", WEAK["cs-new-web-dataset"], 1.0)
    _answer(store, window, "ms-why-safety-lab", STRONG["ms-why-safety-lab"], 0.1)
    window.context.answers_changed.emit()
    window.show_page("history")
    panel = window.page("history").readiness
    wait_until(qtbot, lambda: panel.result is not None and len(panel.result.times) >= 2)
    times = panel.result.times
    days = round((times[-1] - times[0]) / DAY)
    assert days in (1, 2)
    axis = panel.chart.chart().axes(Qt.Orientation.Horizontal)[0]
    # One tick per day ("3 Dec, 4 Dec"), not four ticks that repeat a day's date.
    assert axis.tickCount() == days + 1
    assert axis.format() == "d MMM"


def test_todays_queue_is_locked_while_an_answer_runs(window: Any, qtbot: Any) -> None:
    _history(window)
    view = window.page("rehearse")
    panel = view.today
    wait_until(qtbot, lambda: panel.model.plan is not None and bool(panel.model.plan.queue))
    assert panel.start_button.isEnabled() and panel.queue_list.isEnabled()
    view.model.answering_changed.emit(True)  # what starting an answer tells the page
    # Its clicks were ignored while an answer ran, with the button looking pressable.
    assert not panel.start_button.isEnabled() and not panel.queue_list.isEnabled()
    view.model.answering_changed.emit(False)
    assert panel.start_button.isEnabled() and panel.queue_list.isEnabled()
