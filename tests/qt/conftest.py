"""Fixtures for the desktop app tests (real widgets, offscreen)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from desktop_app.core.settings import load_settings
from desktop_app.ui.context import AppContext
from desktop_app.ui.services.background import wait_for_background
from tests.audio_support import PulseServer, refresh_portaudio


@pytest.fixture(scope="session", autouse=True)
def audio_server_before_qt_multimedia(pulse: PulseServer) -> PulseServer:
    """Qt Multimedia looks for the audio server once per process and never again: the
    virtual one must run before any test lets the app look for speakers (the Review page
    does), or every later playback test would see no output device."""
    return pulse


@pytest.fixture
def context() -> Iterator[AppContext]:
    ctx = AppContext(load_settings())
    yield ctx
    wait_for_background(10)
    ctx.shutdown()


@pytest.fixture
def window(qtbot: Any, context: AppContext) -> Iterator[Any]:
    """The main window, shown and active, with a fresh data folder."""
    from desktop_app.ui.main_window import MainWindow

    win = MainWindow(context.settings, context)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: win.isActiveWindow(), timeout=3000)
    yield win
    wait_for_background(30)
    win.shutdown()


@pytest.fixture
def no_audio_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No PulseAudio server reachable: no microphone and no speakers."""
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/stagecoach-test/native")
    refresh_portaudio()
    yield
    monkeypatch.undo()
    refresh_portaudio()
    assert "nonexistent" not in os.environ.get("PULSE_SERVER", "")
