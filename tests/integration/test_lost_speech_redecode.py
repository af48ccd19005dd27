"""A window whose words leave a sentence of speech unheard is decoded again.

tiny.en with the filler prompt sometimes stops after the first sentence of a slow answer.
That failure cannot be summoned on demand, so the real engine is wrapped to give, once,
what it gave then: the first sentence only. Everything else is real: the espeak answer,
the model, the acoustic measure of speech under no word, and the second decode.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import soundfile as sf

from desktop_app.core.transcript import Segment, Transcript
from desktop_app.transcription.engines import load_engine
from desktop_app.transcription.options import TranscribeOptions
from desktop_app.transcription.unheard_speech import LOST_SPEECH_S, unheard_speech_s
from desktop_app.transcription.windowed import transcribe_window
from tests.support.transcription import speech, words_of

pytestmark = pytest.mark.model

ANSWER = ("We start with annotator calibration across every labelling team. Then we compare "
          "their agreement with a gold set before any data enters training.")


class FirstSentenceOnlyOnce:
    """The real engine, except that its first answer stops after the first sentence."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.calls: list[tuple[bool, str | None]] = []
        self.name, self.model_name = engine.name, engine.model_name

    def transcribe(self, audio: Any, options: TranscribeOptions, context: str | None = None,
                   on_segment: Any = None) -> Transcript:
        self.calls.append((options.filler_prompt, context))
        full: Transcript = self.engine.transcribe(audio, options, context)
        if len(self.calls) > 1:
            return full
        words = full.words
        cut = next(i for i, w in enumerate(words) if w.word.endswith(".")) + 1
        kept = tuple(words[:cut])
        return Transcript(full.engine, full.model, full.language, full.duration_s,
                          (Segment(kept[0].start, kept[-1].end,
                                   " ".join(w.word for w in kept), kept),))


@pytest.fixture(scope="module")
def engine() -> Any:
    return load_engine(TranscribeOptions())


@pytest.fixture(scope="module")
def audio(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    wav = speech(ANSWER, tmp_path_factory.mktemp("lost") / "slow.wav", wpm=100)
    samples, rate = sf.read(wav, dtype="float32")
    assert rate == 16000
    return np.asarray(samples, dtype=np.float32)


def test_a_lost_sentence_is_measured_and_decoded_again(engine: Any, audio: np.ndarray) -> None:
    options = TranscribeOptions()
    whole = transcribe_window(engine, audio, options, None)
    assert unheard_speech_s(whole, audio) == 0.0
    assert {"agreement", "training"} <= set(words_of(whole))

    cut_engine = FirstSentenceOnlyOnce(engine)
    kept = transcribe_window(cut_engine, audio, options, "Earlier text.")
    # Decoded twice: first as usual, then without the filler prompt and the context.
    assert cut_engine.calls == [(True, "Earlier text."), (False, None)]
    assert len(kept.words) >= len(whole.words) - 2
    assert "training" in words_of(kept)


def test_speech_under_no_word_counts_only_past_a_filled_pause(engine: Any,
                                                               audio: np.ndarray) -> None:
    whole = engine.transcribe(audio, TranscribeOptions())
    words = whole.words
    cut = next(i for i, w in enumerate(words) if w.word.endswith(".")) + 1
    first = Transcript(whole.engine, whole.model, whole.language, whole.duration_s,
                       (Segment(words[0].start, words[cut - 1].end, "", tuple(words[:cut])),))
    second_sentence_s = words[-1].end - words[cut].start
    lost = unheard_speech_s(first, audio)
    assert lost >= 0.6 * second_sentence_s and lost <= second_sentence_s + 0.5
    # One word missing is about as long as a filled pause: not a lost sentence.
    one_missing = tuple(w for k, w in enumerate(words) if k != cut + 2)
    gap = Transcript(whole.engine, whole.model, whole.language, whole.duration_s,
                     (Segment(words[0].start, words[-1].end, "", one_missing),))
    assert words[cut + 2].end - words[cut + 2].start < LOST_SPEECH_S
    assert unheard_speech_s(gap, audio) == 0.0
