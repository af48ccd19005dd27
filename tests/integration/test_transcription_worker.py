"""The worker process: a crash is reported and retried once, cancel kills and respawns."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from desktop_app.core.errors import UserError
from desktop_app.core.paths import resources_dir
from desktop_app.transcription.messages import Error, Final, Message, Progress
from desktop_app.transcription.options import TranscribeOptions
from desktop_app.transcription.worker import CANCELLED, CRASHED, CRASHED_TWICE, TranscriptionWorker
from tests.support.transcription import words_of

pytestmark = pytest.mark.model

SAMPLE = resources_dir() / "sample" / "answer.wav"
OPTIONS = TranscribeOptions()


@pytest.fixture(scope="module")
def worker() -> Iterator[TranscriptionWorker]:
    with TranscriptionWorker() as w:
        w.wait(w.preload(OPTIONS), timeout=300)
        yield w


def _kill_when_transcribing(worker: TranscriptionWorker, job: str, kills: int,
                            seen: list[Message]) -> Message:
    """SIGKILL the child each time it starts (or restarts) the job; return the last message."""
    killed = 0
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        for msg in worker.poll([job]):
            seen.append(msg)
            if isinstance(msg, Final) or (isinstance(msg, Error) and msg.fatal):
                return msg
            starting = isinstance(msg, Progress) and msg.stage == "transcribing" and (
                msg.fraction == 0)
            if starting and killed < kills:
                killed += 1
                assert worker.pid is not None
                os.kill(worker.pid, signal.SIGKILL)
        time.sleep(0.01)
    raise AssertionError("the job never finished")


def test_a_crash_is_reported_and_the_job_retried(worker: TranscriptionWorker) -> None:
    first_pid = worker.pid
    seen: list[Message] = []
    job = worker.submit(SAMPLE, OPTIONS)
    last = _kill_when_transcribing(worker, job, kills=1, seen=seen)
    assert isinstance(last, Final)
    assert len(words_of_final(last)) > 150
    crash = [m for m in seen if isinstance(m, Error)]
    assert len(crash) == 1 and crash[0].message == CRASHED and not crash[0].fatal
    assert worker.pid != first_pid and worker.is_alive()


def test_a_second_crash_on_the_same_job_is_a_fatal_error(worker: TranscriptionWorker) -> None:
    seen: list[Message] = []
    job = worker.submit(SAMPLE, OPTIONS)
    last = _kill_when_transcribing(worker, job, kills=2, seen=seen)
    assert isinstance(last, Error) and last.fatal and last.message == CRASHED_TWICE
    # The caller is untouched and the next job runs in a fresh worker.
    t = worker.transcribe(SAMPLE, OPTIONS, timeout=600)
    assert "provenance" in words_of(t)


def test_cancel_kills_the_job_and_the_worker_keeps_serving(worker: TranscriptionWorker) -> None:
    job = worker.submit(SAMPLE, OPTIONS)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if any(isinstance(m, Progress) and m.stage == "transcribing" for m in worker.poll([job])):
            break
        time.sleep(0.01)
    old_pid = worker.pid
    worker.cancel(job)
    with pytest.raises(UserError, match=CANCELLED):
        worker.wait(job, timeout=10)
    assert worker.pid != old_pid and worker.is_alive()
    t = worker.transcribe(SAMPLE, OPTIONS, timeout=600)
    assert t.duration_s > 60


def test_a_queued_job_survives_the_crash_of_the_job_before_it(
        worker: TranscriptionWorker) -> None:
    # A queued job survives the crash of the one before it and is sent again.
    first = worker.submit(SAMPLE, OPTIONS)
    second = worker.submit(SAMPLE, OPTIONS.with_changes(beam_size=1))
    seen: list[Message] = []
    _kill_when_transcribing(worker, first, kills=1, seen=seen)
    final = worker.wait(second, timeout=600)
    assert len(words_of_final(final)) > 150


def words_of_final(final: Final | Message) -> list[str]:
    from desktop_app.core.transcript import Transcript

    assert isinstance(final, Final)
    return words_of(Transcript.from_dict(final.transcript))
