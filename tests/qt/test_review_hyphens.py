"""Review writes words as they are written: Whisper's "trade" + "-off" is "trade-off"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.support.qt import QUESTION_ID, store_answer, timed_transcript


def test_hyphenated_words_are_joined_and_each_part_still_seeks(window: Any,
                                                                qtbot: Any) -> None:
    bank = window.page("rehearse").model.bank
    text = "the trade -off is a well -known one , and it 's real - really fine"
    answer = store_answer(window.context.store(), bank, bank.question(QUESTION_ID),
                          timed_transcript(text))
    window.open_review(answer)
    view = window.page("review").transcript_view
    shown = view.toPlainText()
    assert "the trade-off is a well-known one, and it's real - really fine" in shown
    assert "trade -off" not in shown
    # "-off" is its own word still: clicking it plays from its own time.
    index = next(i for i, t in enumerate(view.tokens) if t.text == "-off")
    assert view.word_text(index) == "-off"
    seeks: list[float] = []
    view.seek_requested.connect(seeks.append)
    cursor = view.textCursor()
    cursor.setPosition(view.spans[index][0] + 1)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.cursorRect(cursor).center())
    assert seeks == [view.tokens[index].start]
