"""No invented tail and no zero-length word, on either engine.

openai-whisper heard "And okay. Very good." in five seconds of fluttering room noise after
a finished sentence (four of its words with no length and probability 0.0), as it heard
"Thank you. Thank you. Yeah." after jfk.flac. The window's tail is kept only where there
is voice, a believable word and some length.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from desktop_app.core.transcript import Segment, Transcript, Word
from desktop_app.transcription.options import TranscribeOptions
from desktop_app.transcription.worker import TranscriptionWorker
from tests.support.transcription import speech, words_of

pytestmark = pytest.mark.model

TEXT = ("And so my fellow Americans, ask not what your country can do for you, ask what "
        "you can do for your country.")


@pytest.fixture(scope="module")
def noisy_tail(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    folder = tmp_path_factory.mktemp("tail")
    said = speech(TEXT, folder / "said.wav")
    noise = folder / "noise.wav"
    # Pink noise that flutters like distant applause, after the sentence.
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(noise), "synth",
                    "5", "pinknoise", "vol", "0.08", "tremolo", "7", "60"], check=True,
                   capture_output=True)
    out = folder / "tail.wav"
    subprocess.run(["sox", str(said), str(noise), str(out)], check=True, capture_output=True)
    seconds = float(subprocess.run(["soxi", "-D", str(said)], check=True, capture_output=True,
                                   text=True).stdout)
    return out, seconds


@pytest.mark.parametrize("engine", [
    "faster-whisper", pytest.param("openai-whisper", marks=pytest.mark.reference)])
def test_no_words_are_invented_in_the_noise_after_the_answer(
        noisy_tail: tuple[Path, float], engine: str) -> None:
    if engine == "openai-whisper":
        pytest.importorskip("whisper")
    audio, speech_end = noisy_tail
    with TranscriptionWorker() as worker:
        transcript = worker.transcribe(audio, TranscribeOptions(engine=engine), timeout=900)
    words = transcript.words
    assert words_of(transcript)[-3:] == ["for", "your", "country"], transcript.text
    assert all(w.start < speech_end + 0.3 for w in words), transcript.text
    assert all(w.end - w.start >= 0.02 for w in words), [
        (w.word, w.start, w.end) for w in words if w.end <= w.start]


def test_a_zero_length_word_inside_speech_is_kept_and_given_time() -> None:
    import numpy as np

    from desktop_app.transcription.silence import drop_silent_words

    t = np.arange(4 * 16000) / 16000
    voice = (0.2 * np.sin(2 * np.pi * 140 * t) * (t < 3.0)).astype(np.float32)
    words = (Word("we", 0.2, 0.5, 0.9), Word("can", 0.8, 0.8, 0.6),
             Word("stop.", 1.0, 1.4, 0.9), Word("Yeah.", 3.5, 3.5, 0.0))
    kept = drop_silent_words(Transcript("e", "m", "en", 4.0,
                                        (Segment(0.2, 3.5, "", words),)), voice).words
    assert [w.word for w in kept] == ["we", "can", "stop."]  # the zero-length tail goes
    assert kept[1].start >= 0.5 and kept[1].end <= 1.0 and kept[1].end - kept[1].start >= 0.1


def test_a_zero_length_word_with_no_time_around_it_shares_its_neighbour() -> None:
    import numpy as np

    from desktop_app.transcription.silence import drop_silent_words

    t = np.arange(3 * 16000) / 16000
    voice = (0.2 * np.sin(2 * np.pi * 140 * t) * (t < 2.0)).astype(np.float32)
    words = (Word("a", 0.5, 0.9, 0.9), Word("NATO", 0.9, 0.9, 0.4),
             Word("plan.", 0.9, 1.4, 0.9))
    kept = drop_silent_words(Transcript("e", "m", "en", 3.0,
                                        (Segment(0.5, 1.4, "", words),)), voice).words
    assert [(w.word, w.start, w.end) for w in kept] == [
        ("a", 0.5, 0.7), ("NATO", 0.7, 0.9), ("plan.", 0.9, 1.4)]


def test_the_real_jfk_recording_keeps_its_last_word() -> None:
    # The recogniser placed "country." (probability 1.0) 0.2 s after its voice, over the
    # applause, and the tail guard took it for an invented word.
    from desktop_app.evaluation.real import SHIPPED

    with TranscriptionWorker() as worker:
        transcript = worker.transcribe(SHIPPED / "jfk.flac", TranscribeOptions(), timeout=900)
    assert words_of(transcript)[-3:] == ["for", "your", "country"], transcript.text


def test_a_sure_last_word_run_on_from_voice_is_kept_and_a_loose_one_is_not() -> None:
    import numpy as np

    from desktop_app.transcription.silence import drop_silent_words

    rate = 16000
    t = np.arange(3 * rate) / rate
    rng = np.random.default_rng(4)
    voice = 0.2 * np.sin(2 * np.pi * 140 * t) * (t < 2.0)
    hiss = 0.02 * rng.standard_normal(t.size) * (t >= 2.0)  # applause: sound, no voice
    audio = (voice + hiss).astype(np.float32)

    def last_words(*tail: Word) -> list[str]:
        words = (Word("for", 1.2, 1.6, 0.95), Word("your", 1.6, 2.05, 0.99), *tail)
        kept = drop_silent_words(Transcript("e", "m", "en", 3.0,
                                            (Segment(1.2, 3.0, "", words),)), audio).words
        return [w.word for w in kept]

    assert last_words(Word("country.", 2.05, 2.4, 1.0))[-1] == "country."
    # Unsure, or set apart from the speech by a gap: an invented tail, as before.
    assert last_words(Word("country.", 2.05, 2.4, 0.6))[-1] == "your"
    assert last_words(Word("Thanks.", 2.3, 2.6, 1.0))[-1] == "your"


def test_a_sure_word_the_aligner_put_in_a_silence_after_a_stretched_word_is_kept() -> None:
    import numpy as np

    from desktop_app.transcription.silence import drop_silent_words

    # "we collect." said from 0.2 to 1.0 s, then silence and a breath; the aligner
    # stretched "we" over the silence and put "collect." at its end with no length.
    rate = 16000
    t = np.arange(4 * rate) / rate
    voice = (0.2 * np.sin(2 * np.pi * 140 * t) * (t < 1.0) * (t >= 0.2)).astype(np.float32)

    def kept(collect: Word) -> list[tuple[str, float, float]]:
        words = (Word("we", 0.2, 2.0, 0.99), collect, Word("Then", 3.0, 3.5, 0.95))
        audio = voice + (0.2 * np.sin(2 * np.pi * 150 * t) * (t >= 3.0)).astype(np.float32)
        out = drop_silent_words(Transcript("e", "m", "en", 4.0,
                                           (Segment(0.2, 3.5, "", words),)), audio).words
        return [(w.word, w.start, w.end) for w in out]

    [we, collect, then] = kept(Word("collect.", 2.0, 2.0, 0.99))
    # The two share the sound under "we", which ends at 1.0 s.
    assert we == ("we", 0.2, 0.6) and collect == ("collect.", 0.6, 1.0) and then[0] == "Then"
    # A word the recogniser was unsure of there is still taken for one heard in silence.
    assert [w for w, _, _ in kept(Word("collect.", 2.0, 2.0, 0.5))] == ["we", "Then"]
