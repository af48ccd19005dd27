"""What the audio says about silence and voicing, frame by frame.

Word timestamps smear over silences, so pauses and filled pauses are located in the
audio itself: frame energy against an adaptive noise floor tells sound from silence,
and a periodicity check (a pitch peak in the normalised autocorrelation, with a valley
before it) tells voice from breath, clicks, hiss and steady room noise. Speech is voice
and the consonants next to it, so a pause stays a pause in a noisy room.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 16000
HOP_S = 0.01
FRAME_S = 0.04  # long enough for two periods at 70 Hz
MIN_F0, MAX_F0 = 70.0, 400.0
VOICING_R = 0.45  # normalised autocorrelation peak of a voiced frame
# The peak must rise this far above the lowest point before it: the autocorrelation of
# pink, brown and fan noise falls steadily from lag 0, so its maximum in the pitch range
# sits at the shortest lag and, without this, 12 dB SNR noise "was voiced" everywhere.
PEAK_PROMINENCE = 0.2
# (A zero-crossing limit once told hiss from voice; under white noise at 10 dB SNR every
# frame of speech crossed it. The valley before the pitch peak tells them apart instead.)
FLOOR_MARGIN_DB = 12.0  # sound is this far above the noise floor ...
BELOW_PEAK_DB = 30.0  # ... or within this of the loud end, whichever is lower
SPEECH_HOLE_S = 0.15  # closes stop consonants inside words
# Inside speech, voice stops for consonant clusters and stops ("sts", "ks t") but not
# for this long; the unvoiced sounds at either end of a stretch of speech ("s", "f",
# "h") are kept up to UNVOICED_EDGE_S.
MAX_UNVOICED_IN_SPEECH_S = 0.35
# Echo (see _echo): this far under the loudest frame since the last onset, a rise of
# ONSET_DB within ONSET_SPAN_S.
ECHO_DROP_DB = 12.0
ONSET_DB = 6.0
ONSET_SPAN_S = 0.05
MIN_VOICED_S = 0.06  # voice shorter than this in all is noise, not a syllable
UNVOICED_EDGE_S = 0.15
MIN_SOUND_S = 0.05

FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Frames:
    """Per-frame features; frame k covers [k*hop, k*hop + frame)."""

    hop_s: float
    db: npt.NDArray[np.float64]
    loud: npt.NDArray[np.bool_]  # above the sound threshold
    voiced: npt.NDArray[np.bool_]  # loud and periodic
    threshold_db: float
    duration_s: float

    @property
    def count(self) -> int:
        return int(self.db.shape[0])

    def time(self, k: int) -> float:
        return k * self.hop_s


def _geometry(sample_rate: int) -> tuple[int, int]:
    hop = max(1, round(HOP_S * sample_rate))
    return hop, max(hop, round(FRAME_S * sample_rate))


def _framed(samples: FloatArray, hop: int, size: int) -> FloatArray:
    n = 1 + (samples.shape[0] - size) // hop
    return np.lib.stride_tricks.as_strided(
        samples, shape=(n, size), strides=(samples.strides[0] * hop, samples.strides[0])
    )


def _frame_db(frames: FloatArray) -> npt.NDArray[np.float64]:
    energy = np.einsum("ij,ij->i", frames, frames, dtype=np.float64) / frames.shape[1]
    db: npt.NDArray[np.float64] = 10.0 * np.log10(energy + 1e-10)
    return db


def _classify(db: npt.NDArray[np.float64], judge: Callable[[npt.NDArray[np.intp]],
              npt.NDArray[np.bool_]], hop_s: float, duration: float) -> Frames:
    """Loud frames against the answer's own noise floor, and which of them are voiced
    (``judge`` tells the periodicity of the even frames it is given)."""
    n = db.shape[0]
    floor = float(np.percentile(db, 5))
    loud_end = float(np.percentile(db, 95))
    threshold = min(floor + FLOOR_MARGIN_DB, loud_end - BELOW_PEAK_DB)
    threshold = max(threshold, floor + 3.0)  # never inside the noise itself
    loud = db > threshold
    voiced = np.zeros(n, dtype=bool)
    # Frames overlap by three quarters: judging every other one and lending the verdict
    # to its neighbour halves the work without changing any run longer than 20 ms.
    idx = np.flatnonzero(loud[::2]) * 2
    if idx.size:
        judged = judge(idx)
        voiced[idx] = judged
        nxt = idx + 1
        ok = nxt < n
        voiced[nxt[ok]] = judged[ok]
        voiced &= loud
        voiced &= ~_echo(db, hop_s)
    return Frames(hop_s, db, loud, voiced, threshold, duration)


def _echo(db: npt.NDArray[np.float64], hop_s: float) -> npt.NDArray[np.bool_]:
    """Frames that are a room's echo of what came before: ECHO_DROP_DB or more under the
    loudest frame since the last onset (a rise of ONSET_DB within ONSET_SPAN_S, which every
    syllable has and a decaying echo never does). Echo is as periodic as the voice it
    repeats, and in a reverberant room it filled the first second of every pause with
    "voice" and every gap after a word with a "filled pause"."""
    n = db.shape[0]
    span = max(1, round(ONSET_SPAN_S / hop_s))
    if n <= span:
        return np.zeros(n, dtype=bool)
    padded = np.concatenate([np.full(span, np.inf), db])
    recent_min = np.lib.stride_tricks.sliding_window_view(padded, span)[:n].min(axis=1)
    onset = db - recent_min >= ONSET_DB
    # The running maximum restarted at every onset: each stretch between onsets is
    # lifted above all earlier ones, so one cumulative maximum serves them all.
    lift = np.cumsum(onset) * 1000.0  # levels lie within [-100, 0] dB
    since_onset_max = np.maximum.accumulate(db + lift) - lift
    echo: npt.NDArray[np.bool_] = db < since_onset_max - ECHO_DROP_DB
    return echo


def _no_frames(hop_s: float, duration: float) -> Frames:
    empty = np.zeros(0, dtype=bool)
    return Frames(hop_s, np.zeros(0), empty, empty, 0.0, duration)


def analyse_frames(audio: FloatArray, sample_rate: int = SAMPLE_RATE) -> Frames:
    samples = np.asarray(audio, dtype=np.float32).reshape(-1)
    hop, size = _geometry(sample_rate)
    duration = samples.shape[0] / sample_rate
    if samples.shape[0] < size:
        return _no_frames(hop / sample_rate, duration)
    frames = _framed(samples, hop, size)
    return _classify(_frame_db(frames), lambda idx: _periodic(frames, idx, sample_rate),
                     hop / sample_rate, duration)


class FrameAnalyser:
    """``analyse_frames`` worked out while the answer is recorded, block by block.

    Only the noise floor needs the whole answer; energy and periodicity are per frame.
    So each block's frames are measured as they arrive (periodicity for every even
    frame, loud or not, since loudness is decided at the end) and ``frames()`` only
    thresholds: at Stop, a 10-minute answer costs milliseconds instead of 0.3 s. The
    result is that of ``analyse_frames`` on the same audio. Keeps no audio beyond the
    last, unfinished frame. Feed from one thread.
    """

    def __init__(self, sample_rate: int = SAMPLE_RATE) -> None:
        self.sample_rate = sample_rate
        self._hop, self._size = _geometry(sample_rate)
        self._tail = np.zeros(0, dtype=np.float32)  # samples from frame _count's start
        self._db: list[npt.NDArray[np.float64]] = []
        self._periodic: list[npt.NDArray[np.bool_]] = []  # per frame (odd ones: unused)
        self._count = 0  # frames measured
        self.total = 0  # samples fed

    def feed(self, samples: FloatArray) -> None:
        block = np.asarray(samples, dtype=np.float32).reshape(-1)
        self.total += block.shape[0]
        self._tail = np.concatenate([self._tail, block]) if self._tail.size else block.copy()
        if self._tail.shape[0] < self._size:
            return
        frames = _framed(self._tail, self._hop, self._size)
        n = frames.shape[0]
        # Even frames by their index in the whole answer, not in this block.
        first_even = self._count % 2
        even = np.arange(first_even, n, 2)
        periodic = np.zeros(n, dtype=bool)
        if even.size:
            periodic[even] = _periodic(frames, even, self.sample_rate)
        self._db.append(_frame_db(frames))
        self._periodic.append(periodic)
        self._count += n
        self._tail = self._tail[n * self._hop :].copy()

    def frames(self) -> Frames:
        duration = self.total / self.sample_rate
        if not self._db:
            return _no_frames(self._hop / self.sample_rate, duration)
        periodic = np.concatenate(self._periodic)
        return _classify(np.concatenate(self._db), lambda idx: periodic[idx],
                         self._hop / self.sample_rate, duration)


def _periodic(
    frames: FloatArray, idx: npt.NDArray[np.intp], sample_rate: int
) -> npt.NDArray[np.bool_]:
    """Voicing of the frames at ``idx``: a clear pitch peak, with a valley before it."""
    size = frames.shape[1]
    out = np.zeros(idx.size, dtype=bool)
    # Pitch needs no more than 8 kHz: average sample pairs (a gentle low-pass) to halve
    # the work of the autocorrelation.
    step = 2 if sample_rate >= 16000 else 1
    rate = sample_rate / step
    n = size // step
    lo = int(rate / MAX_F0)
    hi = min(int(rate / MIN_F0), n - 1)
    # Lags up to ``hi`` are exact (no circular wrap) with n + hi points; a length made of
    # small primes is as fast for the FFT as a power of two and less than half of 2n.
    nfft = _fft_size(n + hi + 1)
    overlap = (n - np.arange(0, hi + 1)) / n  # long periods are not penalised
    for s in range(0, idx.size, 4096):  # bounded memory for long recordings
        chunk = frames[idx[s : s + 4096]]
        if step > 1:
            chunk = chunk[:, 0 : n * step : 2] + chunk[:, 1 : n * step : 2]
        spec = np.fft.rfft(chunk, nfft, axis=1)
        ac = np.fft.irfft(spec.real**2 + spec.imag**2, nfft, axis=1)[:, : hi + 1]
        zero = ac[:, 0] + 1e-12
        full = (ac / zero[:, None]) / overlap
        rows = np.arange(full.shape[0])
        lag = full[:, lo:].argmax(axis=1)  # the pitch period, counted from ``lo``
        peak = full[rows, lo + lag]
        # The lowest point from lag 1 up to the peak: a true pitch peak has a valley
        # before it; a falling noise curve peaks at the range's first lag with none.
        valley = np.minimum.accumulate(full[:, 1:], axis=1)[rows, lo + lag - 1]
        out[s : s + 4096] = (
            (peak >= VOICING_R)
            & (lag > 0)
            & (peak - valley >= PEAK_PROMINENCE)
        )
    return out


def _fft_size(minimum: int) -> int:
    """The smallest length >= ``minimum`` with no prime factor above 5."""
    size = minimum
    while True:
        rest = size
        for p in (2, 3, 5):
            while rest % p == 0:
                rest //= p
        if rest == 1:
            return size
        size += 1


@dataclass(frozen=True)
class Interval:
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """[start, end) index pairs of the True runs of ``mask``."""
    if mask.size == 0:
        return []
    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def speech_intervals(frames: Frames) -> list[Interval]:
    """Stretches of sound that contain voice (breaths and clicks alone do not count).

    In a quiet room a run of loud frames is speech. Over steady noise (a fan, an air
    conditioner) everything is loud, so a loud run is cut wherever it goes unvoiced for
    longer than speech does between its voiced sounds, and its ends are kept to the
    voice plus the consonants next to it: silences of speech in noise stay pauses.
    """
    hop = frames.hop_s
    # A frame is loud when any part of its FRAME_S holds sound: the edge of the sound is
    # taken at the middle of the first and last loud frames' hops, not at their outer
    # edges, which made every silence about 30 ms short (and a 1.5 s one not a pause).
    centre = (FRAME_S - hop) / 2
    max_unvoiced = round(MAX_UNVOICED_IN_SPEECH_S / hop)
    edge = round(UNVOICED_EDGE_S / hop)
    min_voiced = round(MIN_VOICED_S / hop)
    islands: list[Interval] = []
    for a, b in _runs(frames.loud):
        voiced = _runs(frames.voiced[a:b])
        if not voiced:
            continue
        groups = [[*voiced[0], voiced[0][1] - voiced[0][0]]]  # start, end, voiced frames
        for s, e in voiced[1:]:
            if s - groups[-1][1] <= max_unvoiced:
                groups[-1][1] = e
                groups[-1][2] += e - s
            else:
                groups.append([s, e, e - s])
        for s, e, count in groups:
            if count < min_voiced:
                continue  # a flicker of periodicity in noise, shorter than any syllable
            first, last = max(a, a + s - edge), min(b, a + e + edge)
            start = first * hop + centre
            end = min(frames.duration_s, last * hop + centre)
            if islands and start - islands[-1].end <= SPEECH_HOLE_S:
                islands[-1] = Interval(islands[-1].start, end)
            else:
                islands.append(Interval(start, end))
    return [iv for iv in islands if iv.duration >= MIN_SOUND_S]


def voiced_runs(
    frames: Frames, start: float, end: float, max_hole_s: float = 0.06
) -> list[Interval]:
    """Runs of voiced frames between ``start`` and ``end`` (small holes bridged)."""
    hop = frames.hop_s
    a = max(0, int(np.ceil(start / hop)))
    b = min(frames.count, int(np.floor(end / hop)))
    if b <= a:
        return []
    runs: list[Interval] = []
    for s, e in _runs(frames.voiced[a:b]):
        iv = Interval((a + s) * hop, (a + e) * hop)
        if runs and iv.start - runs[-1].end <= max_hole_s:
            runs[-1] = Interval(runs[-1].start, iv.end)
        else:
            runs.append(iv)
    return runs
