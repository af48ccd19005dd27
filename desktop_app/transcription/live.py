"""Live chunked transcription while the answer is being recorded.

The recorder's writer thread calls ``feed`` with every 16 kHz float32 block. Audio is
cut into chunks at silences once a chunk is ``min_chunk_s`` long (never longer than
``max_chunk_s``), and each chunk is transcribed in the worker while the user keeps
speaking, with the text so far as context. At Stop, ``finish`` sends only the tail and
merges every chunk's words at their offsets into one Transcript.

Silence is found by frame energy here (cheap); the worker's engine also cuts any long
silence inside a chunk before decoding (speech_regions).
"""

from __future__ import annotations

import os
import queue
import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from desktop_app.core.errors import UserError
from desktop_app.core.transcript import Segment, Transcript
from desktop_app.transcription.messages import Error, Message, Partial
from desktop_app.transcription.options import TranscribeOptions, effective_threads

RATE = 16000
FRAME = 320  # 20 ms energy frames
MIN_SILENCE_S = 0.35  # a pause at least this long is a place to cut
TAIL_PAD_S = 0.3  # silence kept after a chunk's last sound (word ends need some room)
PRE_ROLL_FRAMES = 5  # the next chunk starts 0.1 s before its first sound
SPECULATE_POLL_S = 0.1  # how often an idle dispatcher looks for a pause to pre-transcribe
REUSE_TOLERANCE_FRAMES = 5  # a pass of audio up to 0.1 s shorter or longer still counts
ABSOLUTE_FLOOR = 0.002  # about -54 dBFS: below this a frame is silent whatever the level
RELATIVE_FLOOR = 0.1  # ... or below a tenth of the loud (90th percentile) frames
LEVEL_HISTORY_FRAMES = 1500  # 30 s of frame levels for the loudness estimate
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
                 min_chunk_s: float = 15.0, max_chunk_s: float = 25.0) -> None:
        self.worker = worker
        self.options = options or TranscribeOptions()
        self.min_chunk = int(min_chunk_s * RATE)
        self.max_chunk = max(int(max_chunk_s * RATE), self.min_chunk + FRAME)
        self._lock = threading.Lock()
        self._pending: list[npt.NDArray[np.float32]] = []  # samples since the last cut
        self._pending_len = 0
        self._pending_start = 0  # sample index of the first pending sample
        self._carry = np.zeros(0, dtype=np.float32)  # < 1 frame, not yet measured
        self._frame_loud: list[float] = []  # frame RMS of the pending audio
        self._levels: deque[float] = deque(maxlen=LEVEL_HISTORY_FRAMES)
        self._scan = 0  # next pending frame the cut finder looks at
        self._silent_run = 0  # silent frames just before _scan
        self._total = 0
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
            self._pending_len += block.size
            self._total += block.size
            measured = np.concatenate([self._carry, block])
            whole = measured.size // FRAME * FRAME
            if whole:
                frames = measured[:whole].reshape(-1, FRAME).astype(np.float64)
                rms = np.sqrt(np.mean(frames * frames, axis=1))
                self._frame_loud.extend(rms.tolist())
                self._levels.extend(rms.tolist())
            self._carry = measured[whole:]
            cut = self._find_cut()
            if cut is not None:
                self._cut_at(cut)

    def _threshold(self) -> float:
        if not self._levels:
            return ABSOLUTE_FLOOR
        return max(ABSOLUTE_FLOOR, RELATIVE_FLOOR * float(np.percentile(self._levels, 90)))

    def _find_cut(self) -> int | None:
        """A frame index (within pending) to cut at, or None to keep listening.

        The cut waits for speech to resume after a pause of at least MIN_SILENCE_S and
        lands just before it: each chunk then starts on its first word (Whisper stretches
        a first word back over leading silence) and keeps the whole pause at its end,
        as a whole-file pass sees it. Silence after the last word never makes a chunk.
        """
        thr = self._threshold()
        need = int(MIN_SILENCE_S * RATE / FRAME)
        min_frames = self.min_chunk // FRAME
        levels = self._frame_loud
        while self._scan < len(levels):
            k = self._scan
            self._scan += 1
            if levels[k] < thr:
                self._silent_run += 1
                continue
            run, self._silent_run = self._silent_run, 0
            if run >= need and k - run >= min_frames:
                return k - min(PRE_ROLL_FRAMES, run // 2)
        if self._pending_len >= self.max_chunk:
            # No usable pause: cut at the quietest frame of the last quarter of the chunk.
            lo = int(len(levels) * 0.75)
            tail = np.asarray(levels[lo:])
            return lo + int(np.argmin(tail)) if tail.size else len(levels)
        return None

    def _cut_at(self, frame_index: int) -> None:
        pending = np.concatenate(self._pending)
        at = min(frame_index * FRAME, pending.size)
        self._queue_chunk(pending[:at])
        rest = pending[at:]
        self._pending = [rest] if rest.size else []
        self._pending_len = rest.size
        self._pending_start += at
        self._frame_loud = self._frame_loud[frame_index:]
        self._scan = max(0, self._scan - frame_index)
        self._silent_run = 0

    def _queue_chunk(self, samples: npt.NDArray[np.float32]) -> None:
        # The pause after the last sound is not sent: Whisper only invents words there.
        samples = samples[: self._sound_end(samples)]
        chunk = Chunk(self._next_index, self._pending_start, samples)
        self._next_index += 1
        if samples.size and self._has_sound(samples):
            self._outstanding += 1
            self._chunks.put(chunk)
        else:
            self._results[chunk.index] = _empty(self.options)

    def _sound_end(self, samples: npt.NDArray[np.float32]) -> int:
        """Sample index just after the last loud frame, plus TAIL_PAD_S of what follows."""
        usable = samples.size // FRAME * FRAME
        if usable == 0:
            return samples.size
        frames = samples[:usable].reshape(-1, FRAME).astype(np.float64)
        loud = np.flatnonzero(np.sqrt(np.mean(frames * frames, axis=1)) >= self._threshold())
        if loud.size == 0:
            return 0
        return min(samples.size, (int(loud[-1]) + 1) * FRAME + int(TAIL_PAD_S * RATE))

    def _has_sound(self, samples: npt.NDArray[np.float32]) -> bool:
        usable = samples.size // FRAME * FRAME
        if usable == 0:
            return bool(np.max(np.abs(samples)) > self._threshold())
        frames = samples[:usable].reshape(-1, FRAME).astype(np.float64)
        rms = np.sqrt(np.mean(frames * frames, axis=1))
        # At least 0.1 s of sound: a click or a breath alone is not worth a pass.
        return int(np.sum(rms >= self._threshold())) >= 5

    @property
    def chunk_count(self) -> int:
        return self._next_index

    @property
    def duration_s(self) -> float:
        return self._total / RATE

    # ------------------------------------------------------------ the worker side

    def _context(self, upto: int) -> str:
        return " ".join(self._results[i].text for i in range(upto) if i in self._results)

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
                final = self._run(chunk.samples, chunk.offset_s, context, options)
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
             options: TranscribeOptions | None = None) -> Any:
        job = self.worker.submit(samples, options or self.options, offset_s=offset_s,
                                 context=context or None)
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
        need = int(MIN_SILENCE_S * RATE / FRAME)
        with self._lock:
            if self._finished or self._error is not None or self._outstanding:
                return
            if not self._pending or self._silent_run < need:
                return
            pending = np.concatenate(self._pending)
            end = self._sound_end(pending)
            key = (self._pending_start, end)
            if end == 0 or (self._spec is not None and self._spec[0] == key):
                return
            index, start = self._next_index, self._pending_start
            samples = pending[:end]
        context = self._context(index)
        try:
            final = self._run(samples, start / RATE, context, self._urgent)
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

    def poll(self) -> list[Message]:
        """Messages of the live chunks so far (progress, partial segments, errors)."""
        with self._lock:
            out, self._outbox = self._outbox, []
        return out

    def partial_text(self) -> str:
        """The text transcribed so far (finished chunks), for a live preview."""
        return self._context(self._next_index)

    def finish(self, timeout: float | None = None) -> Transcript:
        """Transcribe the tail and return the whole answer's transcript."""
        with self._lock:
            if not self._finished:
                self._finished = True
                if self._pending:
                    self._queue_chunk(np.concatenate(self._pending))
                    self._pending, self._pending_len = [], 0
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
        engine, model, language = self.options.engine, self.options.model, "en"
        for i in range(self._next_index):
            part = self._results.get(i)
            if part is None:
                continue
            if part.segments:
                engine, model, language = part.engine, part.model, part.language
            segments.extend(part.segments)
        return Transcript(engine, model, language, self.duration_s, tuple(segments))


def _empty(options: TranscribeOptions) -> Transcript:
    return Transcript(options.engine, options.model, "en", 0.0, ())


__all__ = ["Chunk", "LiveTranscriber", "Partial"]
