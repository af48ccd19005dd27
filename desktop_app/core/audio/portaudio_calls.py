"""Calls into PortAudio that a sound server cannot hold up.

A hung server (stopped, or starved of CPU) answers nothing, and PortAudio then waits for
it: in ``Pa_Initialize`` (importing sounddevice), in opening a stream and checking a
format, and in stopping and closing one. Each of those runs here on a daemon thread and
is waited for a bounded time; what outlives its wait is "in flight" until the server
answers, and ``settle`` waits for those (PortAudio must not be terminated under them).

sounddevice is imported lazily (importing it loads PortAudio, which may be missing on a
machine: that must be one plain sentence, not a crash at start-up).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any, TypeVar

from desktop_app.core.errors import UserError

log = logging.getLogger(__name__)

NO_PORTAUDIO = (
    "The PortAudio sound library is not installed; install it (on Debian or Ubuntu: "
    "sudo apt install libportaudio2) and start Stagecoach again."
)

# Starting PortAudio and opening a stream ask the sound server, and a hung one does not
# answer (PortAudio then waits until it does). Playback opens from the UI thread, so nobody
# waits longer than this.
OPEN_WAIT_S = 5.0

# Importing sounddevice initialises PortAudio, which asks the sound server for its devices;
# a hung server makes that wait until it answers. The import runs once, on a thread of its
# own, and callers wait for it at most OPEN_WAIT_S (after a first give-up, only briefly).
NO_ANSWER_AT_START = (
    "The sound system did not answer, so Stagecoach cannot use the microphone or the "
    "speakers yet; if this goes on, restart the sound service (or the computer), then try "
    "again.")
_sd_ready = threading.Event()
_sd_start_lock = threading.Lock()
_sd_result: list[ModuleType | BaseException] = []
_sd_started = False
_sd_waited_out = False


_sd_stderr: list[int] = []  # a copy of fd 2 while the import runs (see below)


def _import_sounddevice() -> None:
    try:
        import sounddevice

        _sd_result.append(sounddevice)
    except BaseException as exc:
        _sd_result.append(exc)
    finally:
        _started()


def _started() -> None:
    """PortAudio has started (or failed to): callers may go on, stderr is theirs again."""
    with _sd_start_lock:
        _sd_ready.set()
        while _sd_stderr:
            os.close(_sd_stderr.pop())


def _give_stderr_back() -> None:
    """sounddevice points fd 2 at /dev/null while PortAudio initialises (to hide ALSA's
    chatter); stuck there, it would swallow every later message, the CLI's sentence too."""
    with _sd_start_lock:
        if _sd_stderr and not _sd_ready.is_set():
            os.dup2(_sd_stderr[0], 2)


def sounddevice_module(wait_s: float | None = None) -> ModuleType:
    """Import sounddevice (once), turning a missing PortAudio library into a UserError and
    a sound server that does not answer within ``wait_s`` (default OPEN_WAIT_S) into
    another."""
    global _sd_started, _sd_waited_out
    if not _sd_ready.is_set():
        with _sd_start_lock:
            if not _sd_started:
                _sd_started = True
                with contextlib.suppress(OSError):
                    _sd_stderr.append(os.dup(2))
                _run_in_flight(_import_sounddevice, "stagecoach-portaudio-init")
        wait = OPEN_WAIT_S if wait_s is None else wait_s
        if not _sd_ready.wait(0.2 if _sd_waited_out else wait):
            _sd_waited_out = True
            _give_stderr_back()
            log.info("PortAudio initialisation: no answer from the sound server")
            raise UserError(NO_ANSWER_AT_START)
    result = _sd_result[0]
    if isinstance(result, OSError):  # "PortAudio library not found"
        raise UserError(NO_PORTAUDIO) from result
    if isinstance(result, BaseException):
        raise result
    return result


def restart_portaudio(wait_s: float = OPEN_WAIT_S) -> None:
    """Terminate and initialise PortAudio again, so that it reads the device list afresh.

    Initialising asks the sound server, as at the first start, so this is bounded the same
    way: it runs on a thread of its own, and until it is done every ``sounddevice_module``
    caller waits for it (PortAudio must not be used half-started). A server that does not
    answer within ``wait_s`` is the UserError NO_ANSWER_AT_START; the restart finishes by
    itself when the server answers. Callers make sure no stream of ours is open or in
    flight first (``settle``): terminating closes every stream.
    """
    global _sd_waited_out
    sd = sounddevice_module()
    with _sd_start_lock:
        _sd_ready.clear()
        _sd_waited_out = False
        with contextlib.suppress(OSError):
            _sd_stderr.append(os.dup(2))  # sounddevice silences fd 2 here too

    def restart() -> None:
        try:
            sd._terminate()
            sd._initialize()
        except Exception as exc:  # later calls then report no devices, in a sentence
            log.warning("PortAudio restart failed: %s", exc)
        finally:
            _started()

    restarter = _run_in_flight(restart, "stagecoach-portaudio-restart")
    if not _sd_ready.wait(wait_s):
        _sd_waited_out = True
        _give_stderr_back()
        _gave_up_on(restarter)
        raise UserError(NO_ANSWER_AT_START)


