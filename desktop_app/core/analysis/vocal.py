"""Vocal variety and loudness from the recording.

Pitch comes from Praat's own tracker (praat-parselmouth, the field's standard), never a
hand-written one. Variation is measured in semitones around the speaker's median, so a
low and a high voice are judged alike, and as half the 16th–84th percentile span (one
standard deviation for a normal spread) so an octave error of the tracker on a few
frames does not make a flat voice look lively.

Loudness uses the frame levels the pause analysis already made (acoustics.Frames):
the recording level is not calibrated, so "too quiet" is relative to the answer's own
speech level, and trailing off compares a sentence's last word with the sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from desktop_app.core.analysis.acoustics import Frames
from desktop_app.core.analysis.delivery import Loudness, Pitch, PitchWindow, Stretch
from desktop_app.core.transcript import Word

if TYPE_CHECKING:
    import parselmouth

# The pitch range is set per speaker in two passes (De Looze & Hirst 2008, as Praat users
# do): a coarse first pass over a wide range, then floor = 0.72 x the 35th percentile and
# ceiling = 1.9 x the 65th. One fixed range (Praat's 75-500 Hz) clipped the neural voice,
# a male voice at 91 Hz: its low notes sat on the floor, and shifted down by 2-4 semitones
# the tracker jumped an octave up, so its range read 27-29 semitones instead of 9 and its
# variation 3-9 instead of 2.9. In two passes the median follows the shift and range and
# variation stay within 0.5 st from -4 to +10 semitones. It costs an eighth more time
# (10 minutes of speech: 186 ms against 166 ms).
FIRST_PASS_FLOOR_HZ = 50.0
FIRST_PASS_CEILING_HZ = 600.0
FIRST_PASS_STEP_S = 0.1
FIRST_PASS_MAX_S = 120.0  # the speaker's range is known long before; a long answer costs less
FLOOR_SHARE, FLOOR_PERCENTILE = 0.72, 35
CEILING_SHARE, CEILING_PERCENTILE = 1.9, 65
PITCH_FLOOR_HZ = 75.0  # Praat's defaults: kept when the first pass finds too little voice
PITCH_CEILING_HZ = 500.0
# Three times Praat's default step (0.01 s for a 75 Hz floor): 33 values a second still
# follow every syllable, and a 10-minute answer of real speech tracks in about 0.3 s
# instead of 0.8 s. Measured on the labelled voices, the variation moves by under 0.1 st.
PITCH_STEP_S = 0.03
TRACK_RATE = 4000  # F0 ≤ 600 Hz and its first harmonics need no more: a quarter of 16 kHz
WINDOW_S = 5.0  # a "stretch" for the variation per stretch
MIN_VOICED_IN_WINDOW = round(0.5 / PITCH_STEP_S)  # 0.5 s of voice: less is not judged
CONTOUR_STEP_S = 0.5
LEVEL_WINDOW_S = 2.0  # loudness is judged over 2 s windows, one every QUIET_HOP_S
QUIET_HOP_S = 1.0
MIN_QUIET_S = 3.0
TAIL_S = 0.75  # a sentence's end: its last 0.75 s of sound (the last word or two)


@dataclass(frozen=True)
class VocalSettings:
    monotone_semitones: float = 2.2
    monotone_min_s: float = 15.0
    quiet_db: float = 10.0
    trailing_off_db: float = 8.0


def _for_tracker(audio: npt.NDArray[np.float32], rate: int) -> tuple[npt.NDArray[np.float64], int]:
    """Mono float64 at about TRACK_RATE: averaging k samples is a crude low-pass, enough
    for a tracker that only looks below 600 Hz (summed in float32 slices: converting 10
    minutes at 16 kHz to float64 first took a third of the whole measure)."""
    samples = np.asarray(audio, dtype=np.float32).reshape(-1)
    k = max(1, rate // TRACK_RATE)
    if k > 1:
        n = samples.shape[0] // k * k
        summed = samples[0:n:k].copy()
        for j in range(1, k):
            summed += samples[j:n:k]
        return summed.astype(np.float64) / k, rate // k
    return samples.astype(np.float64), rate


def track_pitch(
    audio: npt.NDArray[np.float32], rate: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(times, F0 in Hz with 0 for unvoiced frames) from Praat's pitch tracker."""
    import parselmouth  # heavy-ish: only when an answer's audio is analysed

    samples, track_rate = _for_tracker(audio, rate)
    if samples.shape[0] < track_rate * 0.1:
        return np.zeros(0), np.zeros(0)
    sound = parselmouth.Sound(samples, sampling_frequency=float(track_rate))
    floor, ceiling = speaker_range(sound)
    pitch = sound.to_pitch(time_step=PITCH_STEP_S, pitch_floor=floor, pitch_ceiling=ceiling)
    return np.asarray(pitch.xs(), dtype=np.float64), np.asarray(
        pitch.selected_array["frequency"], dtype=np.float64
    )


