"""Live chunked transcription merges to the same transcript as a whole-file pass."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.audio.audio_decode import load_audio
from desktop_app.transcription.live import LiveTranscriber
from desktop_app.transcription.messages import Partial
from desktop_app.transcription.options import TranscribeOptions
from desktop_app.transcription.pause_cuts import plan_windows
from desktop_app.transcription.worker import TranscriptionWorker
from tests.support.transcription import ANSWER_60S, agreement, speech, words_of

pytestmark = pytest.mark.model
OPTIONS = TranscribeOptions()
BLOCK = 800  # 50 ms, as the recorder's writer thread delivers them


@pytest.fixture(scope="module")
def answer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speech(ANSWER_60S, tmp_path_factory.mktemp("live") / "answer60.wav", ssml=True)


@pytest.fixture(scope="module")
def worker() -> Iterator[TranscriptionWorker]:
    with TranscriptionWorker() as w:
        w.wait(w.preload(OPTIONS), timeout=300)
        yield w


def _feed_all(live: LiveTranscriber, audio: np.ndarray) -> None:
    for at in range(0, len(audio), BLOCK):
        live.feed(audio[at : at + BLOCK])


def test_live_chunks_match_a_whole_file_pass(worker: TranscriptionWorker, answer: Path) -> None:
    audio = load_audio(answer)
    assert len(audio) / 16000 > 60
    whole = worker.transcribe(answer, OPTIONS, timeout=600)
    live = LiveTranscriber(worker, OPTIONS, min_chunk_s=15, max_chunk_s=25)
    _feed_all(live, audio)  # at full speed, not real time
    merged = live.finish(timeout=600)
    # Cut where a whole-file pass cuts the same audio: 66 s in pieces of 15-25 s.
    assert live.windows == plan_windows(audio, 15, 25) and live.chunk_count >= 3
    assert merged.duration_s == pytest.approx(len(audio) / 16000, abs=0.01)
    starts = [w.start for w in merged.words]
    assert starts == sorted(starts) and merged.words[-1].end <= merged.duration_s + 0.05
    # The same windows decoded the same way: measured 1.0 both ways (it was 0.95 when
    # the file was decoded in one sequential pass).
    assert agreement(whole, merged) >= 0.98
    assert agreement(merged, whole) >= 0.98
    assert {"metrics", "launch", "adversarial"} <= set(words_of(merged))
    partials = [m for m in live.poll() if isinstance(m, Partial)]
    assert partials and partials[0].segment["start"] < 1.0


def test_silence_only_answer_gives_no_words(worker: TranscriptionWorker) -> None:
    live = LiveTranscriber(worker, OPTIONS)
    _feed_all(live, np.zeros(16000 * 8, dtype=np.float32))
    t = live.finish(timeout=60)
    assert t.words == [] and t.duration_s == pytest.approx(8.0)