# Opens and closes we stopped waiting for (see open_within, close_stream) go on on daemon
# threads. PortAudio must not be terminated under them: Pa_Terminate closes every stream
# and deadlocks inside libpulse with a close that is still waiting for the server.
_in_flight: set[threading.Thread] = set()
_in_flight_lock = threading.Lock()


def _run_in_flight(work: Callable[[], None], name: str) -> threading.Thread:
    """Start ``work`` on a daemon thread that counts as in flight until it returns."""
    def run() -> None:
        try:
            work()
        finally:
            with _in_flight_lock:
                _in_flight.discard(thread)

    thread = threading.Thread(target=run, name=name, daemon=True)
    with _in_flight_lock:
        _in_flight.add(thread)
    thread.start()
    return thread


def _gave_up_on(thread: threading.Thread) -> None:
    """A call into PortAudio we no longer wait for: the process must still be able to exit,
    so sounddevice's exit handler (Pa_Terminate, which would wait for it) is dropped; the
    system frees the streams of a process that ends."""
    log.info("%s: the sound system did not answer in time; left running", thread.name)
    sd = sys.modules.get("sounddevice")
    handler = getattr(sd, "_exit_handler", None)
    if handler is not None:
        atexit.unregister(handler)


def settle(timeout_s: float) -> bool:
    """Wait up to ``timeout_s`` for opens and closes we stopped waiting for; True when none
    is left (the server answered them)."""
    deadline = time.monotonic() + timeout_s
    while True:
        with _in_flight_lock:
            pending = list(_in_flight)
        if not pending:
            return True
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        pending[0].join(min(left, 0.1))


NOT_ANSWERING = ("The sound system did not answer for {wait:.0f} s, so the {what} could not "
                 "be opened; if this goes on, restart the sound service (or the computer), "
                 "then try again.")

T = TypeVar("T")


def open_within(open_: Callable[[], T], close: Callable[[T], object], what: str,
                wait_s: float = OPEN_WAIT_S) -> T:
    """``open_()`` on a daemon thread, waited for at most ``wait_s``.

    Its result, or its exception, as if called here; a UserError naming ``what`` when the
    sound system has not answered in time. Whatever it opens after that is handed to
    ``close`` as soon as it is open, so a late stream never lingers.
    """
    lock = threading.Lock()
    outcome: list[tuple[bool, Any]] = []  # (ok, value or exception)
    abandoned = False

    def run() -> None:
        try:
            value = open_()
        except BaseException as exc:
            with lock:
                outcome.append((False, exc))
            return
        with lock:
            outcome.append((True, value))
            late = abandoned
        if late:
            close(value)

    opener = _run_in_flight(run, f"stagecoach-open-{what}")
    opener.join(wait_s)
    with lock:
        if not outcome:
            abandoned = True
            _gave_up_on(opener)
            raise UserError(NOT_ANSWERING.format(wait=wait_s, what=what))
        ok, value = outcome[0]
    if not ok:
        raise value
    result: T = value
    return result


# A hung sound server (seen when it is stopped, or starved of CPU) blocks a stream's stop
# and close until it answers again; nobody waits longer than this for them.
CLOSE_WAIT_S = 1.0


def close_stream(stream: Any, *, drop_buffered: bool = False,
                 wait_s: float = CLOSE_WAIT_S) -> bool:
    """Stop and close a PortAudio stream; a device that is already gone is not an error.

    ``drop_buffered``: abort (playback pause/stop must be immediate) instead of letting
    what is buffered play out or be delivered (a recording keeps its last block).
    Waits at most ``wait_s``: after that the closing goes on, on its own daemon thread, and
    False is returned (the stream's callback may still run once more when the server wakes).
    """
    def close() -> None:
        stop = stream.abort if drop_buffered else stream.stop
        try:
            stop()
        except Exception as exc:  # the device may already be gone
            log.debug("stream.%s: %s", stop.__name__, exc)
        try:
            stream.close()
        except Exception as exc:
            log.debug("stream.close: %s", exc)

    closer = _run_in_flight(close, "stagecoach-stream-close")
    closer.join(wait_s)
    if closer.is_alive():
        _gave_up_on(closer)
        return False
    return True
