"""TranscriptionWorker: a persistent, killable child process that holds the model.

The app talks to it with typed messages only. A reader thread routes replies to jobs
and watches the child: if it dies (a crash, the OOM killer, SIGKILL) the job in flight
gets an ``Error(fatal=False)``, a fresh child is spawned and the unfinished jobs are
sent again, once; a second crash on the same job is reported as a fatal Error. The
caller is never taken down. cancel() kills the child and spawns a new one.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from desktop_app.core.errors import UserError
from desktop_app.core.transcript import Transcript
from desktop_app.transcription.messages import (
    Error,
    Final,
    JobState,
    LoadRequest,
    Message,
    Progress,
    ShutdownRequest,
    TranscribeRequest,
)
from desktop_app.transcription.options import TranscribeOptions


def start_resource_tracker_quietly() -> None:
    """Start multiprocessing's resource tracker with its stderr on the null device.

    The tracker is a helper process that outlives us by a moment and inherits our
    stderr. At exit it sometimes warns about a queue semaphore that was already removed
    ("resource_tracker: '/mp-…': [Errno 2] No such file or directory"), printed after
    the command line's one plain sentence. Those warnings are about Python's own clean-up
    and never about the user's work. No-op when it already runs, and off POSIX.
    """
    if os.name != "posix":
        return
    from multiprocessing import resource_tracker

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        saved = os.dup(2)
    except OSError:
        return
    try:
        os.dup2(devnull, 2)
        resource_tracker.ensure_running()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


CRASHED = "The transcription worker stopped unexpectedly; trying again."
CRASHED_TWICE = ("The transcription worker stopped unexpectedly twice on this audio; "
                 "try again, or pick a smaller model in Settings.")
# The same for the command line, which has no Settings: the model is chosen there by flag.
CRASHED_TWICE_CLI = ("The transcription worker stopped unexpectedly twice on this audio; "
                     "try again, or pick a smaller model with --model.")
CANCELLED = "Transcription was cancelled."
_POLL_S = 0.05


class TranscriptionWorker:
    def __init__(self, max_retries: int = 1, start: bool = True,
                 crashed_twice: str = CRASHED_TWICE) -> None:
        """``crashed_twice``: the sentence for a job that crashed the worker twice, worded
        for where it is shown (the app's Settings, or the command line's --model)."""
        self._ctx = mp.get_context("spawn")
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._jobs: dict[str, JobState] = {}
        self._order: list[str] = []  # unfinished jobs in the order the child takes them
        self._inbox: list[Message] = []  # not yet polled, in arrival order
        self._internal: set[str] = set()  # jobs the worker made itself (warm-up loads)
        self._ids = itertools.count(1)
        self._max_retries = max_retries
        self._crashed_twice = crashed_twice
        self._proc: Any = None
        self._requests: Any = None
        self._replies: Any = None
        self._expected_exit = False
        self._closed = False
        self._last_load: TranscribeOptions | None = None
        self.crashes = 0
        self._reader: threading.Thread | None = None
        if start:
            self.start()

    # ------------------------------------------------------------ process lifecycle

    def start(self) -> None:
        with self._lock:
            if self._proc is not None and self._proc.is_alive():
                return
            self._spawn()
            if self._reader is None:
                self._reader = threading.Thread(target=self._read_loop, name="transcription-"
                                                "worker-reader", daemon=True)
                self._reader.start()

    def _spawn(self) -> None:
        from desktop_app.transcription.worker_child import child_main

        start_resource_tracker_quietly()
        self._requests = self._ctx.Queue()
        # A request (an audio chunk) can sit in the queue's feeder thread when the child
        # dies; without this, interpreter exit would wait on that thread forever.
        self._requests.cancel_join_thread()
        self._replies = self._ctx.Queue()
        self._proc = self._ctx.Process(
            target=child_main,
            args=(self._requests, self._replies, os.getpid()),
            name="stagecoach-transcriber",
            daemon=True,
        )
        self._expected_exit = False
        self._proc.start()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def is_alive(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    def close(self, timeout: float = 5.0) -> None:
        with self._lock:
            self._closed = True
            self._expected_exit = True
            proc = self._proc
            if proc is not None and proc.is_alive():
                try:
                    self._requests.put(ShutdownRequest())
                except (OSError, ValueError):
                    pass
        if proc is not None:
            proc.join(timeout)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout)
        if self._reader is not None:
            self._reader.join(timeout)

    def __enter__(self) -> TranscriptionWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ jobs

    def _new_id(self) -> str:
        return f"job-{next(self._ids)}"

    def _send(self, job_id: str, request: TranscribeRequest | LoadRequest) -> str:
        with self._lock:
            if self._closed:
                raise RuntimeError("the transcription worker is closed")
            if not self.is_alive():
                self._spawn()
            self._jobs[job_id] = JobState(request)
            self._order.append(job_id)
            self._requests.put(request)
        return job_id

    def preload(self, options: TranscribeOptions, quiet: bool = False) -> str:
        """Load the model now; the job's Final arrives when it is ready (unless quiet)."""
        job_id = self._new_id()
        if quiet:
            with self._lock:
                self._internal.add(job_id)
        else:
            self._last_load = options
        return self._send(job_id, LoadRequest(job_id, options))

    def submit(self, audio: str | Path | Any, options: TranscribeOptions, offset_s: float = 0.0,
               context: str | None = None, one_window: bool = False) -> str:
        """``one_window``: the audio is one window already (a live chunk cut at pauses);
        otherwise the worker cuts it into windows at pauses itself (windowed)."""
        self._last_load = options
        job_id = self._new_id()
        payload = str(audio) if isinstance(audio, str | Path) else audio
        return self._send(job_id, TranscribeRequest(job_id, payload, options, offset_s, context,
                                                    one_window))

    def poll(self, job_ids: Iterable[str] | None = None) -> list[Message]:
        """Messages that arrived since the last poll (for the given jobs, or all)."""
        wanted = None if job_ids is None else set(job_ids)
        with self._lock:
            if wanted is None:
                out, self._inbox = self._inbox, []
                return out
            out = [m for m in self._inbox if m.job_id in wanted]
            self._inbox = [m for m in self._inbox if m.job_id not in wanted]
            return out

    def wait(self, job_id: str, timeout: float | None = None,
             on_message: Callable[[Message], None] | None = None) -> Final:
        """Block until the job's Final (returned) or fatal Error (raised as UserError)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._changed:
                msgs = self.poll([job_id])
                if not msgs:
                    remaining = None if deadline is None else deadline - time.monotonic()
                    if remaining is not None and remaining <= 0:
                        raise TimeoutError(f"transcription job {job_id} did not finish")
                    self._changed.wait(_POLL_S if remaining is None else min(remaining, 0.5))
                    continue
            for msg in msgs:
                if on_message is not None:
                    on_message(msg)
                if isinstance(msg, Final):
                    return msg
                if isinstance(msg, Error) and msg.fatal:
                    if msg.user_error:
                        raise UserError(msg.message)
                    raise RuntimeError(f"{msg.message}\n{msg.detail}")

    def transcribe(self, audio: str | Path | Any, options: TranscribeOptions,
                   timeout: float | None = None, offset_s: float = 0.0,
                   context: str | None = None) -> Transcript:
        final = self.wait(self.submit(audio, options, offset_s, context), timeout)
        return Transcript.from_dict(final.transcript)

    def cancel(self, job_id: str | None = None) -> None:
        """Stop the given job (or all): kill the child, keep the other jobs, respawn."""
        with self._lock:
            targets = [j for j in self._order if job_id is None or j == job_id]
            if not targets:
                return
            self._expected_exit = True
            proc = self._proc
        if proc is not None:
            proc.kill()
            proc.join(5)
        with self._changed:
            for j in targets:
                self._finish(j, Error(j, CANCELLED))
            self._respawn_with_pending()

    def _respawn_with_pending(self, warm: bool = True) -> None:
        if self._closed:
            return
        if not self._order and not warm:
            return  # spawned again by the next submit; no loop of crashing warm-ups
        self._spawn()
        if not self._order and self._last_load is not None:
            # Keep the model warm for the next job.
            job_id = self._new_id()
            self._internal.add(job_id)
            self._jobs[job_id] = JobState(LoadRequest(job_id, self._last_load))
            self._order.append(job_id)
        for j in self._order:
            self._requests.put(self._jobs[j].request)

    def _finish(self, job_id: str, msg: Message) -> None:
        state = self._jobs.pop(job_id, None)
        if job_id in self._order:
            self._order.remove(job_id)
        if state is not None and job_id not in self._internal:
            self._inbox.append(msg)
        self._internal.discard(job_id)
        self._changed.notify_all()

    # ------------------------------------------------------------ the reader thread

    def _read_loop(self) -> None:
        while True:
            with self._lock:
                replies, proc = self._replies, self._proc
                if self._closed and (proc is None or not proc.is_alive()):
                    self._drain(replies)
                    return
            try:
                msg = replies.get(timeout=_POLL_S)
            except queue.Empty:
                self._check_child(replies, proc)
                continue
            except (EOFError, OSError, ValueError):
                time.sleep(_POLL_S)
                self._check_child(replies, proc)
                continue
            self._route(msg)

    def _drain(self, replies: Any) -> None:
        while True:
            try:
                self._route(replies.get_nowait())
            except (queue.Empty, EOFError, OSError, ValueError):
                return

    def _route(self, msg: Message) -> None:
        with self._changed:
            state = self._jobs.get(msg.job_id)
            if state is None:
                return  # a job already cancelled or finished
            if isinstance(msg, Final) or (isinstance(msg, Error) and msg.fatal):
                self._finish(msg.job_id, msg)
            elif msg.job_id not in self._internal:
                self._inbox.append(msg)
                self._changed.notify_all()

    def _check_child(self, replies: Any, proc: Any) -> None:
        with self._changed:
            if proc is not self._proc or proc is None or proc.is_alive():
                return
            if self._expected_exit or self._closed:
                return
            self._drain(replies)  # what it managed to send before dying
            self.crashes += 1
            if self._order:
                in_flight = self._order[0]
                state = self._jobs[in_flight]
                if state.attempts > self._max_retries:
                    self._finish(in_flight, Error(in_flight, self._crashed_twice,
                                                  detail=f"exit code {proc.exitcode}"))
                else:
                    state.attempts += 1
                    self._inbox.append(Error(in_flight, CRASHED, fatal=False,
                                             detail=f"exit code {proc.exitcode}"))
                    self._inbox.append(Progress(in_flight, "retrying"))
            self._respawn_with_pending(warm=False)

    # ------------------------------------------------------------ measurements

    def peak_rss_mb(self) -> float | None:
        """The child's peak resident memory so far (Linux VmHWM, else current RSS)."""
        pid = self.pid
        if pid is None:
            return None
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
        except OSError:
            pass
        try:
            import psutil

            return float(psutil.Process(pid).memory_info().rss) / 1e6
        except Exception:
            return None
