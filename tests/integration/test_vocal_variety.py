"""Vocal variety and loudness on real speech: the neural voice (lively), espeak-ng and the
neural voice with its melody flattened by Praat (monotone), and sox pitch shifts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.analysis.acoustics import analyse_frames
from desktop_app.core.analysis.vocal import VocalSettings, measure_loudness, measure_pitch
from desktop_app.core.transcript import Word
from tests.support.prosody import (
    RATE,
    STORY,
    espeak,
    flattened,
    neural,
    read_wav,
    repeated,
    shifted,
)
from tests.support.style_cases import Score

SETTINGS = VocalSettings()


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, bool]]:
    """name → (WAV, is it monotone?)."""
    d = tmp_path_factory.mktemp("prosody")
    lively = neural(STORY, d / "neural.wav")
    robot = espeak(STORY, d / "espeak.wav")
    flat = flattened(lively, d / "flat.wav")
    return {
        "neural": (lively, False),
        "neural +4 st": (shifted(lively, 400, d / "up4.wav"), False),
        "neural +7 st": (shifted(lively, 700, d / "up7.wav"), False),
        "neural -1 st": (shifted(lively, -100, d / "down1.wav"), False),
        # Near 70 Hz: under Praat's default 75 Hz floor, where one fixed range jumped an
        # octave up and read a 29-semitone range.
        "neural -4 st": (shifted(lively, -400, d / "down4.wav"), False),
        "neural x2": (repeated(lively, 2, d / "neural2.wav"), False),
        "espeak": (robot, True),
        "neural flattened": (flat, True),
        "espeak flattened": (flattened(robot, d / "espeak_flat.wav"), True),
        "flattened +5 st": (shifted(flat, 500, d / "flat_up5.wav"), True),
        "flattened x2": (repeated(flat, 2, d / "flat2.wav"), True),
    }


def monotone_score(clips: dict[str, tuple[Path, bool]]) -> Score:
    score = Score()
    for wav, truth in clips.values():
        pitch = measure_pitch(read_wav(wav), RATE, SETTINGS)
        assert pitch is not None
        score.add_bool(bool(pitch.monotone), truth)
    return score


def test_monotone_is_told_from_lively_speech(clips: dict[str, tuple[Path, bool]]) -> None:
    score = monotone_score(clips)
    assert score.precision == 1.0, score  # a lively voice is never called monotone
    assert score.recall >= 0.8, score


def test_a_flattened_voice_is_monotone_throughout(clips: dict[str, tuple[Path, bool]]) -> None:
    wav = clips["flattened x2"][0]
    pitch = measure_pitch(read_wav(wav), RATE, SETTINGS)
    assert pitch is not None
    # Its range is its creak: PSOLA keeps the original's irregular periods at phrase ends,
    # about 5 % of the frames, 4 semitones under the flat line (a fixed 75 Hz floor hid
    # them, and with them a low voice's real low notes). A lively voice measures 9.
    assert pitch.range_semitones < 5.0
    assert pitch.variation < 0.3
    covered = sum(m.end - m.start for m in pitch.monotone)
    assert covered >= 0.9 * (len(read_wav(wav)) / RATE)


def test_the_neural_voice_is_lively(clips: dict[str, tuple[Path, bool]]) -> None:
    pitch = measure_pitch(read_wav(clips["neural"][0]), RATE, SETTINGS)
    assert pitch is not None
    assert pitch.monotone == ()
    assert pitch.variation > SETTINGS.monotone_semitones
    assert pitch.range_semitones > 6.0
    assert 70 < pitch.median_hz < 140  # a male voice
    # Within the tracker's widest range (the speaker's own range is set inside it).
    assert len(pitch.contour) > 40 and all(50 <= hz <= 600 for _, hz in pitch.contour)


@pytest.mark.parametrize(("name", "semitones"), [("neural +4 st", 4), ("neural +7 st", 7),
                                                 ("neural -1 st", -1), ("neural -4 st", -4)])
def test_a_shifted_voice_moves_its_median_and_keeps_its_variety(
        clips: dict[str, tuple[Path, bool]], name: str, semitones: int) -> None:
    base = measure_pitch(read_wav(clips["neural"][0]), RATE, SETTINGS)
    moved = measure_pitch(read_wav(clips[name][0]), RATE, SETTINGS)
    assert base is not None and moved is not None
    measured = 12 * np.log2(moved.median_hz / base.median_hz)
    assert measured == pytest.approx(semitones, abs=1.0)
    assert moved.variation == pytest.approx(base.variation, abs=0.8)
    assert moved.range_semitones == pytest.approx(base.range_semitones, abs=1.5)


def test_no_voice_gives_no_pitch() -> None:
    rng = np.random.default_rng(1)
    hiss = (0.01 * rng.standard_normal(RATE * 5)).astype(np.float32)
    assert measure_pitch(hiss, RATE, SETTINGS) is None
    assert measure_pitch(np.zeros(RATE * 5, np.float32), RATE, SETTINGS) is None


def _sentence_words(text: str, start: float, end: float) -> list[Word]:
    """The sentence's words spread evenly over its sound (a clean transcript's timing)."""
    parts = text.split()
    step = (end - start) / len(parts)
    return [Word(w, start + i * step, start + (i + 1) * step, 0.95) for i, w in enumerate(parts)]


SENTENCES = [
    "We measured the labelling cost every week.",
    "The guidelines were rewritten for the hardest cases.",
    "Disagreement between the annotators fell by a third.",
    "Review cost dropped by twenty percent in two months.",
    "The team now checks the numbers before every change.",
    "We would do the same again on the next project.",
]


@pytest.fixture(scope="module")
def sentences(tmp_path_factory: pytest.TempPathFactory) -> list[np.ndarray]:
    d = tmp_path_factory.mktemp("sentences")
    out = []
    for i, text in enumerate(SENTENCES):
        audio = read_wav(neural(text, d / f"s{i}.wav"))
        out.append(audio[int(0.45 * RATE):len(audio) - int(0.45 * RATE)])  # trim the pads
    return out


FADE_S = 0.6  # about the last word


def _answer(sentences: list[np.ndarray], fade: set[int], quiet: set[int],
            ) -> tuple[np.ndarray, list[Word], list[float]]:
    """The sentences with 0.4 s between them; those in ``fade`` fade out over their last
    ``FADE_S`` (-16 dB: trailing off), those in ``quiet`` are said 15 dB softer. Returns
    audio, words and the starts of the faded sentences' last words."""
    gap = np.zeros(int(0.4 * RATE), np.float32)
    pieces: list[np.ndarray] = []
    words: list[Word] = []
    faded: list[float] = []
    t = 0.0
    for i, (text, audio) in enumerate(zip(SENTENCES, sentences, strict=True)):
        audio = audio.copy()
        if i in quiet:
            audio *= 10 ** (-15 / 20)
        said = _sentence_words(text, t, t + len(audio) / RATE)
        if i in fade:
            audio[len(audio) - int(FADE_S * RATE):] *= 10 ** (-16 / 20)
            faded.append(said[-1].start)
        words += said
        pieces += [audio, gap]
        t += (len(audio) + len(gap)) / RATE
    return np.concatenate(pieces), words, faded


