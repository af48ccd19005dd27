"""History lists a follow-up answer marked as one, directly below the answer it follows."""

from __future__ import annotations

from typing import Any

from desktop_app.core.analysis.follow_up import FollowUp
from desktop_app.core.history import follow_ups
from desktop_app.ui.history.table_model import FOLLOW_UP_MARK
from desktop_app.ui.services import answer_deletion
from tests.support.qt import store_answer, timed_transcript


def test_a_follow_up_is_listed_under_its_first_answer(window: Any, qtbot: Any) -> None:
    ctx = window.context
    store = ctx.store()
    bank = ctx.bank("ai-lab-data-pm")
    question = bank.stages[0].questions[0]
    ids = [store_answer(store, bank, question, timed_transcript(text)) for text in (
        "an older answer about provenance", "the first answer about bias",
        "a newer answer about red teaming", "the follow-up answer about lineage")]
    older, first, newer, follow_up = ids
    # Recorded a minute apart, the follow-up last of all (after the newer answer).
    with store._tx() as conn:
        for i, answer_id in enumerate(ids):
            conn.execute("UPDATE answers SET started_at = ? WHERE id = ?",
                         (1_800_000_000.0 + 60 * i, answer_id))
    follow_ups.link(store, follow_up, first,
                    FollowUp("Where did the data come from?", "missing_concept", "provenance"))
    with qtbot.waitSignal(window.page("history").refreshed, timeout=10_000):
        view = window.show_page("history")
    rows = [view.proxy.mapToSource(view.proxy.index(r, 0)).row()
            for r in range(view.proxy.rowCount())]
    order = [view.model.record(r).id for r in rows]
    assert order == [newer, first, follow_up, older]  # newest first, the pair together
    questions = [view.proxy.index(r, 3).data() for r in range(view.proxy.rowCount())]
    assert questions[2] == FOLLOW_UP_MARK + questions[1]
    assert not any(q.startswith(FOLLOW_UP_MARK) for i, q in enumerate(questions) if i != 2)
    # Deleting the first answer says its follow-up goes with it.
    text = answer_deletion.confirm_text(store.get_answer(first), "Why this lab?", 30,
                                        len(follow_ups.follow_ups_of(store, first)))
    assert "? Its 1 follow-up answer goes with it. Its recording is kept" in text
