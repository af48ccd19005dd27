"""Blocking, one-call transcription for the CLI and tests (the model runs in a worker)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.audio.audio_file import check_audio_file
from desktop_app.core.transcript import Transcript
from desktop_app.transcription.models import resolve_model
from desktop_app.transcription.options import TranscribeOptions
from desktop_app.transcription.worker import CRASHED_TWICE, TranscriptionWorker


def check_audio_path(path: Path) -> None:
    """Fail fast, in this process, on what needs no decoding to be refused (a missing,
    empty or unreadable file, a folder, a pipe or a device: see audio_file)."""
    check_audio_file(path)


def transcribe_file(path: str | Path, options: TranscribeOptions | None = None,
                    worker: TranscriptionWorker | None = None,
                    crashed_twice: str = CRASHED_TWICE) -> Transcript:
    """Transcribe ``path`` in a worker process (a new one unless ``worker`` is given).

    ``crashed_twice`` words a double crash of a worker of its own for where it is shown
    (the command line passes CRASHED_TWICE_CLI, which names --model, not Settings).
    """
    options = options or TranscribeOptions()
    path = Path(path).expanduser()
    check_audio_path(path)
    resolve_model(options.model, options.engine)  # bad names and paths: fail before spawning
    if worker is not None:
        return worker.transcribe(path.resolve(), options)
    with TranscriptionWorker(crashed_twice=crashed_twice) as own:
        return own.transcribe(path.resolve(), options)
