"""The voice-activity segments made live, chunk by chunk, give the pauses a whole-file pass
gives: the worker runs the detector on every chunk and the live merge joins them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.analysis.pauses import find_pauses
from desktop_app.core.audio.audio_decode import load_audio
from desktop_app.transcription.live import LiveTranscriber
from desktop_app.transcription.options import TranscribeOptions
from desktop_app.transcription.worker import TranscriptionWorker
from tests.support.transcription import speech

pytestmark = pytest.mark.model
OPTIONS = TranscribeOptions()
BLOCK = 800  # 50 ms, as the recorder's writer thread delivers them
ANSWER = ("<speak>I would start by tracing where every example came from. "
          '<break time="2000ms"/> Then I would check consent and licensing before training, '
          "and compare the new model with the old one on the same held out set. "
          '<break time="600ms"/> We would look at the failures one by one. '
          '<break time="2800ms"/> Finally I would set a clear bar for stopping the launch, '
          "and write it down before anyone sees the numbers.</speak>")


@pytest.fixture(scope="module")
def worker() -> Iterator[TranscriptionWorker]:
    with TranscriptionWorker() as w:
        yield w


def test_live_speech_segments_give_the_whole_files_pauses(worker: TranscriptionWorker,
                                                          tmp_path: Path) -> None:
    path = speech(ANSWER, tmp_path / "answer.wav", ssml=True)
    audio = load_audio(path)
    whole = worker.transcribe(path, OPTIONS, timeout=300)
    live = LiveTranscriber(worker, OPTIONS, min_chunk_s=6, max_chunk_s=10)
    for at in range(0, len(audio), BLOCK):
        live.feed(audio[at : at + BLOCK])
    merged = live.finish(timeout=300)
    assert live.chunk_count >= 2
    assert whole.speech is not None and merged.speech is not None
    found = [find_pauses(t.words, None, 1.5, 0.3, voice=t.speech).pauses
             for t in (whole, merged)]
    assert [round(p.duration_s, 1) for p in found[0]] == pytest.approx([2.0, 2.8], abs=0.15)
    assert len(found[1]) == len(found[0])
    for a, b in zip(*found, strict=True):
        assert abs(a.start - b.start) <= 0.1 and abs(a.end - b.end) <= 0.1
