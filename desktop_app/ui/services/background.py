"""Run blocking work (disk, database, model) off the UI thread, results back on it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

from desktop_app.core.errors import UserError

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the UI thread; its signals carry a job's outcome back there."""

    done = Signal(object, object)  # callback, result
    failed = Signal(object, object)  # callback, message

    def __init__(self) -> None:
        super().__init__()
        self.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object)
    def _deliver(self, callback: Callable[[Any], None] | None, value: object) -> None:
        if callback is None:
            return
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, QObject) and not shiboken6.isValid(owner):
            # The page or model that asked was closed while the job ran (a window shut
            # mid-plan): nobody is left to tell, and touching it would raise.
            log.debug("dropped a result for a deleted %s", type(owner).__name__)
            return
        callback(value)


INTERNAL_ERROR = ("Something went wrong inside Stagecoach; the details are in "
                  "logs/stagecoach.log in the data folder. Try again, or restart Stagecoach.")

_relay: _Relay | None = None
_threads: list[threading.Thread] = []


def _get_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()
    return _relay


def run_in_background(
    job: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    name: str = "stagecoach-job",
) -> threading.Thread:
    """Run ``job`` on a daemon thread; ``on_done(result)`` / ``on_error(message)`` run on
    the UI thread. A UserError's sentence is passed as is; any other exception is a bug,
    logged with its traceback and reported as a short plain sentence (never its text)."""
    relay = _get_relay()

    def runner() -> None:
        try:
            result = job()
        except UserError as exc:
            relay.failed.emit(on_error, exc.message)
        except Exception:
            # The exception's name and text may quote stored data: they go to the log only.
            log.exception("background job %s failed", name)
            relay.failed.emit(on_error, INTERNAL_ERROR)
        else:
            relay.done.emit(on_done, result)

    thread = threading.Thread(target=runner, name=name, daemon=True)
    _threads[:] = [t for t in _threads if t.is_alive()]
    _threads.append(thread)
    thread.start()
    return thread


def wait_for_background(timeout_s: float = 30.0) -> None:
    """Join running jobs (used at shutdown and by tests)."""
    for thread in list(_threads):
        thread.join(timeout_s)