def speaker_range(sound: parselmouth.Sound) -> tuple[float, float]:
    """(floor, ceiling) in Hz for the speaker of ``sound``, from a
    coarse first pass over its first FIRST_PASS_MAX_S."""
    head = sound if sound.duration <= FIRST_PASS_MAX_S else sound.extract_part(
        from_time=sound.xmin, to_time=sound.xmin + FIRST_PASS_MAX_S)
    first = head.to_pitch(time_step=FIRST_PASS_STEP_S, pitch_floor=FIRST_PASS_FLOOR_HZ,
                          pitch_ceiling=FIRST_PASS_CEILING_HZ)
    f0 = np.asarray(first.selected_array["frequency"], dtype=np.float64)
    voiced = f0[f0 > 0]
    if voiced.shape[0] < 10:  # a second of voice at most: Praat's own range
        return PITCH_FLOOR_HZ, PITCH_CEILING_HZ
    low, high = np.percentile(voiced, [FLOOR_PERCENTILE, CEILING_PERCENTILE])
    floor = max(FIRST_PASS_FLOOR_HZ, float(low) * FLOOR_SHARE)
    ceiling = min(FIRST_PASS_CEILING_HZ, float(high) * CEILING_SHARE)
    return floor, max(ceiling, floor * 2.0)


def _spread(semitones: npt.NDArray[np.float64]) -> float:
    lo, hi = np.percentile(semitones, [16, 84])
    return float(hi - lo) / 2.0


def measure_pitch(
    audio: npt.NDArray[np.float32], rate: int, settings: VocalSettings = VocalSettings()
) -> Pitch | None:
    """Median, range, variation, per-stretch variation and monotone stretches; None when
    the recording has (almost) no voice."""
    times, f0 = track_pitch(audio, rate)
    voiced = f0 > 0
    if int(voiced.sum()) < MIN_VOICED_IN_WINDOW:
        return None
    median = float(np.median(f0[voiced]))
    st = np.zeros_like(f0)
    st[voiced] = 12.0 * np.log2(f0[voiced] / median)
    p5, p95 = np.percentile(st[voiced], [5, 95])
    windows = _windows(times, f0, st, voiced)
    return Pitch(
        median_hz=median,
        range_semitones=float(p95 - p5),
        variation=_spread(st[voiced]),
        monotone=tuple(_monotone(windows, settings)),
        windows=tuple(windows),
        contour=_contour(times, f0, voiced),
    )


def _windows(times: npt.NDArray[np.float64], f0: npt.NDArray[np.float64],
             st: npt.NDArray[np.float64], voiced: npt.NDArray[np.bool_]) -> list[PitchWindow]:
    out: list[PitchWindow] = []
    end_s = float(times[-1]) if times.size else 0.0
    start = 0.0
    while start < end_s:
        sel = voiced & (times >= start) & (times < start + WINDOW_S)
        if int(sel.sum()) >= MIN_VOICED_IN_WINDOW:
            out.append(PitchWindow(start, min(start + WINDOW_S, end_s),
                                   float(np.median(f0[sel])), _spread(st[sel])))
        start += WINDOW_S
    return out


def _monotone(windows: Sequence[PitchWindow], s: VocalSettings) -> list[Stretch]:
    """Runs of adjacent flat windows lasting at least ``monotone_min_s``. A window with
    too little voice (a pause) neither breaks nor extends a run."""
    out: list[Stretch] = []
    run: list[PitchWindow] = []
    for w in [*windows, None]:
        flat = w is not None and w.variation < s.monotone_semitones
        adjacent = w is not None and (not run or w.start - run[-1].end <= WINDOW_S + 1e-6)
        if flat and adjacent and w is not None:
            run.append(w)
            continue
        if run and run[-1].end - run[0].start >= s.monotone_min_s - 1e-6:
            out.append(Stretch(run[0].start, run[-1].end))
        run = [w] if flat and w is not None else []
    return out


