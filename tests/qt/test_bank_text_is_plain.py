"""Bank text is shown as written (never as rich text), and an answer with no report says
so in Review instead of "no expected concepts" and "well done"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.ui.review.findings import NOT_ANALYSED
from tests.support.banks import VALID_BANK
from tests.support.qt import store_answer, timed_transcript

PROMPT = "Design a <img src=x> strategy; <script>alert(1)</script> <b>now</b>."
FOLLOW_UP = "And <i>then</i>? <a href='x'>link</a>"
STAGE = "Case <u>study</u>"
EXPLAIN = "Teams <b>need</b> it."


@pytest.fixture
def html_bank(stagecoach_home: Path) -> str:
    """A user bank whose prompt, follow-up, stage title and concept text look like HTML."""
    folder = stagecoach_home / "banks"
    folder.mkdir(parents=True)
    text = (VALID_BANK.replace('id = "test-bank"', 'id = "html-bank"')
            .replace('prompt = "Design a data strategy."', f'prompt = "{PROMPT}"')
            .replace('"What would stop the launch?"', f'"{FOLLOW_UP}"')
            .replace('title = "Case study"', f'title = "{STAGE}"')
            .replace('explain = "Where data came from."', f'explain = "{EXPLAIN}"'))
    (folder / "html.toml").write_text(text, encoding="utf-8")
    return "html-bank"


def _show_bank(window: Any, bank_id: str) -> Any:
    view = window.page("rehearse")
    view.bank_combo.setCurrentIndex(view.bank_combo.findData(bank_id))
    view.bank_combo.activated.emit(view.bank_combo.currentIndex())
    assert view.model.question is not None and view.model.question.id == "cs-one"
    return view


def test_rehearse_shows_bank_text_as_written(html_bank: str, window: Any) -> None:
    card = _show_bank(window, html_bank).question_card
    for label in (card.prompt, card.follow_ups, card.title_label):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert card.prompt.text() == PROMPT
    assert card.follow_ups.text() == f"•  {FOLLOW_UP}"
    assert STAGE.upper() in card.title_label.text()


def test_review_shows_bank_text_as_written(html_bank: str, window: Any) -> None:
    ctx = window.context
    bank = ctx.bank(html_bank)
    answer = store_answer(ctx.store(), bank, bank.question("cs-one"),
                          timed_transcript("we asked a red team to attack the model"))
    window.open_review(answer)
    review = window.page("review")
    assert review.title.textFormat() == Qt.TextFormat.PlainText
    assert review.title.text() == f"Review — {STAGE}"
    assert review.question_label.textFormat() == Qt.TextFormat.PlainText
    assert review.question_label.text().startswith(PROMPT + "\n")
    rows = [review.coverage_list.item(i) for i in range(review.coverage_list.count())]
    missing = next(r for r in rows if r.text().startswith("✗"))
    # A tooltip has no format of its own: the explanation is escaped to show as written.
    assert missing.toolTip() == "<p>Teams &lt;b&gt;need&lt;/b&gt; it.</p>"


def test_an_unanalysed_answer_says_so_and_offers_to_transcribe(window: Any) -> None:
    ctx = window.context
    bank = ctx.bank("ai-lab-data-pm")
    question = bank.all_questions()[0]
    store = ctx.store()
    answer = store.create_answer(store.create_session("practice"), bank.id, question.stage_id,
                                 question.id, None)
    store.mark_recorded(answer, 12.0, 0)
    window.open_review(answer)
    review = window.page("review")
    for box in (review.coverage_list, review.findings_list, review.advice_list):
        assert [box.item(i).text() for i in range(box.count())] == [NOT_ANALYSED]
    assert review.banner.text == "This answer has not been analysed yet."
    assert review.banner.action_text == "Transcribe again"


def test_the_question_list_shows_bank_text_as_written(html_bank: str, window: Any,
                                                      qtbot: Any) -> None:
    from PySide6.QtGui import Qt as GuiQt

    view = _show_bank(window, html_bank)
    view.choose_question()
    picker = view.picker
    item = picker.list.item(picker.shown_ids().index("cs-one"))
    assert item.text().startswith(PROMPT + "\n" + STAGE)
    tooltip = item.toolTip()
    # Qt renders a tooltip that looks like HTML as HTML: it must come escaped.
    assert "<img" not in tooltip and "&lt;img src=x&gt;" in tooltip
    assert GuiQt.mightBeRichText(tooltip)  # a paragraph of escaped text
    picker.reject()
