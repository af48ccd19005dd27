"""One app process answering for the longest stage plus overtime, checked alive with the
answer stored.

The app once aborted after about 74 s of answering (a Qt binding that leaked a reference
to ``None`` on every void call, spent by the timer display and the level meter). What
kills a process in a long answer is the number of ticks and repaints, so this test gives
the answer clock a time source it advances by hand and drives the ticks, level updates and
repaints of ten minutes of answering as fast as the machine allows, while the real
recorder records real speech from the virtual microphone underneath.
"""

from __future__ import annotations

import math
import sys
import wave
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.core.banks.library import find_bank
from desktop_app.ui.services.recording_session import LEVEL_MS
from desktop_app.ui.viewmodels.answer_clock import POLL_MS
from tests.support.audio import PulseServer, espeak_wav

pytestmark = [pytest.mark.audio, pytest.mark.model, pytest.mark.slow]

BANK_ID = "ai-lab-data-pm"
OVERTIME_S = 30.0  # the zone turns "overtime" this long after red
SPEECH = ("I would start from where the data came from. Provenance and lineage come "
          "first, then consent and licensing, then the labelling guidelines. I would not "
          "ship a dataset we cannot trace, and I would monitor it before launch, not after.")


def _longest_question(bank: Any) -> Any:
    return max((q for stage in bank.stages for q in stage.questions),
               key=lambda q: q.timing.red_s)


def test_app_survives_ten_minutes_of_answering_and_stores_the_answer(
        pulse: PulseServer, window: Any, qtbot: Any, tmp_path: Path) -> None:
    bank = find_bank(BANK_ID)
    question = _longest_question(bank)
    # The longest stage, its overtime and a minute past it: at least ten minutes.
    answer_s = max(600.0, question.timing.red_s + OVERTIME_S + 60.0)
    ticks = math.ceil(answer_s * 1000 / POLL_MS)
    levels_per_tick = max(1, POLL_MS // LEVEL_MS)

    view = window.page("rehearse")
    model = view.model
    now = [1000.0]
    model.clock.use_time_source(lambda: now[0])
    model.select_question(bank.id, question.id)
    window.start_background_work()
    service = window.context.transcription()
    qtbot.waitUntil(lambda: service.is_ready or service.error is not None, timeout=180_000)
    assert service.error is None

    speech = espeak_wav(SPEECH, tmp_path / "answer.wav", wpm=140)
    view.answer_button.setFocus()
    qtbot.keyClick(view.answer_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: model.session is not None and model.session.is_recording,
                    timeout=10_000)
    player = pulse.play(speech, wait=False)

    app = QApplication.instance()
    assert app is not None
    none_refs = sys.getrefcount(None)
    zones: list[str] = []
    model.clock.zone_changed.connect(zones.append)
    for tick in range(ticks):
        now[0] += POLL_MS / 1000
        model.clock.poll()  # the display's text, caption and track, as every 100 ms
        for _ in range(levels_per_tick):
            view.level_meter.set_level(0.05 + 0.04 * math.sin(tick / 7), 0.2)
        view.timer_display.repaint()
        view.level_meter.repaint()
        if tick % 5 == 0:
            app.processEvents()  # the real recorder's level and live-text signals too
    # Lost references are what kill the process (gained ones are values the app keeps,
    # such as the live transcript's fields): a leaking binding loses one per void call,
    # tens of thousands here.
    lost = none_refs - sys.getrefcount(None)
    assert lost < 500, f"None lost {lost} references over {ticks} ticks"
    assert zones[-4:] == ["green", "yellow", "red", "overtime"]
    assert view.timer_display.isVisible()

    qtbot.waitUntil(lambda: player.poll() is not None, timeout=120_000)
    qtbot.wait(500)
    qtbot.keyClick(view.answer_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.current_page_key() == "review", timeout=180_000)

    answer_id = model.last_answer_id
    assert answer_id is not None
    store = window.context.store()
    record = store.get_answer(answer_id)
    assert record is not None and record.state == "analyzed"
    typed = store.get_report(answer_id)
    assert typed is not None
    report = typed.to_dict()
    assert report["timing"]["used_s"] == pytest.approx(answer_s, abs=1.0)
    assert report["timing"]["zone"] == "overtime"
    words = " ".join(w["word"].lower() for s in report["transcript"]["segments"]
                     for w in s["words"])
    assert "provenance" in words or "lineage" in words, words
    audio = Path(record.audio_path)
    with wave.open(str(audio)) as wav:
        recorded_s = wav.getnframes() / wav.getframerate()
    with wave.open(str(speech)) as wav:
        spoken_s = wav.getnframes() / wav.getframerate()
    assert recorded_s >= spoken_s
