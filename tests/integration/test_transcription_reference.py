"""openai-whisper on the converted checkpoint hears what faster-whisper hears."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.errors import UserError
from desktop_app.transcription.convert import list_converted
from desktop_app.transcription.options import TranscribeOptions
from desktop_app.transcription.worker import TranscriptionWorker
from tests.support.transcription import align, speech, words_of

pytest.importorskip("whisper")
pytestmark = [pytest.mark.model, pytest.mark.reference]

TEXT = ("So, um, the first thing I would check is where the data came from, and then, uh, "
        "how the labels were made.")
# Same decoding on both sides: no VAD (openai-whisper has none), beam 5, fp32 weights.
FASTER = TranscribeOptions(compute_type="float32", vad_filter=False,
                           hallucination_silence_threshold=None)
REFERENCE = FASTER.with_changes(engine="openai-whisper")


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speech(TEXT, tmp_path_factory.mktemp("ref") / "ref.wav")


@pytest.fixture(scope="module")
def worker() -> Iterator[TranscriptionWorker]:
    with TranscriptionWorker() as w:
        yield w


def test_same_words_and_timestamps(worker: TranscriptionWorker, clip: Path) -> None:
    fast = worker.transcribe(clip, FASTER, timeout=600)
    ref = worker.transcribe(clip, REFERENCE, timeout=900)
    assert ref.engine == "openai-whisper" and ref.model == "tiny.en"
    assert words_of(ref) == words_of(fast)
    assert len(words_of(ref)) >= 15
    for a, b in align(fast.words, ref.words):
        assert abs(a.start - b.start) <= 0.3 and abs(a.end - b.end) <= 0.3, (a, b)


def test_converted_checkpoint_is_private_recorded_verified_and_guarded(clip: Path) -> None:
    with TranscriptionWorker() as w:  # converts into this test's own data folder
        w.transcribe(clip, REFERENCE, timeout=900)
        conv = next(c for c in list_converted() if c.name == "tiny.en")
        assert conv.verified
        assert conv.path.stat().st_mode & 0o777 == 0o600
        record = json.loads(conv.path.with_name(conv.path.name + ".json").read_text())
        assert record["state_sha256"] and record["sha256"]
        with open(conv.path, "r+b") as fh:
            fh.seek(-200, 2)
            fh.write(b"\0" * 50)
        with TranscriptionWorker() as fresh, pytest.raises(UserError,
                                                           match="not the expected file"):
            fresh.transcribe(clip, REFERENCE, timeout=600)
