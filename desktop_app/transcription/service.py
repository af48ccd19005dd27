"""Blocking, one-call transcription for the CLI and tests (the model runs in a worker)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.errors import UserError
from desktop_app.core.transcript import Transcript
from desktop_app.transcription.models import resolve_model
from desktop_app.transcription.options import TranscribeOptions
from desktop_app.transcription.worker import TranscriptionWorker


def check_audio_path(path: Path) -> None:
    """Fail fast, in this process, on what needs no decoding to be refused."""
    if not path.exists():
        raise UserError(f"The audio file {path} does not exist; check the path.")
    if path.is_dir():
        raise UserError(f"{path} is a folder, not an audio file; give the path of a file.")
    if path.stat().st_size == 0:
        raise UserError(f"The audio file {path} is empty; record or pick another file.")


def transcribe_file(path: str | Path, options: TranscribeOptions | None = None,
                    worker: TranscriptionWorker | None = None) -> Transcript:
    """Transcribe ``path`` in a worker process (a new one unless ``worker`` is given)."""
    options = options or TranscribeOptions()
    path = Path(path).expanduser()
    check_audio_path(path)
    resolve_model(options.model, options.engine)  # bad names and paths: fail before spawning
    if worker is not None:
        return worker.transcribe(path.resolve(), options)
    with TranscriptionWorker() as own:
        return own.transcribe(path.resolve(), options)
