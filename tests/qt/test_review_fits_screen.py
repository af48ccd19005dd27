"""Review with everything on it (follow-up card, pace and pitch charts, the tabs) still
fits a 1366x768 screen: the window's smallest height leaves room for a title bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.core.analysis.analyzer import analyze_answer
from desktop_app.core.settings import AnalysisSettings
from desktop_app.core.transcript import Segment, Transcript
from tests.support.prosody import RATE, STORY, neural, read_wav
from tests.support.style_cases import timed

SCREEN_HEIGHT = 768
TITLE_BAR = 40  # openbox's is about 20 px; a taller one must fit too


def _store_answer_with_audio(window: Any, wav: Path) -> int:
    ctx = window.context
    bank = ctx.bank("behavioural-star")
    question = bank.question("star-failure")
    assert question is not None
    # Hedged and short of STAR's parts, so the interviewer has a follow-up to ask.
    words = tuple(timed("I think, maybe, " + STORY, start=0.5))
    transcript = Transcript("test", "tiny.en", "en", words[-1].end + 1.0,
                            (Segment(words[0].start, words[-1].end, STORY, words),))
    report = analyze_answer(transcript, question, bank, AnalysisSettings(),
                            audio=read_wav(wav), sample_rate=RATE, hotwords=[])
    store = ctx.store()
    answer = store.create_answer(store.create_session("practice"), bank.id,
                                 question.stage_id, question.id, wav)
    store.mark_recorded(answer, transcript.duration_s, 0)
    store.save_transcript(answer, transcript.to_dict())
    store.save_report(answer, report)
    return int(answer)


def test_a_full_review_fits_a_1366x768_screen(window: Any, tmp_path: Path) -> None:
    window.open_review(_store_answer_with_audio(window, neural(STORY, tmp_path / "a.wav")))
    review = window.page("review")
    assert review.pitch_card.isVisible()
    assert review.follow_up_panel.isVisible()
    assert review.tabs.isVisible()
    height = window.minimumSizeHint().height()
    assert height <= SCREEN_HEIGHT - TITLE_BAR, height
    # Shrunk to that height, every part is still reachable by scrolling the page.
    window.resize(1280, SCREEN_HEIGHT - TITLE_BAR)
    review.page_area.ensureWidgetVisible(review.tabs)
    viewport = review.page_area.viewport()
    bottom = review.tabs.mapTo(viewport, review.tabs.rect().bottomLeft()).y()
    assert bottom <= viewport.height()


def test_history_under_a_banner_fits_a_1366x768_screen(window: Any, qtbot: Any) -> None:
    """The window fixture applies the app's stylesheet (it makes everything taller)."""
    rehearse = window.page("rehearse")
    # Today's queue showing (two rows and more: as short as its list goes): the tallest
    # page is Rehearse, and the window is as tall as its tallest page.
    qtbot.waitUntil(lambda: rehearse.today.queue_list.count() >= 2, timeout=10_000)
    window.show_banner("info", "Your mock interview goes on where you left it: Stage 3 of 5: "
                       "Technical deep dive.")
    history = window.show_page("history")
    qtbot.waitUntil(lambda: not history._dirty, timeout=10_000)
    assert history.readiness.isVisible() and history.trend_pitch.isVisible()
    height = window.minimumSizeHint().height()
    assert height <= SCREEN_HEIGHT - TITLE_BAR, height
