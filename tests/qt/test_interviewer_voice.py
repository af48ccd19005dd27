"""The interviewer reads the question aloud, for real: the neural voice into the virtual
sound card, the prep countdown only after it, Esc to cut it short, and one sentence (then
silence) when the voice cannot load."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import Qt

from desktop_app.core.audio.recorder import Recorder
from desktop_app.ui.context import AppContext
from desktop_app.voice.speech import speaking_parts
from tests.support.record import read_wav

pytestmark = pytest.mark.audio

LOUD = 300  # PCM16: speech from the voice at 0.8 volume peaks near 26,000; the sink's floor is 0


def _speech_span_s(heard: np.ndarray, rate: int) -> tuple[float, float]:
    """First and last 20 ms block with sound in it, in seconds."""
    block = rate // 50
    levels = np.abs(heard[: len(heard) // block * block]).reshape(-1, block).max(axis=1)
    loud = np.flatnonzero(levels > LOUD)
    assert loud.size, "nothing was heard on the sound card"
    return loud[0] / 50, (loud[-1] + 1) / 50


def _said_s(context: AppContext, text: str) -> float:
    """How long the voice takes to say ``text`` (its parts, from the cache)."""
    total = 0.0
    for part in speaking_parts(text):
        wav = context.voice().voice().cached(part)
        assert wav is not None, part
        total += soundfile.info(str(wav)).duration
    return total


def test_starting_prep_reads_the_question_then_counts_down(
        window: Any, context: AppContext, qtbot: Any, tmp_path: Path) -> None:
    view = window.page("rehearse")
    model = view.model
    voice = context.voice()
    question = model.question.prompt
    events: list[tuple[str, float]] = []
    voice.speaking_changed.connect(lambda on: events.append((f"speaking {on}",
                                                             time.monotonic())))
    model.clock.state_changed.connect(lambda state: events.append((state, time.monotonic())))
    rec = Recorder(tmp_path / "heard.wav", "pulse")
    rec.start()
    try:
        started = time.monotonic()
        qtbot.mouseClick(view.prep_button, Qt.MouseButton.LeftButton)
        assert model.clock.state == "idle" and model.is_reading
        assert view.read_button.text() == "Skip reading (Esc)"
        assert "Reading the question aloud" in view.status_label.text()
        qtbot.waitUntil(lambda: model.clock.state == "prep", timeout=30000)
        prep_at = time.monotonic()
        qtbot.wait(300)
    finally:
        rec.stop()
    assert voice.last_text == question and voice.spoken == 1
    # How soon it starts uncached depends on the machine's load: `stagecoach bench` says.
    assert voice.first_audio_s is not None and voice.first_audio_s < prep_at - started
    said_s = _said_s(context, question)
    heard, rate = read_wav(tmp_path / "heard.wav")
    first, last = _speech_span_s(heard, rate)
    # The whole question was heard, and the countdown began only when it had been read.
    assert last - first >= said_s - 0.5, (first, last, said_s)
    # A part's stream ends once its last buffer is handed to the sound server, which may
    # still hold a few hundred ms of it (more when other streams ran before): the order of
    # the events is the exact check, the clock only a bound.
    assert prep_at - started >= said_s - 0.5, (prep_at - started, said_s)
    names = [name for name, _ in events]
    assert names.index("speaking False") < names.index("prep")
    assert view.read_button.text() == "Read the question again"
    # Read again: the text is cached now, so it starts at once; the countdown goes on.
    view.read_button.click()
    qtbot.waitUntil(lambda: voice.first_audio_s is not None and voice.is_speaking, timeout=5000)
    qtbot.waitUntil(lambda: voice._player.is_playing, timeout=5000)
    assert voice.first_audio_s <= 0.3
    assert model.clock.state == "prep"
    view.toggle_reading()  # Skip
    assert not voice.is_speaking and voice.spoken == 2


def test_esc_cuts_the_reading_short_and_the_countdown_starts(
        window: Any, context: AppContext, qtbot: Any) -> None:
    view = window.page("rehearse")
    model = view.model
    voice = context.voice()
    started = time.monotonic()
    model.start_prep()
    qtbot.waitUntil(lambda: voice._player.is_playing, timeout=30000)
    view.answer_button.setFocus()
    qtbot.keyClick(view.answer_button, Qt.Key.Key_Escape)
    assert model.clock.state == "prep"
    assert not model.is_reading and not voice._player.is_playing
    first_part = speaking_parts(model.question.prompt)[0]
    assert time.monotonic() - started < _said_s(context, first_part)


def test_space_while_reading_starts_the_answer_and_silences_the_voice(
        window: Any, context: AppContext, qtbot: Any) -> None:
    view = window.page("rehearse")
    model = view.model
    voice = context.voice()
    model.start_prep()
    qtbot.waitUntil(lambda: voice._player.is_playing, timeout=30000)
    view.toggle_answer()
    assert not voice.is_speaking and not voice._player.is_playing
    qtbot.waitUntil(lambda: model.is_answering, timeout=10000)
    assert model.clock.state == "answering"
    model.stop_answer()
    qtbot.waitUntil(lambda: model.session is None, timeout=60000)


def test_a_missing_voice_says_why_once_and_rehearsal_goes_on(
        window: Any, context: AppContext, qtbot: Any) -> None:
    context.settings.voice.name = "en_US-nobody"
    view = window.page("rehearse")
    model = view.model
    model.start_prep()
    qtbot.waitUntil(lambda: model.clock.state == "prep", timeout=10000)
    assert window.banner.isVisible()
    assert window.banner.text == (
        "The voice 'en_US-nobody' is not installed, so questions are shown but not read "
        "aloud; pick another voice in Settings or reinstall Stagecoach.")
    # From now on the app is silent as before: prep starts at once, no sentence again.
    assert not context.voice().active and not view.read_button.isEnabled()
    model.clock.stop()
    model.reset_clock()
    model.next_question()
    model.start_prep()
    assert model.clock.state == "prep"


def test_voice_off_in_settings_starts_prep_at_once(window: Any, context: AppContext) -> None:
    context.settings.voice.enabled = False
    view = window.page("rehearse")
    view.model.start_prep()
    assert view.model.clock.state == "prep"
    assert context.voice().spoken == 0


def test_settings_lists_the_installed_voices_and_changes_apply(
        qtbot: Any, context: AppContext) -> None:
    from desktop_app.core.settings import VoiceSettings
    from desktop_app.ui.settings.voice_tab import VoiceTab

    tab = VoiceTab(context)
    qtbot.addWidget(tab)
    tab.on_shown()
    # Listed by a name people read, chosen by piper's.
    qtbot.waitUntil(lambda: tab.voice_combo.findText("Joe (en_US, medium)") >= 0,
                    timeout=10000)
    assert tab.voice_combo.currentData() == "en_US-joe-medium"
    assert tab.enabled_check.isChecked() and tab.speed_spin.value() == 1.0
    tab.speed_spin.setValue(1.3)
    tab.volume_slider.setValue(55)
    assert (context.settings.voice.speed, context.settings.voice.volume) == (1.3, 0.55)
    tab.enabled_check.setChecked(False)
    assert context.settings.voice.enabled is False and not tab.speed_spin.isEnabled()
    assert not context.voice().active
    tab.restore_defaults()
    tab.reload()
    assert context.settings.voice == VoiceSettings()
    assert tab.enabled_check.isChecked() and tab.speed_spin.value() == 1.0


def test_choosing_an_installed_voice_again_after_a_missing_one_speaks(
        qtbot: Any, context: AppContext) -> None:
    voice = context.voice()
    context.settings.voice.name = "en_US-nobody"
    said: list[str] = []
    voice.unavailable.connect(said.append)
    done: list[bool] = []
    assert voice.speak("Hello.", lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    assert len(said) == 1 and not voice.active
    context.settings.voice.name = "en_US-joe-medium"
    assert voice.active
    assert voice.speak("Hello again.", lambda: done.append(True))
    qtbot.waitUntil(lambda: len(done) == 2, timeout=30000)
    assert voice.first_audio_s is not None and len(said) == 1


def test_the_question_shown_and_the_next_are_made_ahead(
        window: Any, context: AppContext, qtbot: Any) -> None:
    model = window.page("rehearse").model
    voice = context.voice()
    shown = model.question.prompt
    questions = model._questions()
    after = questions[(questions.index(model.question) + 1) % len(questions)].prompt

    def made(text: str) -> bool:
        return all(voice.voice().cached(part) is not None for part in speaking_parts(text))

    # Both made in the background while the first question is on screen.
    qtbot.waitUntil(lambda: made(shown) and made(after), timeout=60000)
    model.next_question()
    assert model.question.prompt == after
    model.start_prep()
    qtbot.waitUntil(lambda: voice.first_audio_s is not None, timeout=30000)
    assert (voice.first_audio_s or 1.0) <= 0.3  # played from the cache
    model.skip_reading()
    assert model.clock.state == "prep"
