"""History filtered to one question: every try at it, and what it missed."""

from __future__ import annotations

from typing import Any

from tests.support.qt import DEFAULT_BANK, QUESTION_ID, store_answer, timed_transcript


def _refilter(view: Any, qtbot: Any, combo: Any, data: str) -> None:
    combo.setCurrentIndex(combo.findData(data))
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        combo.activated.emit(combo.currentIndex())


def test_one_question_shows_its_tries_and_its_missed_concepts(window: Any,
                                                              qtbot: Any) -> None:
    ctx = window.context
    bank = ctx.bank(DEFAULT_BANK)
    question = bank.question(QUESTION_ID)
    other = next(q for q in bank.stage(question.stage_id).questions if q.id != QUESTION_ID)
    tries = [store_answer(ctx.store(), bank, question, timed_transcript(wpm=w))
             for w in (120.0, 160.0)]
    elsewhere = store_answer(ctx.store(), bank, other, timed_transcript("I would ship it"))
    with qtbot.waitSignal(window.page("history").refreshed, timeout=10_000):
        view = window.show_page("history")
    assert not view.question_filter.isEnabled()  # questions belong to a bank
    _refilter(view, qtbot, view.bank_filter, DEFAULT_BANK)
    assert view.question_filter.isEnabled()
    assert view.question_filter.findData(QUESTION_ID) > 0
    assert view.question_filter.itemText(view.question_filter.findData(QUESTION_ID)) == \
        question.prompt
    _refilter(view, qtbot, view.stage_filter, question.stage_id)
    assert view.question_filter.count() == len(bank.stage(question.stage_id).questions) + 1

    _refilter(view, qtbot, view.question_filter, QUESTION_ID)
    shown = sorted(view.model.record(r).id for r in range(view.model.rowCount()))
    assert shown == tries
    # Missed concepts of this question's tries only (the other answer missed its own).
    expected = {m.concept for m in ctx.store().get_report(tries[0]).missing}
    missed_labels = {bank.concepts[c].label for c in expected}
    listed = {view.missed_list.item(i).text().split("×", 1)[1].strip()
              for i in range(view.missed_list.count())}
    assert listed == missed_labels
    assert all(view.missed_list.item(i).text().startswith("2×")
               for i in range(view.missed_list.count()))

    _refilter(view, qtbot, view.question_filter, "__all__")
    assert view.model.rowCount() == 3 and elsewhere in {
        view.model.record(r).id for r in range(view.model.rowCount())}
