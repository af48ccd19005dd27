"""Every try at the same question side by side: Review's Attempts tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.support.qt import QUESTION_ID, store_answer, timed_transcript


def test_review_lists_every_try_at_the_question_and_opens_the_one_chosen(
        window: Any, qtbot: Any) -> None:
    store = window.context.store()
    bank = window.page("rehearse").model.bank
    question = bank.question(QUESTION_ID)
    tries = [store_answer(store, bank, question, timed_transcript(wpm=wpm))
             for wpm in (120.0, 150.0, 180.0)]
    other = bank.all_questions()[0] if bank.all_questions()[0].id != QUESTION_ID \
        else bank.all_questions()[1]
    elsewhere = store_answer(store, bank, other, timed_transcript())

    window.open_review(tries[1])
    review = window.page("review")
    attempts = review.attempts_list
    assert review.tabs.tabText(review.tabs.indexOf(attempts)) == "Attempts (3)"
    assert attempts.answer_ids() == tries and elsewhere not in attempts.answer_ids()
    lines = [attempts.item(i).text() for i in range(attempts.count())]
    wpms = [store.get_answer(i).wpm for i in tries]
    assert wpms == sorted(wpms) and wpms[0] < 130 < wpms[1] < 160 < wpms[2]
    for number, (line, wpm) in enumerate(zip(lines, wpms, strict=True), 1):
        assert line.startswith(f"Try {number} · ")
        assert f" · {wpm:.0f} wpm · " in line and "fillers/min" in line and "% covered" in line
    assert lines[1].endswith("(this answer)") and "(this answer)" not in lines[0]

    review.tabs.setCurrentWidget(attempts)
    rect = attempts.visualItemRect(attempts.item(2))
    qtbot.mouseClick(attempts.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert review.answer_id == tries[2]
    assert attempts.item(2).text().endswith("(this answer)")
    assert review.play_button.accessibleName() == "Play"
