"""Typed messages between the app and the transcription worker process.

Every message is a small dataclass with a ``type`` field; they travel pickled over
multiprocessing queues, never as parsed text. Transcripts travel as their dict form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from desktop_app.transcription.options import TranscribeOptions

# ------------------------------------------------------------ requests (app -> worker)


@dataclass(frozen=True)
class TranscribeRequest:
    job_id: str
    audio: str | npt.NDArray[np.float32]  # a file path (decoded in the worker) or samples
    options: TranscribeOptions
    offset_s: float = 0.0  # added to every timestamp (live chunks)
    context: str | None = None  # the text said before this audio
    one_window: bool = False  # already cut at pauses (a live chunk): decode it as it is
    type: Literal["transcribe"] = "transcribe"


@dataclass(frozen=True)
class LoadRequest:
    """Load (and verify/convert) a model ahead of time so the first job starts at once."""

    job_id: str
    options: TranscribeOptions
    type: Literal["load"] = "load"


@dataclass(frozen=True)
class ShutdownRequest:
    type: Literal["shutdown"] = "shutdown"


Request = TranscribeRequest | LoadRequest | ShutdownRequest


# ------------------------------------------------------------ replies (worker -> app)


@dataclass(frozen=True)
class Progress:
    job_id: str
    stage: str  # "loading", "loaded", "transcribing", "retrying"
    fraction: float = 0.0  # of the audio transcribed so far
    load_s: float | None = None
    type: Literal["progress"] = "progress"


@dataclass(frozen=True)
class Partial:
    """One finished segment, as soon as the engine produced it (offset already applied)."""

    job_id: str
    segment: dict[str, Any]
    type: Literal["partial"] = "partial"


@dataclass(frozen=True)
class Final:
    job_id: str
    transcript: dict[str, Any]
    transcribe_s: float = 0.0
    load_s: float = 0.0
    type: Literal["final"] = "final"


@dataclass(frozen=True)
class Error:
    job_id: str
    message: str
    user_error: bool = True  # a plain sentence for the user; False: a bug (details in detail)
    fatal: bool = True  # False: the job is being retried, a later message will follow
    detail: str = ""
    type: Literal["error"] = "error"


Message = Progress | Partial | Final | Error


@dataclass
class JobState:
    """What the app keeps for a job until it is final (to resubmit it after a crash)."""

    request: TranscribeRequest | LoadRequest
    attempts: int = 1
    messages: list[Message] = field(default_factory=list)
    done: bool = False
