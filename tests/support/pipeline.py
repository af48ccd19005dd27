"""A recorded answer through the real pipeline, as the app runs it after an answer: the
worker transcribes it (with the question's hotwords) and the analyzer reads the transcript
and the audio. The question is the default bank's mission-alignment one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from desktop_app.core.analysis import analyze_answer, expected_hotwords
from desktop_app.core.analysis.report import Report
from desktop_app.core.audio.audio_decode import load_audio
from desktop_app.core.banks.library import find_question, load_bank
from desktop_app.core.settings import Settings
from desktop_app.core.transcript import Transcript
from desktop_app.evaluation.runner import bank_path
from desktop_app.pipeline.answer import analyse_answer, transcribe_answer
from desktop_app.transcription.options import TranscribeOptions
from desktop_app.transcription.service import transcribe_file
from desktop_app.transcription.worker import TranscriptionWorker

QUESTION = "ms-why-safety-lab"
RATE = 16000


def answer_report(audio: Path) -> tuple[Transcript, Report]:
    """The transcript and report of the answer in ``audio``."""
    settings = Settings()
    bank, question = find_question(QUESTION, settings, None)
    transcript = transcribe_answer(audio, settings, bank, question)
    return transcript, analyse_answer(transcript, settings, bank, question,
                                      audio=load_audio(audio))


def samples_report(samples: np.ndarray, wav: Path) -> tuple[Transcript, Report]:
    """``samples`` (16 kHz mono) written to ``wav`` as PCM16, and their transcript and
    report."""
    sf.write(wav, samples, RATE, subtype="PCM_16")
    return answer_report(wav)


def eval_report(audio: Path, question_id: str,
                worker: TranscriptionWorker) -> tuple[Transcript, dict[str, Any]]:
    """A corpus answer as `stagecoach eval` analyses it: the eval bank's question and its
    hotwords, the app's default settings; the transcript and the report's JSON."""
    settings = Settings()
    bank = load_bank(bank_path())
    question = next(q for q in bank.all_questions() if q.id == question_id)
    hotwords = expected_hotwords(question, bank)
    transcript = transcribe_file(audio, TranscribeOptions.from_settings(settings, hotwords),
                                 worker=worker)
    report = analyze_answer(transcript, question, bank, settings.analysis,
                            audio=load_audio(audio), hotwords=hotwords)
    return transcript, report.to_dict()
