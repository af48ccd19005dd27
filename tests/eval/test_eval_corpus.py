"""The synthesised corpus's truth is right: silences are silent and as long as the script
says, fillers are where they were put, the noise is at the stated SNR, the rates are the
stated ones, and cached answers are reused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from desktop_app.evaluation.cache import CorpusCache
from desktop_app.evaluation.corpus import CorpusBuilder
from desktop_app.evaluation.scripts import SCRIPTS, pieces, quick_scripts
from desktop_app.evaluation.synthesis import (
    GAP_S,
    RATE,
    PiperSynth,
    piper_available,
    voice_fingerprint,
)
from desktop_app.evaluation.truth import Span, Truth

pytestmark = pytest.mark.skipif(not piper_available(), reason="needs the eval extra (piper)")
SCRIPT = SCRIPTS[0]  # fillers, a filled pause, pauses of 2.0, 0.8 and 3.0 s


def _samples(path: Path) -> np.ndarray:
    audio, rate = sf.read(path, dtype="int16")
    assert rate == RATE
    return np.asarray(audio)


def _power(audio: np.ndarray, spans: list[Span]) -> float:
    parts = [audio[int(a * RATE) : int(b * RATE)].astype(np.float64) for a, b in spans]
    return float(np.mean(np.square(np.concatenate(parts))))


def test_inserted_silences_are_silent_and_as_long_as_the_script_says(
        builder: CorpusBuilder) -> None:
    _, path, _, truth = builder.spoken(SCRIPT, "normal")
    audio = _samples(path)
    stated = [GAP_S if not isinstance(prev, float) else prev
              for prev, item in zip(SCRIPT.body, SCRIPT.body[1:], strict=False)
              if isinstance(item, str)]
    assert [round(b - a, 4) for a, b in truth.silences] == stated
    for a, b in truth.silences:
        start, end = round(a * RATE), round(b * RATE)
        assert not audio[start:end].any()  # digital silence, to the sample
        assert audio[start - 1] != 0 and audio[end] != 0  # speech on both sides
    assert len(audio) == round(truth.duration_s * RATE)


def test_fillers_are_labelled_where_their_pieces_were_put(builder: CorpusBuilder) -> None:
    _, path, _, truth = builder.spoken(SCRIPT, "normal")
    audio = _samples(path)
    expected = [(kind, text) for s in SCRIPT.body if isinstance(s, str)
                for kind, text in pieces(s) if kind != "say"]
    assert [(("sound" if f.kind == "filled_pause" else "filler"), f.text)
            for f in truth.fillers] == expected
    for filler in truth.fillers:
        inside = [s for s in truth.sentences if s.start <= filler.start < filler.end <= s.end]
        assert inside, filler
        voiced = audio[round(filler.start * RATE) : round(filler.end * RATE)]
        assert np.sqrt(np.mean(voiced.astype(np.float64) ** 2)) > 300  # a sound, not a gap
    assert Truth.from_dict(truth.to_dict()) == truth


def test_noise_10_is_at_10_db_snr_measured_in_the_file(builder: CorpusBuilder) -> None:
    _, _, _, truth = builder.spoken(SCRIPT, "normal")
    noisy = _samples(builder.noisy(SCRIPT, SCRIPTS[1:3], "pink", 10.0))
    # The noise alone is what the silences now hold; speech spans hold speech plus noise.
    noise = _power(noisy, truth.pauses(1.5))
    speech = _power(noisy, truth.speech) - noise
    assert 10 * np.log10(speech / noise) == pytest.approx(10.0, abs=1.0)
    quiet = _samples(builder.noisy(SCRIPT, SCRIPTS[1:3], "pink", 20.0))
    noise20 = _power(quiet, truth.pauses(1.5))
    assert 10 * np.log10((_power(quiet, truth.speech) - noise20) / noise20) == pytest.approx(
        20.0, abs=1.0)


def test_babble_and_reverb_keep_the_answer_and_its_length(builder: CorpusBuilder) -> None:
    _, _, clean, truth = builder.spoken(SCRIPT, "normal")
    babble = _samples(builder.noisy(SCRIPT, SCRIPTS[1:3], "babble", 10.0))
    wet = _samples(builder.reverberant(SCRIPT))
    assert len(babble) == len(wet) == len(clean)
    silence = truth.pauses(1.5)[0]
    assert _power(babble, [silence]) > 0  # other voices in the pause
    # The room's tail rings into the first tenth of a second of the pause, then decays.
    tail = (silence[0], silence[0] + 0.1)
    late = (silence[1] - 0.3, silence[1])
    assert _power(wet, [tail]) > 100 * max(_power(wet, [late]), 1.0)


def test_rates_are_slow_normal_and_fast(builder: CorpusBuilder) -> None:
    def wpm(rate: str) -> float:
        words = seconds = 0.0
        for script in quick_scripts():
            truth = builder.spoken(script, rate)[3]
            words += sum(len(s.words) for s in truth.sentences)
            seconds += sum(s.end - s.start for s in truth.sentences)
        return 60 * words / seconds

    assert 80 <= wpm("slow") <= 110
    assert 130 <= wpm("normal") <= 165
    assert 180 <= wpm("fast") <= 220


def test_synthesis_is_the_same_every_time(builder: CorpusBuilder) -> None:
    again = PiperSynth()
    first, second = again("We check the provenance.", 1.45), again("We check the provenance.", 1.45)
    assert np.array_equal(first, second)  # a cold cache makes the same corpus


def test_a_cached_answer_is_not_synthesised_again(eval_cache: Path,
                                                  builder: CorpusBuilder) -> None:
    first = builder.spoken(SCRIPT, "normal")

    def refuse(text: str, length_scale: float) -> np.ndarray:
        raise AssertionError(f"synthesised again: {text!r}")

    again = CorpusBuilder(CorpusCache(eval_cache), refuse, voice_fingerprint())
    second = again.spoken(SCRIPT, "normal")
    assert second[1] == first[1] and second[3] == first[3]
    changed = CorpusBuilder(CorpusCache(eval_cache), refuse, voice_fingerprint() + "-other")
    with pytest.raises(AssertionError, match="synthesised again"):
        changed.spoken(SCRIPT, "normal")
