"""Live chunked transcription while the answer is being recorded.

The recorder's writer thread calls ``feed`` with every 16 kHz float32 block. Audio is
cut into chunks at pauses (pause_cuts: once a chunk is ``window_min_s`` long, never
longer than ``window_max_s``), and each chunk is transcribed in the worker while the
user keeps speaking, with the text so far as context. At Stop, ``finish`` sends only
the tail and merges every chunk's words at their offsets into one Transcript.

A whole-file pass (windowed.transcribe_windows) cuts the same audio at the same places
and decodes each window the same way, so both give the same transcript.
"""

from __future__ import annotations

import os
import queue
import threading
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from desktop_app.core.errors import UserError
from desktop_app.core.transcript import Segment, Transcript
from desktop_app.transcription.messages import Error, Message, Partial
from desktop_app.transcription.options import TranscribeOptions, effective_threads
from desktop_app.transcription.pause_cuts import FRAME, RATE, PauseCutter, Window
from desktop_app.transcription.windowed import joined_context

SPECULATE_POLL_S = 0.1  # how often an idle dispatcher looks for a pause to pre-transcribe
REUSE_TOLERANCE_FRAMES = 5  # a pass of audio up to 0.1 s shorter or longer still counts
_STOP = object()


@dataclass(frozen=True)
class Chunk:
    index: int
    start_sample: int
    samples: npt.NDArray[np.float32]

    @property
    def offset_s(self) -> float:
        return self.start_sample / RATE