def test_trailing_off_is_found_at_the_faded_sentence_ends(sentences: list[np.ndarray]) -> None:
    score = Score()
    for fade in ({1, 4}, {0, 2, 5}, set()):
        audio, words, faded = _answer(sentences, fade, set())
        loud = measure_loudness(analyse_frames(audio, RATE), words, SETTINGS)
        assert loud is not None
        score.add([f"{t:.2f}" for t in loud.trailing_at], [f"{t:.2f}" for t in faded])
    assert score.precision >= 0.8, score
    assert score.recall >= 0.8, score


def test_a_quiet_stretch_is_found_where_it_is(sentences: list[np.ndarray]) -> None:
    audio, words, _ = _answer(sentences, set(), {2, 3})
    loud = measure_loudness(analyse_frames(audio, RATE), words, SETTINGS)
    assert loud is not None and len(loud.quiet) == 1
    first_quiet = next(w.start for w in words if w.word == "Disagreement")
    last_quiet = next(w.end for w in words if w.word == "months.")
    assert loud.quiet[0].start == pytest.approx(first_quiet, abs=1.2)
    assert loud.quiet[0].end == pytest.approx(last_quiet, abs=1.2)
    steady, words, _ = _answer(sentences, set(), set())
    assert measure_loudness(analyse_frames(steady, RATE), words, SETTINGS).quiet == ()  # type: ignore[union-attr]
