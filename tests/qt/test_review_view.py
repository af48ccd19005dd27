"""Review page with a real analysed answer: figures, highlights, seeking, export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import desktop_app.core.audio.portaudio_calls as portaudio_calls
from desktop_app.core.analysis.annotate import annotate, word_at
from desktop_app.core.analysis.figures import fmt_duration
from desktop_app.core.audio.audio_decode import audio_duration_s
from desktop_app.core.audio.player import OUTPUT_STALL_S, OUTPUT_STALLED
from desktop_app.core.audio.portaudio_calls import CLOSE_WAIT_S
from desktop_app.ui.review.playback import NO_OUTPUT, Playback
from tests.support.audio import PulseServer, espeak_wav
from tests.support.qt import ANSWER_TEXT, QUESTION_ID, store_answer, timed_transcript

pytestmark = pytest.mark.audio  # the answers here carry real audio, played to a real sink


@pytest.fixture
def answer(pulse: Any, window: Any, tmp_path: Path) -> int:
    """A stored answer with its audio (played to the virtual sound card, ``pulse``)."""
    ctx = window.context
    bank = ctx.bank("ai-lab-data-pm")
    audio = espeak_wav(ANSWER_TEXT, tmp_path / "answer.wav")
    return store_answer(ctx.store(), bank, bank.question(QUESTION_ID), timed_transcript(),
                        audio=audio)


def test_review_shows_figures_and_highlights(window: Any, answer: int) -> None:
    window.open_review(answer)
    review = window.page("review")
    assert window.current_page_key() == "review"
    report = window.context.store().get_report(answer).to_dict()
    assert review.figure_labels["wpm"].text() == f"{report['pace']['wpm']:.0f}"
    assert 140 < report["pace"]["wpm"] < 160  # spoken at 150 words per minute
    assert review.figure_labels["coverage"].text().endswith(" %")
    assert review.figure_labels["flags"].text() == "1"
    tokens = review.transcript_view.tokens
    by_word = {t.text: t for t in tokens if t.kind == "word"}
    assert "filler" in by_word["um"].tags
    assert "concept" in by_word["provenance"].tags
    assert "red_flag" in by_word["move"].tags and "red_flag" in by_word["fast"].tags
    assert "concept" not in by_word["model"].tags
    assert "Filler" in by_word["um"].tooltip
    # The checklist: covered concepts with evidence, missing ones with why they matter.
    rows = [review.coverage_list.item(i).text() for i in range(review.coverage_list.count())]
    assert any(r.startswith("✓") and "provenance" in r for r in rows)
    assert any(r.startswith("✗") for r in rows)
    assert review.pace_chart.points  # pace windows plotted
    assert review.pace_chart.band == (110.0, 170.0)
    assert review.advice_list.count() > 0


def test_clicking_a_word_or_finding_seeks(window: Any, answer: int, qtbot: Any) -> None:
    window.open_review(answer)
    review = window.page("review")
    view = review.transcript_view
    index = next(i for i, t in enumerate(view.tokens) if t.text == "provenance")
    with qtbot.waitSignal(view.seek_requested) as sig:
        view.anchorClicked.emit(f"t:{index}")  # what a click on the word's link emits
    assert sig.args == [view.tokens[index].start]
    assert view.current_index == index
    assert view.word_text(index) == "provenance"
    item = next(review.findings_list.item(i) for i in range(review.findings_list.count())
                if "Filler" in review.findings_list.item(i).text())
    with qtbot.waitSignal(review.findings_list.seek_requested) as sig:
        review.findings_list.itemClicked.emit(item)
    assert sig.args[0] == pytest.approx(view.tokens[0].start)


def test_no_audio_output_is_said_not_silently_played(no_audio_server: None, answer: int,
                                                     window: Any, qtbot: Any) -> None:
    playback = Playback()
    assert playback.check_output() == NO_OUTPUT
    audio = Path(window.context.store().get_answer(answer).audio_path)
    with qtbot.waitSignal(playback.unavailable) as sig:
        playback.load(audio)
    assert sig.args == [NO_OUTPUT] and playback.available_reason == NO_OUTPUT
    with qtbot.waitSignal(playback.unavailable) as sig:
        playback.play()  # a sentence, not an exception, and not a silent "play"
    assert sig.args == [NO_OUTPUT] and not playback.is_playing
    with qtbot.waitSignal(playback.position_changed) as sig:
        playback.seek(1.5)  # the text still shows where that is
    assert sig.args == [1.5]


def test_review_without_output_disables_play(window: Any, answer: int,
                                             no_audio_server: None) -> None:
    window.open_review(answer)
    review = window.page("review")
    assert not review.play_button.isEnabled()
    assert review.playback_note.text() == NO_OUTPUT
    assert review.playback_note.isVisibleTo(review)
    # The time line still shows the answer's length, read from the file's header.
    seconds = audio_duration_s(window.context.store().get_answer(answer).audio_path)
    assert seconds > 1 and review.time_label.text() == f"0:00 / {fmt_duration(seconds)}"


def test_unreadable_recording_disables_play(window: Any, answer: int) -> None:
    Path(window.context.store().get_answer(answer).audio_path).write_bytes(b"not a wav" * 100)
    window.open_review(answer)
    review = window.page("review")
    assert not review.play_button.isEnabled()
    assert review.playback_note.text().endswith(
        "is damaged or is not a sound file Stagecoach can read, so it cannot be played.")


def test_playback_moves_the_current_word(pulse: Any, window: Any, answer: int,
                                         qtbot: Any) -> None:
    window.open_review(answer)
    review = window.page("review")
    assert review.play_button.isEnabled(), review.playback_note.text()
    review.toggle_playback()
    qtbot.waitUntil(lambda: review.playback.is_playing, timeout=10_000)
    assert review.play_button.accessibleName() == "Pause"
    qtbot.waitUntil(lambda: review.playback.position_s() > 2.0, timeout=15_000)
    current = review.transcript_view.current_index
    assert current is not None
    assert review.transcript_view.tokens[current].start <= review.playback.position_s() + 0.7
    review.toggle_playback()
    qtbot.waitUntil(lambda: not review.playback.is_playing, timeout=5000)
    assert review.play_button.accessibleName() == "Play"
    paused = review.playback.position_s()
    assert paused > 2.0 and review.position_slider.value() == int(paused * 1000)
    # Near the end: it plays out, stops by itself and the button says Play again.
    end = review.position_slider.maximum() / 1000
    changes: list[bool] = []
    review.playback.playing_changed.connect(changes.append)
    review.seek(end - 0.5)
    qtbot.waitUntil(lambda: changes == [True, False], timeout=10_000)
    assert review.play_button.accessibleName() == "Play"
    assert review.playback.position_s() == pytest.approx(end, abs=0.001)


def test_a_hung_sound_server_pauses_with_the_sentence_and_play_stays(
        answer: int, window: Any, private_pulse: PulseServer, qtbot: Any) -> None:
    """The sentence asks to press Play again, so Play stays there to be pressed."""
    window.open_review(answer)
    review = window.page("review")
    review.toggle_playback()
    qtbot.waitUntil(lambda: review.playback.position_s() > 0.5, timeout=10_000)
    with private_pulse.frozen():
        qtbot.waitUntil(lambda: review.play_button.accessibleName() == "Play",
                        timeout=int((OUTPUT_STALL_S + CLOSE_WAIT_S + 5) * 1000))
        held = review.playback.position_s()
        assert review.playback_note.isVisibleTo(review)
        assert review.playback_note.text() == OUTPUT_STALLED.format(at=f"0:{round(held):02d}")
        assert review.time_label.text().startswith(f"0:{round(held):02d} / ")  # they agree
        assert review.play_button.isEnabled() and review.position_slider.isEnabled()
    assert portaudio_calls.settle(5)
    review.toggle_playback()  # the server is back: on from where it paused
    qtbot.waitUntil(lambda: review.playback.position_s() > held + 0.3, timeout=10_000)
    assert not review.playback_note.isVisibleTo(review)
    review.toggle_playback()


def test_export_every_format(window: Any, answer: int, tmp_path: Path) -> None:
    window.open_review(answer)
    review = window.page("review")
    out = tmp_path / "out"
    out.mkdir()
    written = {fmt: review.export_to(fmt, out / f"answer.{fmt}")
               for fmt in ("md", "html", "pdf", "txt", "srt", "vtt", "wav")}
    for fmt, path in written.items():
        assert path is not None and path.exists() and path.stat().st_size > 0, fmt
        assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert "provenance" in written["md"].read_text().lower()
    assert written["pdf"].read_bytes().startswith(b"%PDF")
    assert "-->" in written["srt"].read_text()
    assert written["vtt"].read_text().startswith("WEBVTT")
    assert "provenance" in written["txt"].read_text()
    assert written["wav"].read_bytes()[:4] == b"RIFF"
    assert "Saved answer.wav" in review.banner.text


def test_export_failure_is_one_sentence(window: Any, answer: int, tmp_path: Path) -> None:
    window.open_review(answer)
    review = window.page("review")
    assert review.export_to("md", tmp_path / "missing-folder" / "a.md") is None
    assert review.banner.level == "error"
    assert review.banner.text.startswith("Could not write")


def test_retry_brings_the_question_back(window: Any, answer: int) -> None:
    window.page("rehearse").next_question()
    window.open_review(answer)
    window.page("review").retry_button.click()
    assert window.current_page_key() == "rehearse"
    assert window.page("rehearse").model.question.id == QUESTION_ID


def test_annotate_places_pauses_and_filled_pauses() -> None:
    from desktop_app.core.analysis.report import Report

    transcript = timed_transcript("we checked the lineage first")
    report = Report.from_dict(
        {"pauses": [{"start": 1.3, "end": 3.0, "duration_s": 1.7}],
         "fillers": {"items": [{"text": "(filled pause)", "start": 3.1, "end": 3.5,
                                "kind": "filled_pause"}]}})
    tokens = annotate(transcript, report)
    kinds = [t.kind for t in tokens]
    assert kinds.count("pause") == 1 and kinds.count("filled_pause") == 1
    assert kinds.index("pause") < kinds.index("filled_pause")
    assert word_at(tokens, tokens[0].start + 0.1) == 0
    assert word_at(tokens, 60.0) is None  # long after the last word: nothing current


def test_words_heard_unsurely_are_marked_and_a_concept_resting_on_them_says_so(
        window: Any) -> None:
    from PySide6.QtGui import QTextCharFormat, QTextCursor

    from desktop_app.core.transcript import Segment, Transcript, Word

    ctx = window.context
    bank = ctx.bank("ai-lab-data-pm")
    sure = timed_transcript()
    # "provenance" heard at probability 0.1: the only evidence of its concept.
    words = tuple(Word(w.word, w.start, w.end, 0.1 if w.word == "provenance" else 0.95)
                  for w in sure.words)
    unsure = Transcript(sure.engine, sure.model, sure.language, sure.duration_s,
                        (Segment(words[0].start, words[-1].end, sure.text, words),))
    answer_id = store_answer(ctx.store(), bank, bank.question(QUESTION_ID), unsure)
    window.open_review(answer_id)
    review = window.page("review")
    tokens = review.transcript_view.tokens
    index = next(i for i, t in enumerate(tokens) if t.text == "provenance")
    assert "uncertain" in tokens[index].tags and "unsure" in tokens[index].tooltip
    assert all("uncertain" not in t.tags for t in tokens if t.text != "provenance")
    start, _end = review.transcript_view.spans[index]
    cursor = QTextCursor(review.transcript_view.document())
    cursor.setPosition(start + 1)
    assert cursor.charFormat().underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    rows = [review.coverage_list.item(i).text() for i in range(review.coverage_list.count())]
    assert any(r.startswith("✓?") and "heard you right" in r for r in rows), rows