def _contour(times: npt.NDArray[np.float64], f0: npt.NDArray[np.float64],
             voiced: npt.NDArray[np.bool_]) -> tuple[tuple[float, float], ...]:
    """Median voiced F0 per CONTOUR_STEP_S: enough for a chart, small in the JSON.
    Computed for all bins at once (a median per bin in a loop cost 50 ms for 10 min)."""
    per = max(1, round(CONTOUR_STEP_S / PITCH_STEP_S))
    n = f0.shape[0]
    if n == 0 or not voiced.any():
        return ()
    rows = -(-n // per)
    grid = np.full(rows * per, np.nan)
    grid[:n] = np.where(voiced, f0, np.nan)
    grid = grid.reshape(rows, per)
    has_voice = ~np.isnan(grid).all(axis=1)
    medians = np.nanmedian(grid[has_voice], axis=1)
    centres = times[np.minimum(np.flatnonzero(has_voice) * per + per // 2, n - 1)]
    return tuple((float(t), float(hz)) for t, hz in zip(centres, medians, strict=True))


def measure_loudness(frames: Frames, words: Sequence[Word],
                     settings: VocalSettings = VocalSettings()) -> Loudness | None:
    """Too-quiet stretches and sentences that trail off, against the answer's own level."""
    if int(frames.voiced.sum()) < 50:  # under half a second of voice: nothing to compare
        return None
    at = _trailing(frames, words, settings.trailing_off_db)
    return Loudness(quiet=tuple(_quiet(frames, settings.quiet_db)), trailing_off=len(at),
                    trailing_at=tuple(at))


def _window_levels(frames: Frames) -> list[tuple[float, float]]:
    """(start, median voiced level) of each 2 s window, every second, that has voice."""
    per = max(1, round(LEVEL_WINDOW_S / frames.hop_s))
    hop = max(1, round(QUIET_HOP_S / frames.hop_s))
    out = []
    for k in range(0, frames.count, hop):
        sel = frames.voiced[k : k + per]
        if int(sel.sum()) >= per // 10:  # 0.2 s of voice at least
            out.append((frames.time(k), float(np.median(frames.db[k : k + per][sel]))))
    return out


def _quiet(frames: Frames, quiet_db: float) -> list[Stretch]:
    """Runs of windows ``quiet_db`` under the speaker's usual level, at least MIN_QUIET_S.

    The usual level is the upper quartile of the windows' levels: a natural 1-2 s level
    swings about ±5 dB, and a long quiet stretch must not drag its own reference down."""
    levels = _window_levels(frames)
    if len(levels) < 3:
        return []
    below = float(np.percentile([lv for _, lv in levels], 75)) - quiet_db
    out: list[Stretch] = []
    run: list[float] = []
    for start, level in [*levels, (float("inf"), float("inf"))]:
        if level < below and (not run or start - run[-1] <= QUIET_HOP_S + 1e-6):
            run.append(start)
            continue
        if run:
            end = min(run[-1] + LEVEL_WINDOW_S, frames.duration_s)
            if end - run[0] >= MIN_QUIET_S - 1e-6:
                out.append(Stretch(run[0], end))
        run = [start] if level < below else []
    return out


def _sound_levels(frames: Frames, start: float, end: float) -> npt.NDArray[np.float64]:
    """Levels of the frames with sound (not only voice: a fading voice stops counting as
    voiced before it stops being heard)."""
    a, b = int(start / frames.hop_s), int(end / frames.hop_s) + 1
    return frames.db[a:b][frames.loud[a:b]]


def _trailing(frames: Frames, words: Sequence[Word], drop_db: float) -> list[float]:
    """Starts of sentence-final words where the sentence's last TAIL_S of sound is
    ``drop_db`` under the sentence's median level.

    Word timestamps smear, so a sentence's sound runs from its first word to the next
    sentence's first word, and its end is its last TAIL_S of sound rather than the last
    word's span (which can be mostly a final "s" or silence)."""
    tail = max(3, round(TAIL_S / frames.hop_s))
    out: list[float] = []
    first = 0
    for i, w in enumerate(words):
        if not w.word.rstrip().endswith((".", "!", "?")):
            continue
        nxt = words[i + 1].start if i + 1 < len(words) else w.end + 0.5
        if i - first >= 2:  # a sentence of three words or more
            levels = _sound_levels(frames, words[first].start, nxt)
            if levels.size >= 2 * tail:
                whole = float(np.median(levels))
                if float(np.median(levels[-tail:])) < whole - drop_db:
                    out.append(w.start)
        first = i + 1
    return out
