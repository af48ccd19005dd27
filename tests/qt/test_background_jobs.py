"""Background jobs' results come back on the UI thread, and only to someone still there."""

from __future__ import annotations

import threading
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from desktop_app.ui.services.background import run_in_background, wait_for_background


class _Asker(QObject):
    told = Signal(object)

    def on_result(self, value: object) -> None:
        self.told.emit(value)  # raises if this object was deleted


def test_a_result_reaches_its_asker_on_the_ui_thread(qtbot: Any) -> None:
    asker = _Asker()
    threads: list[threading.Thread] = []
    asker.told.connect(lambda _value: threads.append(threading.current_thread()))
    with qtbot.waitSignal(asker.told, timeout=5000) as signal:
        run_in_background(lambda: 42, asker.on_result)
    assert signal.args == [42]
    assert threads == [threading.main_thread()]


def test_a_result_for_a_closed_page_is_dropped_quietly(qtbot: Any) -> None:
    """A window closed while its plan was being made: the plan arrives to nobody, and
    no exception escapes into the event loop (pytest-qt fails the test if one does)."""
    release = threading.Event()
    asker = _Asker()
    heard: list[object] = []
    asker.told.connect(heard.append)
    run_in_background(lambda: release.wait(10) and 7, asker.on_result)
    shiboken6.delete(asker)  # the page goes first
    release.set()
    wait_for_background(10)
    qtbot.wait(200)  # the queued delivery runs here
    assert heard == []
    assert not shiboken6.isValid(asker)
