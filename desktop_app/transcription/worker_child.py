"""The worker process's main loop: holds the loaded model, answers requests in order.

Started with the "spawn" method, so it shares nothing with the app but the queues.
The only place where engines (and so ctranslate2/torch) are imported.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from dataclasses import replace
from typing import Any

from desktop_app.core.errors import UserError
from desktop_app.core.transcript import Segment
from desktop_app.transcription.av_shim import ensure_importable
from desktop_app.transcription.messages import (
    Error,
    Final,
    LoadRequest,
    Partial,
    Progress,
    ShutdownRequest,
    TranscribeRequest,
)
from desktop_app.transcription.options import TranscribeOptions, effective_threads
from desktop_app.transcription.windowed import shift

# Tests set this to a file path: every network operation the child attempts is written
# there and refused, which proves a transcription used no network at all.
NETWORK_AUDIT_ENV = "STAGECOACH_NETWORK_AUDIT_LOG"
_NETWORK_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.bind", "socket.sendto",
                   "socket.gethostbyname", "urllib.Request")


def _install_network_audit(log_path: str) -> None:
    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event in _NETWORK_EVENTS:
            with open(log_path, "a", encoding="utf-8") as fh:
                fh.write(f"{event} {args!r}\n")
            raise PermissionError(f"network use is blocked in this worker ({event})")

    sys.addaudithook(hook)


def _engine_key(o: TranscribeOptions) -> tuple[str, str, str, int]:
    return (o.engine, o.model, o.compute_type, effective_threads(o.cpu_threads))


class _Child:
    def __init__(self, replies: Any) -> None:
        self.replies = replies
        self.engines: dict[tuple[str, str, str, int], Any] = {}

    def engine(self, job_id: str, options: TranscribeOptions) -> tuple[Any, float]:
        from desktop_app.transcription.engines import load_engine

        key = _engine_key(options)
        if key in self.engines:
            return self.engines[key], 0.0
        self.replies.put(Progress(job_id, "loading"))
        started = time.perf_counter()
        # One model at a time (a second would double the memory for nothing), but the
        # same model may be loaded twice with different thread counts (live tail).
        for other in [k for k in self.engines if k[:3] != key[:3]]:
            del self.engines[other]
        engine = load_engine(options)
        load_s = time.perf_counter() - started
        self.engines[key] = engine
        self.replies.put(Progress(job_id, "loaded", load_s=load_s))
        return engine, load_s

    def transcribe(self, req: TranscribeRequest) -> None:
        from desktop_app.transcription.engines import as_audio
        from desktop_app.transcription.voice_activity import shifted, speech_segments
        from desktop_app.transcription.windowed import transcribe_window, transcribe_windows

        # Decoded first: a file that cannot be used is refused without loading a model.
        audio = as_audio(req.audio)
        engine, load_s = self.engine(req.job_id, req.options)
        duration = max(len(audio) / 16000.0, 1e-6)
        self.replies.put(Progress(req.job_id, "transcribing", 0.0))

        def on_segment(seg: Segment) -> None:
            self.replies.put(Partial(req.job_id, shift(seg, req.offset_s).to_dict()))
            self.replies.put(Progress(req.job_id, "transcribing", min(1.0, seg.end / duration)))

        started = time.perf_counter()
        if req.one_window:
            transcript = transcribe_window(engine, audio, req.options, req.context)
            for segment in transcript.segments:
                on_segment(segment)
        else:
            transcript = transcribe_windows(engine, audio, req.options, req.context, on_segment)
        speech = shifted(speech_segments(audio), req.offset_s)
        transcribe_s = time.perf_counter() - started
        transcript = replace(transcript,
                             segments=tuple(shift(s, req.offset_s) for s in transcript.segments),
                             speech=speech)
        self.replies.put(Final(req.job_id, transcript.to_dict(), transcribe_s, load_s))

    def handle(self, req: TranscribeRequest | LoadRequest) -> None:
        try:
            if isinstance(req, LoadRequest):
                _, load_s = self.engine(req.job_id, req.options)
                self.replies.put(Final(req.job_id, {}, 0.0, load_s))
            else:
                self.transcribe(req)
        except UserError as exc:
            self.replies.put(Error(req.job_id, exc.message))
        except MemoryError:
            self.replies.put(Error(req.job_id, "Transcription ran out of memory; close other "
                                   "programs or pick a smaller model."))
        except Exception:
            self.replies.put(Error(req.job_id, "Transcription failed because of an internal "
                                   "error.", user_error=False, detail=traceback.format_exc()))


def _die_with_parent(parent: int | None) -> None:
    """End this process when the app does, even if the app was killed.

    A daemon multiprocessing child is only stopped on a clean exit of its parent; after
    SIGKILL or a crash it would keep the model in memory forever. Linux can signal us
    directly; elsewhere a thread notices that the parent is gone.
    """
    # The app passes its pid: if it died while this process was still starting up,
    # getppid() already names init here, and only the passed pid tells.
    parent = parent or os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(0)


def child_main(requests: Any, replies: Any, parent_pid: int | None = None) -> None:
    _die_with_parent(parent_pid)
    audit_log = os.environ.get(NETWORK_AUDIT_ENV)
    if audit_log:
        _install_network_audit(audit_log)
    # Before any engine imports faster_whisper: in installs without PyAV its module-level
    # "import av" needs a placeholder (audio reaches the model as samples, never via av).
    ensure_importable()
    child = _Child(replies)
    while True:
        req = requests.get()
        if isinstance(req, ShutdownRequest):
            break
        child.handle(req)
    replies.close()
    replies.join_thread()
