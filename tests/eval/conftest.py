"""The accuracy corpus's audio is kept in pytest's cache folder between runs (it is made
again only when a script, the voice or the way answers are built changes). A module's
tests share one transcription worker and one corpus builder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.evaluation.cache import CorpusCache
from desktop_app.evaluation.corpus import CorpusBuilder
from desktop_app.evaluation.synthesis import PiperSynth, voice_fingerprint
from desktop_app.transcription.worker import TranscriptionWorker


@pytest.fixture(scope="session")
def eval_cache(request: pytest.FixtureRequest) -> Path:
    return Path(request.config.cache.mkdir("stagecoach-eval-corpus"))


@pytest.fixture(scope="module")
def worker() -> Iterator[TranscriptionWorker]:
    with TranscriptionWorker() as w:
        yield w


@pytest.fixture(scope="module")
def builder(eval_cache: Path) -> CorpusBuilder:
    return CorpusBuilder(CorpusCache(eval_cache), PiperSynth(), voice_fingerprint())
