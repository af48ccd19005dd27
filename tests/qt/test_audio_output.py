"""Sound out of the app (chime, answer playback) goes through PortAudio, never Qt Multimedia."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from desktop_app.core.audio.recorder import Recorder
from desktop_app.ui.services.chime import Chime
from tests.support.audio import PulseServer, espeak_wav
from tests.support.record import PROJECT_ROOT, read_wav

pytestmark = pytest.mark.audio

APP_SOURCES = PROJECT_ROOT / "desktop_app"

PLAY_EVERYTHING = """
import importlib, json, pkgutil, sys, time
from pathlib import Path
import desktop_app.core, desktop_app.ui
for package in (desktop_app.core, desktop_app.ui):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
from PySide6.QtWidgets import QApplication
from desktop_app.ui.review.playback import Playback
from desktop_app.ui.services.chime import Chime
app = QApplication([])
playback = Playback()
playback.load(Path(sys.argv[1]))
playback.play()
deadline = time.monotonic() + 20
while playback.position_s() < 0.5 and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
position = playback.position_s()
playback.stop()
rang = Chime().play()
print(json.dumps([position, rang, "PySide6.QtMultimedia" in sys.modules,
                  sorted(m for m in sys.modules if "Multimedia" in m or "QtQuick" in m
                         or "QtQml" in m)]))
"""


def test_no_app_source_names_qt_multimedia() -> None:
    users = [str(p.relative_to(PROJECT_ROOT)) for p in APP_SOURCES.rglob("*.py")
             if "QtMultimedia" in p.read_text(encoding="utf-8")]
    assert users == []


def test_playing_loads_no_qt_multimedia(pulse: PulseServer, tmp_path: Path) -> None:
    audio = espeak_wav("Playback through PortAudio only.", tmp_path / "answer.wav")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", PLAY_EVERYTHING, str(audio)], env=env,
                         cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    position, rang, multimedia, qt_heavy = json.loads(out.stdout.strip().splitlines()[-1])
    assert position >= 0.5 and rang is True  # it really played, and the chime rang
    assert multimedia is False and qt_heavy == []


def test_chime_rings_on_the_sound_card(pulse: PulseServer, tmp_path: Path,
                                       qtbot: Any) -> None:
    chime = Chime()
    rec = Recorder(tmp_path / "heard.wav", "pulse")
    rec.start()
    assert rec.audio_started
    try:
        assert chime.play() is True
        assert chime._player is not None
        assert chime._player.is_playing  # it returned while ringing: it does not wait
        assert chime.played == 1
        qtbot.wait(1200)
    finally:
        rec.stop()
    heard, rate = read_wav(tmp_path / "heard.wav")
    spectrum = np.abs(np.fft.rfft(heard))
    freqs = np.fft.rfftfreq(len(heard), 1 / rate)
    assert abs(freqs[np.argmax(spectrum)] - 880) < 5  # the bell's fundamental
    assert np.abs(heard).max() > 1000
    # The ring is over: its stream is closed, and the next ring opens a new one.
    qtbot.waitUntil(lambda: not chime._player.stream_open, timeout=3000)
    assert chime.play() is True and chime.played == 2
    chime.close()


def test_chime_is_silent_without_a_sound_card(no_audio_server: None) -> None:
    chime = Chime()
    assert chime.play() is False
    assert chime.played == 0
    chime.enabled = False
    assert chime.play() is False
