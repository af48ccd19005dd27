"""Review shows the voice's pitch beside the pace, monotone stretches marked, and the
new findings (hedges, structure, delivery) in its advice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.analysis.analyzer import analyze_answer
from desktop_app.core.settings import AnalysisSettings, load_settings
from desktop_app.core.transcript import Segment, Transcript
from tests.support.prosody import RATE, STORY, flattened, neural, read_wav
from tests.support.style_cases import timed

QUESTION = "star-failure"  # behavioural-star: checked for STAR's four parts


@pytest.fixture(scope="module")
def voices(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("review-voices")
    lively = neural(STORY, d / "lively.wav")
    return {"lively": lively, "flat": flattened(lively, d / "flat.wav")}


def _store(window: Any, wav: Path | None) -> int:
    ctx = window.context
    bank = ctx.bank("behavioural-star")
    question = bank.question(QUESTION)
    assert question is not None
    words = tuple(timed("I think, maybe, " + STORY, start=0.5))
    transcript = Transcript("test", "tiny.en", "en", words[-1].end + 1.0,
                            (Segment(words[0].start, words[-1].end, STORY, words),))
    audio = read_wav(wav) if wav is not None else None
    report = analyze_answer(transcript, question, bank, AnalysisSettings(), audio=audio,
                            sample_rate=RATE, hotwords=[])
    store = ctx.store()
    answer = store.create_answer(store.create_session("practice"), bank.id,
                                 question.stage_id, question.id, wav)
    store.mark_recorded(answer, transcript.duration_s, 0)
    store.save_transcript(answer, transcript.to_dict())
    store.save_report(answer, report)
    return int(answer)


def _advice(review: Any) -> list[str]:
    return [review.advice_list.item(i).text() for i in range(review.advice_list.count())]


def test_a_lively_answer_shows_its_pitch_without_monotone(window: Any,
                                                          voices: dict[str, Path]) -> None:
    window.open_review(_store(window, voices["lively"]))
    review = window.page("review")
    assert review.pitch_card.isVisible()
    assert len(review.pitch_chart.points) > 40
    assert review.pitch_chart.monotone == []
    assert "Hz" in review.pitch_chart.accessibleDescription()
    advice = _advice(review)
    assert any("Lively voice" in a for a in advice)
    assert any("hedges" in a and "“i think”" in a for a in advice)
    assert any("STAR story" in a for a in advice)


def test_a_flattened_answer_shades_its_monotone_stretch(window: Any,
                                                        voices: dict[str, Path]) -> None:
    window.open_review(_store(window, voices["flat"]))
    review = window.page("review")
    assert review.pitch_chart.monotone
    start, end = review.pitch_chart.monotone[0]
    assert end - start >= 15
    assert any(a.startswith("▲") and "Monotone at" in a for a in _advice(review))


def test_an_answer_without_audio_has_no_pitch_chart(window: Any) -> None:
    window.open_review(_store(window, None))
    review = window.page("review")
    assert not review.pitch_card.isVisible()
    assert review.pitch_chart.points == []


def test_hedge_words_and_a_style_threshold_are_saved(window: Any, qtbot: Any) -> None:
    view = window.show_page("settings")
    view.feedback.threshold_spins["monotone_semitones"].setValue(1.8)
    view.feedback.hedges_edit.setPlainText("roughly\n  if that makes sense \n")
    qtbot.waitUntil(lambda: load_settings().analysis.extra_hedges == [
        "roughly", "if that makes sense"], timeout=3000)
    assert load_settings().analysis.monotone_semitones == 1.8


def test_history_trends_hedges_and_pitch_range(window: Any, voices: dict[str, Path],
                                               qtbot: Any) -> None:
    lively = _store(window, voices["lively"])
    _store(window, None)  # no audio: a hedge rate but no pitch range
    with qtbot.waitSignal(window.page("history").refreshed, timeout=10_000):
        view = window.show_page("history")
    assert len(view.trend_hedges.points) == 2
    report = window.context.store().get_report(lively)
    assert report is not None and report.hedges is not None and report.delivery is not None
    assert report.delivery.pitch is not None
    assert view.trend_hedges.points[0][1] == round(report.hedges.per_minute, 1)
    assert [v for _, v in view.trend_pitch.points] == [
        round(report.delivery.pitch.range_semitones, 1)]


def test_hedges_and_monotone_stretches_are_findings_that_seek(
        window: Any, voices: dict[str, Path], qtbot: Any) -> None:
    window.open_review(_store(window, voices["flat"]))
    review = window.page("review")
    box = review.findings_list
    rows = {box.item(i).text(): box.item(i) for i in range(box.count())}
    hedge = next(t for t in rows if t.startswith("~  Hedge “i think”"))
    flat = next(t for t in rows if t.startswith("≡  Monotone from"))
    with qtbot.waitSignal(box.seek_requested) as sig:
        box.itemClicked.emit(rows[hedge])
    assert sig.args[0] == pytest.approx(0.5)  # the answer's first word
    with qtbot.waitSignal(box.seek_requested) as sig:
        box.itemClicked.emit(rows[flat])
    assert sig.args[0] == pytest.approx(review.pitch_chart.monotone[0][0])
