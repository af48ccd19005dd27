"""Review's advice items carry the time where they happened, as the findings do: the
filler advice plays from the first filler, the red flag's from the phrase it names;
praise and whole-answer advice carry none."""

from __future__ import annotations

from typing import Any

import pytest

from desktop_app.ui.review.findings import TIME_ROLE
from tests.support.qt import QUESTION_ID, store_answer, timed_transcript


def _items(box: Any) -> list[Any]:
    return [box.item(i) for i in range(box.count())]


def test_advice_items_seek_to_where_they_happened(window: Any, qtbot: Any) -> None:
    ctx = window.context
    bank = ctx.bank("ai-lab-data-pm")
    answer = store_answer(ctx.store(), bank, bank.question(QUESTION_ID), timed_transcript())
    window.open_review(answer)
    review = window.page("review")
    report = review.report
    assert report.fillers and report.red_flags  # "um ...", "move fast and break things"
    items = _items(review.advice_list)
    fillers = next(i for i in items if "filler" in i.text().lower())
    flag = next(i for i in items if report.red_flags[0].label in i.text())
    assert fillers.data(TIME_ROLE) == pytest.approx(report.fillers[0].start)
    assert flag.data(TIME_ROLE) == pytest.approx(report.red_flags[0].start)
    assert flag.data(TIME_ROLE) > fillers.data(TIME_ROLE)  # the flag comes late in the answer
    praise = [i for i in items if i.text().startswith("✓")]
    assert praise and all(i.data(TIME_ROLE) is None for i in praise)
    with qtbot.waitSignal(review.advice_list.seek_requested) as sig:
        review.advice_list.itemClicked.emit(flag)
    assert sig.args[0] == pytest.approx(report.red_flags[0].start)
