"""Where to cut an answer into Whisper windows: at pauses, every 15–25 s.

Used twice, with the same result: live, block by block as the recorder delivers audio
(``PauseCutter.feed``), and on a whole file (``plan_windows``), so a recording
transcribed again from its file is cut exactly where the live pass cut it.

Whisper decodes 30 s at a time. Its own sequential decoder moves that window to the
last timestamp it trusts, and on long answers it skipped whole sentences there: on five
synthetic answers of 3–5 minutes, a single pass over the file missed 28 % of the words
against 16 % for the same audio cut at pauses and decoded window by window. Cutting at
a pause also means no word is ever split between two windows.

The cuts depend only on the audio, never on how it was split into blocks: a frame's
"silent" threshold comes from the loudness of the 30 s before the end of its 0.5 s step,
and a frame is looked at only once its step is complete.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from desktop_app.transcription.silence import frame_rms

RATE = 16000
FRAME = 320  # 20 ms energy frames
STEP_FRAMES = 25  # the silence threshold is re-estimated every 0.5 s of audio
MIN_SILENCE_S = 0.35  # a pause at least this long is a place to cut
TAIL_PAD_S = 0.3  # silence kept after a window's last sound (word ends need some room)
PRE_ROLL_FRAMES = 5  # the next window starts 0.1 s before its first sound
MIN_SOUND_FRAMES = 5  # at least 0.1 s of sound: a click or a breath is not worth a pass
ABSOLUTE_FLOOR = 1e-4  # -80 dBFS: below this a frame is silent whatever the level
RELATIVE_FLOOR = 0.1  # ... or below a tenth of the loud (90th percentile) frames
LEVEL_HISTORY_FRAMES = 1500  # 30 s of frame levels for the loudness estimate
PLAN_BLOCK = 60 * RATE  # samples measured at a time when a whole file is planned


@dataclass(frozen=True)
class Window:
    """Samples [start, end) to decode; ``end`` stops TAIL_PAD_S after the last sound."""

    start: int
    end: int
    has_sound: bool

    @property
    def offset_s(self) -> float:
        return self.start / RATE


class PauseCutter:
    """Finds cuts in a stream of 16 kHz float32 blocks. Not thread-safe: one feeder."""

    def __init__(self, min_window_s: float = 15.0, max_window_s: float = 25.0) -> None:
        self.min_frames = max(1, int(min_window_s * RATE) // FRAME)
        self.max_frames = max(int(max_window_s * RATE) // FRAME, self.min_frames + 1)
        self._need = int(MIN_SILENCE_S * RATE / FRAME)
        self._levels: list[float] = []  # RMS of every whole frame so far
        self._thresholds: list[float] = []  # one per complete step
        self._carry = np.zeros(0, dtype=np.float32)  # < 1 frame, not yet measured
        self._start = 0  # first frame of the window being collected
        self._scan = 0  # next frame to look at
        self._silent_run = 0  # silent frames just before _scan
        self.total = 0  # samples fed

    @property
    def start_sample(self) -> int:
        return self._start * FRAME

    @property
    def silent_s(self) -> float:
        """How long the speaker has been silent (as far as frames have been looked at)."""
        return self._silent_run * FRAME / RATE

    @property
    def in_pause(self) -> bool:
        return self._silent_run >= self._need

    def feed(self, samples: npt.NDArray[np.float32]) -> list[Window]:
        """Take a block; return the windows it completed (usually none, at most a few)."""
        block = np.asarray(samples, dtype=np.float32).reshape(-1)
        self.total += block.size
        measured = np.concatenate([self._carry, block]) if self._carry.size else block
        whole = measured.size // FRAME * FRAME
        if whole:
            self._levels.extend(frame_rms(measured[:whole]).tolist())
            self._update_thresholds()
        self._carry = measured[whole:].copy()
        return self._scan_frames()

    def pending(self) -> Window:
        """Everything after the last cut, as it is sent when the answer ends (it may hold
        no sound); before the end, what a speculative pass would decode now."""
        return self._window(self._start, len(self._levels), end_sample=self.total)

    # ------------------------------------------------------------------ internals

    def _update_thresholds(self) -> None:
        while (len(self._thresholds) + 1) * STEP_FRAMES <= len(self._levels):
            end = (len(self._thresholds) + 1) * STEP_FRAMES
            history = self._levels[max(0, end - LEVEL_HISTORY_FRAMES):end]
            loud = float(np.percentile(history, 90))
            self._thresholds.append(max(ABSOLUTE_FLOOR, RELATIVE_FLOOR * loud))

    def _threshold_at(self, frame: int) -> float:
        """The threshold for ``frame``: its step's, or the latest one (the last frames)."""
        if self._thresholds:
            return self._thresholds[min(frame // STEP_FRAMES, len(self._thresholds) - 1)]
        if self._levels:
            return max(ABSOLUTE_FLOOR, RELATIVE_FLOOR * float(np.percentile(self._levels, 90)))
        return ABSOLUTE_FLOOR

    def _scan_frames(self) -> list[Window]:
        """Cut after a pause of MIN_SILENCE_S, once the next sound starts, just before it.

        Each window then starts on its first word (Whisper stretches a first word back
        over leading silence) and the whole pause stays at the end of the one before.
        With no pause by max_window_s, cut at the quietest frame of its last quarter.
        """
        out: list[Window] = []
        ready = len(self._thresholds) * STEP_FRAMES
        while self._scan < ready:
            k = self._scan
            self._scan += 1
            if self._levels[k] < self._thresholds[k // STEP_FRAMES]:
                self._silent_run += 1
            else:
                run, self._silent_run = self._silent_run, 0
                if run >= self._need and k - run - self._start >= self.min_frames:
                    out.append(self._cut(k - min(PRE_ROLL_FRAMES, run // 2)))
                    continue
            if self._scan - self._start >= self.max_frames:
                lo = self._start + (self._scan - self._start) * 3 // 4
                quietest = lo + int(np.argmin(self._levels[lo:self._scan]))
                out.append(self._cut(max(quietest, self._start + 1)))
        return out

    def _cut(self, frame: int) -> Window:
        window = self._window(self._start, frame, end_sample=frame * FRAME)
        self._start = frame
        if frame > self._scan - self._silent_run:  # the cut fell inside the silent run
            self._silent_run = self._scan - frame
        return window

    def _window(self, first: int, stop: int, end_sample: int) -> Window:
        """Frames [first, stop) as a Window ending TAIL_PAD_S after its last sound."""
        start = first * FRAME
        levels = np.asarray(self._levels[first:stop])
        if levels.size == 0:
            return Window(start, start, False)
        if self._thresholds:
            steps = np.minimum(np.arange(first, stop) // STEP_FRAMES, len(self._thresholds) - 1)
            thresholds: npt.NDArray[np.float64] | float = np.asarray(self._thresholds)[steps]
        else:
            thresholds = self._threshold_at(first)
        loud = np.flatnonzero(levels >= thresholds)
        if loud.size == 0:
            return Window(start, start, False)
        end = min(end_sample, start + (int(loud[-1]) + 1) * FRAME + int(TAIL_PAD_S * RATE))
        return Window(start, end, loud.size >= MIN_SOUND_FRAMES)


def plan_windows(audio: npt.NDArray[np.float32], min_window_s: float = 15.0,
                 max_window_s: float = 25.0) -> list[Window]:
    """The windows a live pass would have cut this audio into, in order."""
    cutter = PauseCutter(min_window_s, max_window_s)
    windows: list[Window] = []
    # Fed in blocks, as live: the cuts do not depend on the blocks, and measuring a
    # whole 2-hour answer at once took float64 copies four times the signal's size.
    for start in range(0, len(audio), PLAN_BLOCK):
        windows.extend(cutter.feed(audio[start:start + PLAN_BLOCK]))
    windows.append(cutter.pending())
    return windows
