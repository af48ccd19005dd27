"""A mock interview's scorecard, per stage and overall, saved from its summary on Rehearse
and later from History (the session filter), as Markdown or HTML."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.interview.mock_interview import MockInterview
from desktop_app.ui.services import scorecard_export
from tests.support.qt import DEFAULT_BANK, store_answer, timed_transcript


def _mock_session(window: Any) -> tuple[Any, list[int], int]:
    """A mock interview of the default bank: stages 1 and 3 answered, the others skipped."""
    ctx = window.context
    store = ctx.store()
    bank = ctx.bank(DEFAULT_BANK)
    mock = MockInterview(bank, rng_seed=3)
    ids: list[int] = []
    session = None
    for index in range(len(bank.stages)):
        step = mock.current
        assert step is not None
        if index not in (0, 2):
            mock.skip()
            continue
        answer = store_answer(store, bank, step.question, timed_transcript(), kind="mock")
        if session is None:
            session = store.get_answer(answer).session_id
        with sqlite3.connect(store.path) as conn:
            conn.execute("UPDATE answers SET session_id = ? WHERE id = ?", (session, answer))
        ids.append(answer)
        mock.record(40.0, answer)
    assert session is not None
    return mock, ids, session


def _check_markdown(text: str, window: Any, ids: list[int]) -> None:
    bank = window.context.bank(DEFAULT_BANK)
    store = window.context.store()
    assert text.startswith(f"# Mock interview scorecard: {bank.title}\n")
    assert "**Overall:** 2 of 5 stages answered in " in text
    rows = [line for line in text.splitlines() if line.startswith("| ")][1:]
    assert [r.split(" | ")[0][2:] for r in rows] == [s.title for s in bank.stages]
    assert [" | skipped | " in r for r in rows] == [False, True, False, True, True]
    first = store.get_report(ids[0]).to_dict()
    labels = [bank.concepts[c].label for c in first["coverage"]["missing"]]
    assert rows[0].endswith(" | " + ", ".join(labels) + " |")
    assert f"{first['pace']['wpm']:.0f}" in rows[0].split(" | ")[3]


def test_the_summary_on_rehearse_exports_the_scorecard(window: Any, qtbot: Any,
                                                        tmp_path: Path) -> None:
    mock, ids, _session = _mock_session(window)
    summary = window.page("rehearse").summary
    summary.show_summary(mock.summary())
    assert summary.export_button.isEnabled()
    summary.export_to(tmp_path / "scorecard")
    out = tmp_path / "scorecard.md"
    # The file is written off the UI thread and the banner follows once it is done (the
    # file can exist a moment before the banner says so): wait for the banner.
    saved = f"Saved the scorecard in scorecard.md in {tmp_path}."
    qtbot.waitUntil(lambda: window.banner.text == saved, timeout=10_000)
    _check_markdown(out.read_text(encoding="utf-8"), window, ids)
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_history_keeps_the_mock_interview_and_exports_it_as_html(
        window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _mock, ids, session = _mock_session(window)
    with qtbot.waitSignal(window.page("history").refreshed, timeout=10_000):
        view = window.show_page("history")
    bar = view.narrow_bar
    assert not bar.scorecard_button.isVisible()  # only for one mock interview
    index = bar.session_filter.findData(session)
    bar.session_filter.setCurrentIndex(index)
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        bar.session_filter.activated.emit(index)
    assert {view.model.record(r).id for r in range(view.model.rowCount())} == set(ids)
    assert bar.scorecard_button.isVisible()
    # The summary stays: its overall line beside the mock interview chosen.
    assert bar.overall_label.isVisible()
    assert bar.overall_label.text().startswith("2 of 5 stages answered in ")
    out = tmp_path / "card.html"
    monkeypatch.setattr(scorecard_export, "choose_path", lambda _parent: out)
    qtbot.mouseClick(bar.scorecard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.banner.text == f"Saved the scorecard in card.html in "
                    f"{tmp_path}.", timeout=10_000)  # written whole, not only begun
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<table>" in html
    assert "2 of 5 stages answered" in html and html.count("<td>skipped</td>") == 3
