"""Review of an answer without a report: one true sentence for each state, and nothing on
the page that contradicts it (real store, real widgets)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from desktop_app.core.history.recovery import NOTHING_SAVED
from desktop_app.ui.review import answer_state as states
from tests.support.qt import QUESTION_ID, store_answer, timed_transcript


def _visible_texts(review: Any) -> list[str]:
    texts = [review.transcript_view.toPlainText()]
    if review.playback_note.isVisible():
        texts.append(review.playback_note.text())
    for box in (review.coverage_list, review.findings_list, review.advice_list):
        texts += [box.item(i).text() for i in range(box.count())]
    return texts


def _answer(window: Any, tmp_path: Path, kind: str) -> int:
    ctx = window.context
    bank = ctx.bank("ai-lab-data-pm")
    question = bank.question(QUESTION_ID)
    store = ctx.store()
    if kind == "analysed":
        return store_answer(store, bank, question, timed_transcript())
    audio = tmp_path / "answer.wav"
    if kind != "nothing_recorded":
        sf.write(audio, (np.sin(np.arange(32000) / 8.0) * 0.2).astype(np.float32), 16000)
    answer = store.create_answer(store.create_session("practice"), bank.id,
                                 question.stage_id, question.id, audio)
    if kind == "nothing_recorded":
        store.mark_failed(answer, NOTHING_SAVED)
    else:
        store.mark_recorded(answer, 2.0, 0, recovered=kind == "recovered")
    return int(answer)


@pytest.mark.parametrize(("kind", "sentence", "action"), [
    ("not_analysed", states.NOT_ANALYSED_YET, "Transcribe again"),
    ("recovered", states.RECOVERED, "Transcribe again"),
    ("nothing_recorded", states.NOTHING_RECORDED, None),
    ("analysed", None, None),
])
def test_each_state_has_one_true_sentence(window: Any, tmp_path: Path, kind: str,
                                          sentence: str | None, action: str | None) -> None:
    window.open_review(_answer(window, tmp_path, kind))
    review = window.page("review")
    if sentence is None:
        assert not review.banner.isVisible()
    else:
        assert review.banner.isVisible() and review.banner.text == sentence
        assert review.banner.action_text == (action or "")
    page = " ".join(_visible_texts(review))
    # What would contradict the state: an analysis that never ran, a transcript or
    # report that is not there, a recovery that did not happen.
    assert "lists no expected concepts" not in page and "Well done" not in page
    if kind != "analysed":
        assert "No words were transcribed" not in page
        assert "still here" not in page
    if kind != "recovered":
        assert "recovered" not in page.lower()
    if kind == "nothing_recorded":
        assert "Transcribe again" not in page  # there is no audio to transcribe
        assert "not been analysed" not in page
        assert review.transcript_view.toPlainText() == states.NOTHING_HERE
        assert not review.play_button.isEnabled()


def test_an_old_review_draws_the_band_it_was_made_with(window: Any, tmp_path: Path) -> None:
    answer = _answer(window, tmp_path, "analysed")  # analysed with the 110-170 band
    analysis = window.context.settings.analysis
    analysis.slow_wpm, analysis.fast_wpm = 90.0, 150.0  # changed since
    window.open_review(answer)
    review = window.page("review")
    assert review.pace_chart.band == (110.0, 170.0)
    report = window.context.store().get_report(answer).to_dict()
    assert report["pace"]["target"] == {"slow_wpm": 110.0, "fast_wpm": 170.0,
                                        "rushing_wpm": 190.0}
