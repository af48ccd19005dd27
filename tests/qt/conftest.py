"""Fixtures for the desktop app tests (real widgets, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from desktop_app.core.settings import load_settings
from desktop_app.ui.context import AppContext
from desktop_app.ui.services.background import wait_for_background
from tests.support.audio import PulseServer


@pytest.fixture(scope="session", autouse=True)
def audio_server(pulse: PulseServer) -> PulseServer:
    """The virtual sound card runs for every app test: the app records from it, plays
    answers and chimes to it. (PortAudio reads the device list when it is initialised;
    the fixtures that start or hide a server re-read it with ``refresh_portaudio``.)"""
    return pulse


@pytest.fixture
def context() -> Iterator[AppContext]:
    ctx = AppContext(load_settings())
    yield ctx
    wait_for_background(10)
    ctx.shutdown()


@pytest.fixture
def window(qtbot: Any, context: AppContext) -> Iterator[Any]:
    """The main window, shown and active, with a fresh data folder, in the look the app
    starts with (its stylesheet changes sizes: tests measure what a user sees)."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, context.settings.ui.theme)
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
