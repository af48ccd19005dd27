"""What the live transcript shows while the answer grows: each window once, in order.

The transcriber and the pause cutter are the real ones; the worker is a stand-in that
"hears" one word per second of sound (named by that second), so what a pass sees and
what the view shows can be compared exactly, and fast.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from desktop_app.core.transcript import Segment, Transcript, Word
from desktop_app.transcription.live import LiveTranscriber
from desktop_app.transcription.messages import Final, Message, Partial
from desktop_app.transcription.options import TranscribeOptions

RATE = 16000
OPTIONS = TranscribeOptions(cpu_threads=1)


class SecondsWorker:
    """Hears one word per second of sound in the audio it is given: "s<second>"."""

    def __init__(self) -> None:
        self._ids = itertools.count()
        self._jobs: dict[str, tuple[npt.NDArray[np.float32], float]] = {}

    def preload(self, options: Any, quiet: bool = False) -> str:
        return "load"

    def submit(self, samples: npt.NDArray[np.float32], options: Any, offset_s: float = 0.0,
               context: str | None = None, one_window: bool = False) -> str:
        job = f"job-{next(self._ids)}"
        self._jobs[job] = (samples, offset_s)
        return job

    def cancel(self, job: str) -> None:
        pass

    def wait(self, job: str, timeout: float | None = None,
             on_message: Callable[[Message], None] | None = None) -> Final:
        samples, offset_s = self._jobs.pop(job)
        words = []
        for second in range(len(samples) // RATE):
            block = samples[second * RATE:(second + 1) * RATE]
            if float(np.sqrt(np.mean(block ** 2))) > 0.05:
                at = offset_s + second
                words.append(Word(f"s{round(at)}", at, at + 0.8, 0.9))
        segments: tuple[Segment, ...] = ()
        if words:
            text = " ".join(w.word for w in words)
            segments = (Segment(words[0].start, words[-1].end, text, tuple(words)),)
            if on_message is not None:
                on_message(Partial(job, segments[0].to_dict()))
        transcript = Transcript("faster-whisper", "tiny.en", "en", len(samples) / RATE,
                                segments)
        return Final(job, transcript.to_dict())


def _sound(seconds: int, seed: int) -> npt.NDArray[np.float32]:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(seconds * RATE) * 0.3).astype(np.float32)


def _silence(seconds: float) -> npt.NDArray[np.float32]:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


def _feed(live: LiveTranscriber, audio: npt.NDArray[np.float32]) -> None:
    for at in range(0, len(audio), 800):  # 50 ms blocks, as the recorder sends them
        live.feed(audio[at:at + 800])


def _wait(predicate: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _words(text: str) -> list[str]:
    return text.split()


def test_the_live_text_shows_each_window_once_in_order() -> None:
    live = LiveTranscriber(SecondsWorker(), OPTIONS, min_chunk_s=15, max_chunk_s=25)
    partial_texts: list[str] = []

    def drain() -> None:
        partial_texts.extend(str(m.segment["text"]) for m in live.poll()
                             if isinstance(m, Partial))

    # Speak 4 s, pause: the pending audio is transcribed ahead (provisional text).
    _feed(live, np.concatenate([_sound(4, 1), _silence(1.0)]))
    _wait(lambda: live.speculative_passes == 1)
    assert _words(live.live_text()) == ["s0", "s1", "s2", "s3"]
    # Speak on and pause again: a longer pass over the same audio replaces the first.
    _feed(live, np.concatenate([_sound(4, 2), _silence(1.0)]))
    _wait(lambda: live.speculative_passes == 2)
    drain()
    shown = _words(live.live_text())
    assert shown == ["s0", "s1", "s2", "s3", "s5", "s6", "s7", "s8"]
    # Shown as they came, the passes' segments repeated the start (the bug).
    assert " ".join(partial_texts).split().count("s0") == 2
    # Past 15 s the next sound after a pause cuts the first window: it is decoded once
    # more, and its own transcript takes the place of the provisional text.
    _feed(live, np.concatenate([_sound(8, 3), _silence(1.0)]))
    _wait(lambda: live.speculative_passes == 3)
    first_window = ["s0", "s1", "s2", "s3", "s5", "s6", "s7", "s8", "s10", "s11", "s12",
                    "s13", "s14", "s15", "s16", "s17"]
    assert _words(live.live_text()) == first_window
    _feed(live, np.concatenate([_sound(3, 4), _silence(1.0)]))
    _wait(lambda: live.chunk_count == 1 and "s21" in live.live_text())
    shown = _words(live.live_text())
    # The next window's provisional text follows the first, never before it or twice.
    assert shown == [*first_window, "s19", "s20", "s21"]
    merged = live.finish(timeout=10)
    assert _words(live.live_text()) == [w.word for w in merged.words]
