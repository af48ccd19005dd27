"""History by date (a period, or between two dates) and by session (practice, every mock
interview, one mock interview)."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication

from desktop_app.ui.theme import apply_theme
from tests.support.qt import DEFAULT_BANK, QUESTION_ID, store_answer, timed_transcript

DAY = 86400.0


def _shown(view: Any) -> set[int]:
    return {view.model.record(r).id for r in range(view.model.rowCount())}


def _pick(view: Any, qtbot: Any, combo: Any, data: Any) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        combo.activated.emit(index)


def test_dates_and_sessions_narrow_the_answers(window: Any, qtbot: Any) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "light")  # the app's fonts, as the box is measured
    ctx = window.context
    store = ctx.store()
    bank = ctx.bank(DEFAULT_BANK)
    question = bank.question(QUESTION_ID)
    old = store_answer(store, bank, question, timed_transcript())  # practice, 20 days ago
    recent = store_answer(store, bank, question, timed_transcript())  # practice, today
    mock_a = [store_answer(store, bank, q, timed_transcript(), kind="mock")
              for q in bank.all_questions()[:2]]
    with sqlite3.connect(store.path) as conn:  # the two mock answers: one interview
        conn.execute("UPDATE answers SET session_id = ? WHERE id = ?",
                     (store.get_answer(mock_a[0]).session_id, mock_a[1]))
        conn.execute("UPDATE answers SET started_at = ? WHERE id = ?",
                     (time.time() - 20 * DAY, old))
    mock_b = store_answer(store, bank, question, timed_transcript(), kind="mock")

    with qtbot.waitSignal(window.page("history").refreshed, timeout=10_000):
        view = window.show_page("history")
    bar = view.narrow_bar
    assert _shown(view) == {old, recent, *mock_a, mock_b}
    assert not bar.from_date.isVisible()

    _pick(view, qtbot, bar.when_filter, 6)  # the last 7 days
    assert _shown(view) == {recent, *mock_a, mock_b}
    _pick(view, qtbot, bar.when_filter, "between")
    assert bar.from_date.isVisible() and bar.to_date.isVisible()
    day = QDate.currentDate().addDays(-20)
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        bar.from_date.setDate(day.addDays(-1))
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        bar.to_date.setDate(day)
    assert _shown(view) == {old}
    _pick(view, qtbot, bar.when_filter, None)  # any time

    _pick(view, qtbot, bar.session_filter, "mock")
    assert _shown(view) == {*mock_a, mock_b}
    _pick(view, qtbot, bar.session_filter, "practice")
    assert _shown(view) == {old, recent}
    # Each mock interview is listed, newest first, with its answers.
    session_a = store.get_answer(mock_a[0]).session_id
    labels = [bar.session_filter.itemText(i) for i in range(3, bar.session_filter.count())]
    assert len(labels) == 2 and labels[1].startswith("Mock interview, ")
    assert labels[1].endswith("(2 answers)") and labels[0].endswith("(1 answer)")
    _pick(view, qtbot, bar.session_filter, session_a)
    assert _shown(view) == set(mock_a)
    # The box shows the chosen name whole beside the overall line (it was cut after the
    # date).
    assert bar.overall_label.isVisible()
    qtbot.wait(50)  # laid out again
    text_width = bar.session_filter.fontMetrics().horizontalAdvance(labels[1])
    assert bar.session_filter.width() > text_width + 30  # its arrow beside it
    # The most missed concepts are those of the answers shown.
    missing = Counter(m.concept for a in mock_a for m in store.get_report(a).missing)
    shown = [view.missed_list.item(i).text() for i in range(view.missed_list.count())]
    expected = sorted(missing.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
    assert shown == [f"{n}×   {bank.concepts[c].label}" for c, n in expected]
