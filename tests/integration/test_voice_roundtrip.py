"""The real voice says the real questions: each, synthesised at the normal speed and
transcribed back by the shipped Whisper model, matches its text (WER <= 0.1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.banks.library import load_bank
from desktop_app.core.paths import shipped_banks_dir
from desktop_app.evaluation.scoring import align
from desktop_app.evaluation.words import normalise_words
from desktop_app.transcription.options import TranscribeOptions
from desktop_app.transcription.worker import TranscriptionWorker
from desktop_app.voice.cache import SpeechCache
from desktop_app.voice.speech import Voice

pytestmark = pytest.mark.model


def _questions() -> list[str]:
    bank = load_bank(shipped_banks_dir() / "ai-lab-data-pm.toml")
    # The first question of each stage: five texts of different kinds and lengths.
    return [stage.questions[0].prompt for stage in bank.stages]


def test_each_stage_question_is_heard_back_as_written(tmp_path: Path) -> None:
    voice = Voice(cache=SpeechCache(tmp_path))
    errors = total = 0
    worst: tuple[float, str, str] = (0.0, "", "")
    with TranscriptionWorker() as worker:
        for text in _questions():
            heard = worker.transcribe(voice.wav_for(text), TranscribeOptions())
            reference = normalise_words(text)
            hypothesis = normalise_words(" ".join(w.word for w in heard.words))
            distance, _ = align(reference, hypothesis)
            errors += distance
            total += len(reference)
            worst = max(worst, (distance / len(reference), text, " ".join(hypothesis)))
    assert total > 60
    assert errors / total <= 0.1, f"WER {errors / total:.3f}; worst {worst}"
    assert worst[0] <= 0.2, f"worst question: {worst}"
