"""The baseline: faster-whisper with its default options on the same audio.

No prompt, no hotwords, no windows cut at pauses, no silence cutting; only the model,
the compute type and the thread count are the app's (so the figures differ by what the
app adds, not by the machine). `wer_plain` beside `wer` shows what those additions gain
or cost. Runs in this process; faster_whisper is imported only here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.core.audio.audio_decode import load_audio
from desktop_app.core.errors import UserError
from desktop_app.evaluation.words import normalise_words
from desktop_app.transcription.models import resolve_model
from desktop_app.transcription.options import effective_threads


class PlainRecognizer:
    def __init__(self, model: str, compute_type: str = "int8", cpu_threads: int = 0) -> None:
        from desktop_app.transcription.av_shim import ensure_importable

        ensure_importable()
        from faster_whisper import WhisperModel

        ref = resolve_model(model, "faster-whisper")
        where = str(ref.path) if ref.kind == "ct2" and ref.path is not None else ref.name
        try:
            self.model: Any = WhisperModel(where, device="cpu", compute_type=compute_type,
                                           cpu_threads=effective_threads(cpu_threads),
                                           local_files_only=True)
        except Exception as exc:  # a named model that is not on this computer
            raise UserError(f"The model {model} is not on this computer; `stagecoach eval` "
                            "uses the model set in Settings.") from exc

    def words(self, path: Path) -> list[str]:
        segments, _ = self.model.transcribe(load_audio(path))
        return normalise_words(" ".join(s.text for s in segments))
