"""The decisions every caller shares: what the recogniser is biased with, the options it
runs with, and what the analyser is told about that biasing.

The analyser trusts a low-probability word only when it was one of the biased terms, so
it must be told exactly the terms the transcription used: with biasing off that is none.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from desktop_app.core.banks.model import Bank, Question
from desktop_app.core.settings import Settings
from desktop_app.core.transcript import Transcript

if TYPE_CHECKING:
    from desktop_app.core.analysis.acoustics import Frames
    from desktop_app.core.analysis.report import Report
    from desktop_app.transcription.options import TranscribeOptions
    from desktop_app.transcription.worker import TranscriptionWorker


def answer_hotwords(settings: Settings, bank: Bank, question: Question) -> list[str]:
    """The question's expected terms when Settings bias the recogniser towards them,
    else none."""
    if not settings.transcription.bias_expected_terms:
        return []
    from desktop_app.core.analysis import expected_hotwords

    return list(expected_hotwords(question, bank))


def transcribe_options(settings: Settings, bank: Bank, question: Question) -> TranscribeOptions:
    """The settings' transcription options with the answer's hotwords."""
    from desktop_app.transcription.options import TranscribeOptions

    return TranscribeOptions.from_settings(settings, answer_hotwords(settings, bank, question))


def transcribe_answer(audio_path: Path, settings: Settings, bank: Bank, question: Question,
                      worker: TranscriptionWorker | None = None,
                      crashed_twice: str | None = None) -> Transcript:
    """The whole file transcribed in a worker process (``worker``, else one of its own;
    ``crashed_twice`` words a double crash of that one for where it is shown)."""
    from desktop_app.transcription.service import transcribe_file

    options = transcribe_options(settings, bank, question)
    if crashed_twice is None:
        return transcribe_file(audio_path, options, worker=worker)
    return transcribe_file(audio_path, options, worker=worker, crashed_twice=crashed_twice)


def analyse_answer(transcript: Transcript, settings: Settings, bank: Bank, question: Question,
                   *, audio: npt.NDArray[np.float32] | None = None,
                   frames: Frames | None = None, used_s: float | None = None,
                   asked_follow_ups: Sequence[str] = ()) -> Report:
    """The report, told the hotwords the transcription was given (``frames``: the frame
    analysis made while recording, instead of ``audio``; ``asked_follow_ups``: the
    follow-ups the history already asked for this question, so the report's follow-up is a
    new one)."""
    from desktop_app.core.analysis import analyze_answer

    return analyze_answer(transcript, question, bank, settings.analysis, audio=audio,
                          used_s=used_s, frames=frames,
                          hotwords=answer_hotwords(settings, bank, question),
                          asked_follow_ups=asked_follow_ups)