class LiveTranscriber:
    def __init__(self, worker: Any, options: TranscribeOptions | None = None,
                 min_chunk_s: float | None = None, max_chunk_s: float | None = None) -> None:
        self.worker = worker
        self.options = options or TranscribeOptions()
        self._cutter = PauseCutter(
            self.options.window_min_s if min_chunk_s is None else min_chunk_s,
            self.options.window_max_s if max_chunk_s is None else max_chunk_s)
        self._lock = threading.Lock()
        self._pending: list[npt.NDArray[np.float32]] = []  # samples since the last cut
        self._pending_start = 0  # sample index of the first pending sample
        self.windows: list[Window] = []  # where the answer was cut, in order
        self._chunks: queue.Queue[Any] = queue.Queue()
        self._results: dict[int, Transcript] = {}
        self._outbox: list[Message] = []
        self._error: str | None = None
        self._next_index = 0
        self._finished = False
        self._current_job: str | None = None
        self._outstanding = 0  # chunks queued or in the worker
        # (start sample, length), context, transcript of the last speculative pass
        self._spec: tuple[tuple[int, int], str, Transcript] | None = None
        self.speculative_passes = 0
        # (window index, segment texts) of the newest pass: shown after the finished
        # windows until that window's own transcript replaces it
        self._preview: tuple[int, list[str]] | None = None
        self.reused_passes = 0
        # After Stop nobody waits on the interface: the tail may use every core. The
        # worker loads that second engine (same weights) now, not at Stop.
        self._urgent = self.options.with_changes(cpu_threads=os.cpu_count() or 1)
        if effective_threads(self._urgent.cpu_threads) != effective_threads(
                self.options.cpu_threads):
            worker.preload(self._urgent, quiet=True)
        else:
            self._urgent = self.options
        self._dispatcher = threading.Thread(target=self._dispatch, name="live-transcriber",
                                            daemon=True)
        self._dispatcher.start()

    # ------------------------------------------------------------ the audio side

    def feed(self, samples: npt.NDArray[np.float32]) -> None:
        """Append a block (any thread; cheap: one RMS per 20 ms and maybe a cut)."""
        block = np.asarray(samples, dtype=np.float32).reshape(-1).copy()
        if block.size == 0:
            return
        with self._lock:
            if self._finished:
                return
            self._pending.append(block)
            for window in self._cutter.feed(block):
                self._take(window)

    def _pending_samples(self) -> npt.NDArray[np.float32]:
        if len(self._pending) > 1:
            self._pending = [np.concatenate(self._pending)]
        return self._pending[0] if self._pending else np.zeros(0, dtype=np.float32)

    def _take(self, window: Window) -> None:
        """Queue ``window`` (lock held) and keep only the audio after the cut pending."""
        pending = self._pending_samples()
        samples = pending[window.start - self._pending_start : window.end - self._pending_start]
        rest = pending[self._cutter.start_sample - self._pending_start :]
        self._pending = [rest] if rest.size else []
        self._pending_start = self._cutter.start_sample
        chunk = Chunk(self._next_index, window.start, samples)
        self.windows.append(window)
        self._next_index += 1
        if window.has_sound:
            self._outstanding += 1
            self._chunks.put(chunk)
        else:  # no sound at all: no words, and no speech either
            self._results[chunk.index] = replace(_empty(self.options), speech=())

    @property
    def chunk_count(self) -> int:
        return self._next_index

    @property
    def duration_s(self) -> float:
        return self._cutter.total / RATE

    # ------------------------------------------------------------ the worker side

    def _context(self, upto: int) -> str:
        return joined_context([self._results[i].text for i in range(upto)
                               if i in self._results]) or ""

    def _dispatch(self) -> None:
        while True:
            try:
                item = self._chunks.get(timeout=SPECULATE_POLL_S)
            except queue.Empty:
                self._speculate()
                continue
            if item is _STOP:
                return
            chunk: Chunk = item
            try:
                if self._error is not None:
                    continue  # a chunk failed: the answer is transcribed from its file
                context = self._context(chunk.index)
                reused = self._reuse(chunk, context)
                if reused is not None:
                    self._results[chunk.index] = reused
                    continue
                options = self._urgent if self._finished else self.options
                final = self._run(chunk.samples, chunk.offset_s, context, options,
                                  chunk.index)
                self._results[chunk.index] = Transcript.from_dict(final.transcript)
            except UserError as exc:
                self._error = exc.message
            except Exception as exc:  # a bug in the worker: keep the app up, report it
                self._error = f"Live transcription failed: {exc}"
                with self._lock:
                    self._outbox.append(Error("live", self._error, user_error=False))
            finally:
                with self._lock:
                    self._outstanding -= 1

    def _run(self, samples: npt.NDArray[np.float32], offset_s: float, context: str,
             options: TranscribeOptions | None = None, index: int | None = None) -> Any:
        with self._lock:
            self._preview = (self._next_index if index is None else index, [])
        job = self.worker.submit(samples, options or self.options, offset_s=offset_s,
                                 context=context or None, one_window=True)
        self._current_job = job
        try:
            return self.worker.wait(job, on_message=self._relay)
        finally:
            self._current_job = None

    def _speculate(self) -> None:
        """While the worker is idle and the speaker pauses, transcribe what is pending.

        Most answers end in a pause before Stop: the tail is then already transcribed
        and finish() only merges. If the speaker goes on, the pass is simply not used.
        It runs on the all-cores engine: Stop often lands just after such a pass has
        started (the last pause is the one before Stop), and finish() then waits for it
        (one thread made that wait ~3 s for a 10 s tail; all cores ~1.7 s). The pass
        only runs while the speaker pauses, so the interface shares the cores briefly.
        """
        with self._lock:
            if self._finished or self._error is not None or self._outstanding:
                return
            if not self._pending or not self._cutter.in_pause:
                return
            window = self._cutter.pending()
            key = (window.start, window.end - window.start)
            if not window.has_sound or (self._spec is not None and self._spec[0] == key):
                return
            index, start = self._next_index, window.start
            pending = self._pending_samples()
            samples = pending[: window.end - self._pending_start].copy()
        context = self._context(index)
        try:
            final = self._run(samples, start / RATE, context, self._urgent, index)
        except (UserError, RuntimeError, TimeoutError):
            return  # only a guess: the real chunk will be sent anyway
        self._spec = (key, context, Transcript.from_dict(final.transcript))
        self.speculative_passes += 1

    def _reuse(self, chunk: Chunk, context: str) -> Transcript | None:
        """The speculative transcript, when it was made of this very audio and context."""
        spec = self._spec
        if spec is None:
            return None
        (start, length), spec_context, transcript = spec
        if start != chunk.start_sample or spec_context != context:
            return None
        if abs(length - chunk.samples.size) > REUSE_TOLERANCE_FRAMES * FRAME:
            return None
        self.reused_passes += 1
        return transcript

    def _relay(self, msg: Message) -> None:
        with self._lock:
            self._outbox.append(msg)
            if isinstance(msg, Partial) and self._preview is not None:
                text = str(msg.segment.get("text", "")).strip()
                if text:
                    self._preview[1].append(text)

    def poll(self) -> list[Message]:
        """Messages of the live chunks so far (progress, partial segments, errors)."""
        with self._lock:
            out, self._outbox = self._outbox, []
        return out

    def partial_text(self) -> str:
        """The text transcribed so far (finished chunks), for a live preview."""
        return self._context(self._next_index)

    def live_text(self) -> str:
        """What the live view shows: each finished window once, in order, then the newest
        pass over the audio after them as provisional text.

        Passes over the pending audio run again as it grows (at each pause) and a window
        is decoded once more when it is cut; showing every pass's segments as they came
        repeated the first 20 s of an answer three times. The provisional text is that
        of the newest pass only, and a window's own transcript replaces it.
        """
        with self._lock:
            results = dict(self._results)
            preview = self._preview
            count = self._next_index
        texts: list[str] = []
        done = 0
        while done < count and done in results:  # in order: stop at the first gap
            texts.append(results[done].text.strip())
            done += 1
        if preview is not None and preview[0] >= done and preview[0] not in results:
            texts.extend(preview[1])
        return " ".join(t for t in texts if t)

    def finish(self, timeout: float | None = None) -> Transcript:
        """Transcribe the tail and return the whole answer's transcript."""
        with self._lock:
            if not self._finished:
                self._finished = True
                self._take(self._cutter.pending())
                self._chunks.put(_STOP)
        self._dispatcher.join(timeout)
        if self._dispatcher.is_alive():
            raise TimeoutError("live transcription did not finish in time")
        if self._error is not None:
            raise UserError(self._error)
        return self._merge()

    def cancel(self) -> None:
        """Abandon the answer: drop queued chunks and stop the one in the worker."""
        with self._lock:
            self._finished = True
            self._error = self._error or "Live transcription was cancelled."
        self._chunks.put(_STOP)
        job = self._current_job
        if job is not None:
            self.worker.cancel(job)

    def _merge(self) -> Transcript:
        segments: list[Segment] = []
        speech: list[tuple[float, float]] | None = []
        engine, model, language = self.options.engine, self.options.model, "en"
        for i in range(self._next_index):
            part = self._results.get(i)
            if part is None:
                continue
            if part.segments:
                engine, model, language = part.engine, part.model, part.language
            segments.extend(part.segments)
            # Speech only when every chunk has it: a hole would read as a long pause.
            speech = None if speech is None or part.speech is None else [*speech, *part.speech]
        return Transcript(engine, model, language, self.duration_s, tuple(segments),
                          joined_speech(speech))


def joined_speech(spans: list[tuple[float, float]] | None,
                  ) -> tuple[tuple[float, float], ...] | None:
    """The chunks' speech as one list: a stretch of speech that a cut split in two is one
    again (a cut falls at a pause, but speech can go on through a short one)."""
    if spans is None:
        return None
    out: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + 1e-3:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def _empty(options: TranscribeOptions) -> Transcript:
    return Transcript(options.engine, options.model, "en", 0.0, ())


__all__ = ["Chunk", "LiveTranscriber", "Partial"]
