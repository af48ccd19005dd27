"""Pauses, start latency and filled pauses from synthetic audio with known silences."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from desktop_app.core.analysis import analyze_answer
from desktop_app.core.analysis.acoustics import analyse_frames, speech_intervals
from desktop_app.core.settings import AnalysisSettings
from desktop_app.core.transcript import Segment, Transcript, Word
from tests.support.analysis import sample_bank

RATE = 16000


def _voice(seconds: float, f0: float = 130.0, amp: float = 0.25) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    wave: np.ndarray = np.sum([np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 8)], axis=0)
    return (amp * wave / 2).astype(np.float32)


def _noise(seconds: float, amp: float, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (amp * rng.standard_normal(int(seconds * RATE))).astype(np.float32)


def _audio(*parts: tuple[str, float]) -> np.ndarray:
    """("v", s) voice, ("s", s) near-silence (room noise), ("b", s) breath-like hiss."""
    out = []
    for i, (kind, secs) in enumerate(parts):
        if kind == "v":
            out.append(_voice(secs) + _noise(secs, 3e-4, i))
        elif kind == "b":
            out.append(_noise(secs, 0.03, i))
        else:
            out.append(_noise(secs, 3e-4, i))
    return np.concatenate(out)


def _words(spans: list[tuple[float, float]]) -> Transcript:
    words = tuple(Word(f"word{i}", a, b, 0.9) for i, (a, b) in enumerate(spans))
    return Transcript("test", "t", "en", spans[-1][1], (Segment(0, spans[-1][1], "", words),))


def _even(start: float, end: float, n: int) -> list[tuple[float, float]]:
    step = (end - start) / n
    return [(start + k * step, start + k * step + step * 0.8) for k in range(n)]


def _analyse(transcript: Transcript, audio: np.ndarray | None) -> dict:  # type: ignore[type-arg]
    bank, question = sample_bank(())
    return analyze_answer(transcript, question, bank, AnalysisSettings(), audio=audio).to_dict()


def test_pause_found_in_audio_when_word_timestamps_smear_over_it() -> None:
    audio = _audio(("v", 2.0), ("s", 3.0), ("v", 2.0), ("s", 1.0))
    # The recogniser stretched the last word before the silence to 4.0 s.
    spans = [*_even(0.0, 1.6, 4), (1.6, 4.0), *_even(5.0, 7.0, 5)]
    d = _analyse(_words(spans), audio)
    assert len(d["pauses"]) == 1
    p = d["pauses"][0]
    assert abs(p["start"] - 2.0) <= 0.1 and abs(p["end"] - 5.0) <= 0.1
    assert p["source"] == "audio"
    assert d["start_latency_s"] == pytest.approx(0.0, abs=0.05)
    # Word gaps alone would have seen only 1 s.
    assert _analyse(_words(spans), None)["pauses"] == []


def test_leading_and_trailing_silence_are_not_pauses() -> None:
    audio = _audio(("s", 2.5), ("v", 2.0), ("s", 4.0))
    d = _analyse(_words(_even(2.6, 4.5, 5)), audio)
    assert d["pauses"] == []
    assert d["start_latency_s"] == pytest.approx(2.5, abs=0.05)
    assert d["timing"]["used_s"] == pytest.approx(8.5)


@pytest.mark.parametrize(("silence", "expected"), [(1.3, 0), (1.7, 1)])
def test_pause_threshold_edges(silence: float, expected: int) -> None:
    audio = _audio(("v", 1.5), ("s", silence), ("v", 1.5))
    end = 3.0 + silence
    d = _analyse(_words([*_even(0.0, 1.5, 3), *_even(1.5 + silence, end, 3)]), audio)
    assert len(d["pauses"]) == expected


def test_breath_inside_a_silence_does_not_split_the_pause() -> None:
    audio = _audio(("v", 1.5), ("s", 1.0), ("b", 0.4), ("s", 1.2), ("v", 1.5))
    d = _analyse(_words([*_even(0.0, 1.5, 3), *_even(4.1, 5.6, 3)]), audio)
    assert len(d["pauses"]) == 1
    assert d["pauses"][0]["duration_s"] == pytest.approx(2.6, abs=0.1)
    assert d["fillers"]["count"] == 0  # a breath is no filled pause


def test_filled_pause_in_a_word_gap() -> None:
    audio = _audio(("v", 2.0), ("s", 0.5), ("v", 0.6), ("s", 0.4), ("v", 2.0))
    d = _analyse(_words([*_even(0.0, 2.0, 5), *_even(3.5, 5.5, 5)]), audio)
    items = d["fillers"]["items"]
    assert [i["kind"] for i in items] == ["filled_pause"]
    assert abs(items[0]["start"] - 2.5) <= 0.1 and abs(items[0]["end"] - 3.1) <= 0.1
    assert d["pauses"] == []  # the voiced sound breaks the silence


def test_short_voice_in_a_gap_is_not_a_filled_pause() -> None:
    audio = _audio(("v", 2.0), ("s", 0.5), ("v", 0.15), ("s", 0.4), ("v", 2.0))
    d = _analyse(_words([*_even(0.0, 2.0, 5), *_even(3.05, 5.05, 5)]), audio)
    assert d["fillers"]["count"] == 0


def test_voice_under_transcribed_words_is_not_a_filled_pause() -> None:
    audio = _audio(("v", 5.0))
    d = _analyse(_words(_even(0.0, 5.0, 12)), audio)
    assert d["fillers"]["count"] == 0 and d["pauses"] == []


def test_without_audio_word_gaps_are_pauses() -> None:
    d = _analyse(_words([*_even(1.0, 2.0, 3), *_even(4.0, 5.0, 3)]), None)
    assert [(p["start"], p["end"], p["source"]) for p in d["pauses"]] == [(1.933, 4.0, "words")]
    assert d["start_latency_s"] == 1.0
    assert d["analysis"]["audio_analysed"] is False


def test_quiet_recording_with_room_noise() -> None:
    # Speech 35 dB above a hum-free noise floor, at a low level overall.
    audio = np.concatenate([_voice(1.5, amp=0.01), _noise(2.0, 2e-4), _voice(1.5, amp=0.01)])
    audio = audio + _noise(audio.shape[0] / RATE, 2e-4, 9)
    speech = speech_intervals(analyse_frames(audio))
    assert [(round(s.start, 1), round(s.end, 1)) for s in speech] == [(0.0, 1.5), (3.5, 5.0)]


@pytest.mark.parametrize("sizes", [[800], [1, 333, 16000, 159], [7, 641, 642]])
def test_frames_measured_while_recording_are_those_of_the_whole_file(sizes: list[int]) -> None:
    from itertools import cycle

    from desktop_app.core.analysis.acoustics import FrameAnalyser

    audio = _audio(("s", 0.5), ("v", 2.0), ("b", 0.4), ("s", 1.2), ("v", 1.5), ("s", 0.7))
    whole = analyse_frames(audio)
    live = FrameAnalyser()
    at, blocks = 0, cycle(sizes)
    while at < audio.size:
        n = next(blocks)
        live.feed(audio[at : at + n])
        at += n
    got = live.frames()
    assert got.duration_s == whole.duration_s and got.count == whole.count > 500
    assert np.array_equal(got.db, whole.db) and got.threshold_db == whole.threshold_db
    assert np.array_equal(got.loud, whole.loud)
    assert np.array_equal(got.voiced, whole.voiced) and got.voiced.sum() > 200
    words = _words([*_even(0.5, 2.5, 6), *_even(4.1, 5.6, 4)])
    bank, question = sample_bank(())
    # As the app does at Stop: the frames for the pauses, the samples for the pitch.
    from_frames = analyze_answer(words, question, bank, AnalysisSettings(), frames=got,
                                 audio=audio)
    assert from_frames.to_dict() == _analyse(words, audio)


def test_frames_of_less_than_one_frame_are_empty() -> None:
    from desktop_app.core.analysis.acoustics import FrameAnalyser

    live = FrameAnalyser()
    live.feed(np.zeros(100, dtype=np.float32))
    frames = live.frames()
    assert frames.count == 0 and frames.duration_s == pytest.approx(100 / RATE)


def test_voice_joined_to_a_word_is_its_end_not_a_filled_pause() -> None:
    # A slow last syllable: the voice runs on 0.6 s past where the recogniser ended the
    # word, then silence, then the next words.
    audio = _audio(("v", 2.6), ("s", 1.0), ("v", 2.0), ("s", 0.5))
    spans = [*_even(0.0, 1.8, 4), (1.8, 2.0), *_even(3.6, 5.6, 5)]
    d = _analyse(_words(spans), audio)
    assert [f for f in d["fillers"]["items"] if f["kind"] == "filled_pause"] == []
    # The same voice after a break in it is a filled pause.
    audio = _audio(("v", 2.0), ("s", 0.3), ("v", 0.6), ("s", 0.7), ("v", 2.0), ("s", 0.5))
    spans = [*_even(0.0, 2.0, 5), *_even(3.6, 5.6, 5)]
    filled = [f for f in _analyse(_words(spans), audio)["fillers"]["items"]
              if f["kind"] == "filled_pause"]
    assert len(filled) == 1 and abs(filled[0]["start"] - 2.3) <= 0.1


def _filled(transcript: Transcript, audio: np.ndarray) -> list[float]:
    return [f["start"] for f in _analyse(transcript, audio)["fillers"]["items"]
            if f["kind"] == "filled_pause"]


def test_a_sound_run_on_from_a_word_into_the_next_is_a_filled_pause() -> None:
    # Fast speech: "each subgroup-uh, and we": the voice runs on 0.6 s past where the
    # recogniser ended the word and the next word follows 0.2 s later.
    audio = _audio(("v", 2.6), ("s", 0.2), ("v", 2.0), ("s", 0.5))
    spans = [*_even(0.0, 2.0, 5), *_even(2.8, 4.8, 5)]
    starts = _filled(_words(spans), audio)
    assert len(starts) == 1 and 2.0 <= starts[0] <= 2.3, starts
    # After a sentence's end the same run is not the speaker's hesitation.
    words = list(_words(spans).words)
    words[4] = Word("end.", words[4].start, words[4].end, 0.9)
    ended = Transcript("test", "t", "en", spans[-1][1],
                       (Segment(0, spans[-1][1], "", tuple(words)),))
    assert _filled(ended, audio) == []
    # Before a silence it is the word's long last syllable: see the test above.


def test_a_rooms_echo_after_speech_is_not_voice() -> None:
    # Voice that stops at 2.0 s, then its echo: the same periodic sound decaying by
    # 60 dB a second (a reverberant room), then silence.
    voice = _audio(("v", 2.0))
    tail_t = np.arange(int(1.2 * RATE)) / RATE
    tail = _voice(1.2) * (10 ** (-60 * tail_t / 20)).astype(np.float32)
    audio = np.concatenate([voice, tail, _audio(("s", 2.0), ("v", 1.5), ("s", 0.5))])
    frames = analyse_frames(audio)
    speech = speech_intervals(frames)
    assert len(speech) == 2
    # Speech ends within the echo's first tenths of a second, not at its end (3.2 s).
    assert 2.0 <= speech[0].end <= 2.4, speech


def test_long_voice_without_words_is_unclear_speech_not_a_filler() -> None:
    # 2 s of the speaker's voice where the recogniser wrote nothing (a phrase it lost).
    audio = _audio(("v", 2.0), ("s", 0.3), ("v", 2.0), ("s", 0.5), ("v", 2.0), ("s", 0.5))
    spans = [*_even(0.0, 2.0, 5), *_even(4.8, 6.8, 5)]
    d = _analyse(_words(spans), audio)
    assert [f for f in d["fillers"]["items"] if f["kind"] == "filled_pause"] == []
    [unclear] = d["unclear_speech"]
    assert abs(unclear["start"] - 2.3) <= 0.15 and abs(unclear["end"] - 4.3) <= 0.15
    [finding] = [f for f in d["findings"] if f["area"] == "transcript"]
    assert finding["message"].startswith("2.0 s of speech could not be made out (at 0:02)")


def test_two_hesitations_with_a_breath_between_stay_filled_pauses() -> None:
    # "uhh ... umm": two 0.6 s sounds 0.4 s apart where no word was written.
    audio = _audio(("v", 2.0), ("s", 0.3), ("v", 0.6), ("s", 0.4), ("v", 0.6), ("s", 0.3),
                   ("v", 2.0), ("s", 0.5))
    spans = [*_even(0.0, 2.0, 5), *_even(4.2, 6.2, 5)]
    d = _analyse(_words(spans), audio)
    assert d["unclear_speech"] == []
    starts = [f["start"] for f in d["fillers"]["items"] if f["kind"] == "filled_pause"]
    assert len(starts) == 2 and abs(starts[0] - 2.3) <= 0.15 and abs(starts[1] - 3.3) <= 0.15


def test_a_detector_deaf_to_the_words_is_not_trusted_for_pauses() -> None:
    """On a telephone band the voice-activity network heard a few tenths of a second of a
    30 s answer, and its one gap became an 11 s pause over twenty words: where it hears
    under half of the words' time, pauses come from the audio."""
    audio = _audio(("v", 2.0), ("s", 2.5), ("v", 3.0), ("s", 1.0))
    spans = [*_even(0.0, 2.0, 5), *_even(4.5, 7.5, 7)]
    deaf = ((0.2, 0.4), (7.0, 7.2))
    transcript = replace(_words(spans), speech=deaf)
    d = _analyse(transcript, audio)
    assert d["analysis"]["pauses_from"] == "audio"
    assert [(round(p["start"], 1), round(p["end"], 1)) for p in d["pauses"]] == [(2.0, 4.5)]
    # A detector that hears the words is still the source.
    heard = replace(_words(spans), speech=((0.0, 2.0), (4.5, 7.5)))
    d = _analyse(heard, audio)
    assert d["analysis"]["pauses_from"] == "voice"
    assert [(round(p["start"], 1), round(p["end"], 1)) for p in d["pauses"]] == [(2.0, 4.5)]
