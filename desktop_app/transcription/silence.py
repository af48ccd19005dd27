"""Energy helpers: frame loudness, and dropping words Whisper "heard" where no one spoke.

Whisper is known to invent text ("Thank you.", "Very good.") at the end of a recording,
over silence and over noise alike. VAD and hallucination_silence_threshold stop some of it
inside faster-whisper; this guard, the same for both engines, removes any word whose whole
span has no signal at all, and at the end of a window every word that no voice lies
under (unless the recogniser is sure of it and it runs on from voice just before it), that
the recogniser itself gave almost no chance, or that has no length (its aligner ran out of
audio: openai-whisper gave jfk.flac four such words). Zero-length words inside the speech
are kept and given the time around them, and so is one the recogniser was sure of that it
put in a silence, right at the end of a word it stretched over that silence: it was said
at the end of that word's sound.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt

from desktop_app.core.analysis.acoustics import analyse_frames
from desktop_app.core.transcript import Segment, Transcript, Word

RATE = 16000
FRAME_S = 0.02
# A frame counts as sound above this fraction of the file's loud (95th percentile)
# frame level, and never below an absolute floor.
RELATIVE_FLOOR = 0.03
ABSOLUTE_FLOOR = 1e-4  # -80 dBFS: a quiet microphone (speech at -50 dBFS) is still sound
WORD_PAD_S = 0.05
# At the end of a window: a word needs voice within this of its span (timings are rough),
# a probability of at least this, and some length, or it is taken for an invented tail.
TAIL_VOICE_PAD_S = 0.1
TAIL_MIN_PROBABILITY = 0.1
TAIL_MIN_VOICED_SHARE = 0.2  # real words here were 40–90 % voiced; invented ones under 10 %
# A last word run on from the one before it (at most JOINED_GAP_S between them), that the
# recogniser is sure of, is believed with voice in the JOINED_VOICE_S before it: its times
# drift late at the end of a window. jfk.flac's last word, "country" (probability 1.0), was
# placed 0.2 s after its voice, over the applause, and was dropped as an invented tail.
JOINED_GAP_S = 0.05
JOINED_MIN_PROBABILITY = 0.9
JOINED_VOICE_S = 0.3
MIN_WORD_S = 0.02
ZERO_WORD_S = 0.12  # the time given to a zero-length word kept inside the speech


def frame_rms(audio: npt.NDArray[np.float32], frame_s: float = FRAME_S) -> npt.NDArray[np.float64]:
    n = max(1, int(RATE * frame_s))
    usable = len(audio) // n * n
    if usable == 0:
        return np.zeros(0)
    frames = audio[:usable].astype(np.float64).reshape(-1, n)
    rms: npt.NDArray[np.float64] = np.sqrt(np.mean(frames * frames, axis=1))
    return rms


def sound_threshold(rms: npt.NDArray[np.float64]) -> float:
    if rms.size == 0:
        return ABSOLUTE_FLOOR
    return max(ABSOLUTE_FLOOR, RELATIVE_FLOOR * float(np.percentile(rms, 95)))


def drop_silent_words(transcript: Transcript, audio: npt.NDArray[np.float32]) -> Transcript:
    """Remove words that have no sound under them, and an invented tail.

    Inside the answer a word must lie wholly in silence (with a little margin, since
    word timings are approximate) to go. At the end, where Whisper invents text over the
    trailing silence or noise, words are dropped back to the last one that is believable
    (``_believable_at_the_end``).
    """
    rms = frame_rms(audio)
    if rms.size == 0:
        return replace(transcript, segments=())
    loud = rms > sound_threshold(rms)
    frames = analyse_frames(audio, RATE)
    words = [w for s in transcript.segments for w in s.words]
    last_real = len(words) - 1
    while last_real >= 0 and not _believable_at_the_end(
            words[last_real], words[last_real - 1] if last_real else None, loud,
            frames.voiced, frames.hop_s):
        last_real -= 1
    moved = dict(zip(map(id, words), _pulled_back(words, loud), strict=True))
    keep = {id(w) for i, w in enumerate(words) if i <= last_real
            and _has_sound(loud, moved[id(w)].start, moved[id(w)].end, pad=WORD_PAD_S)}
    kept_words = [moved[id(w)] for w in words if id(w) in keep]
    filled = _zero_lengths_filled(kept_words)
    timed = {id(w): filled[id(moved[id(w)])] for w in words if id(w) in keep}
    kept_segments: list[Segment] = []
    for seg in transcript.segments:
        kept = tuple(timed[id(w)] for w in seg.words if id(w) in keep)
        if seg.words and not kept:
            continue  # every word of it lies in silence: an invented segment
        if kept != seg.words:
            seg = Segment(kept[0].start, kept[-1].end, " ".join(w.word for w in kept), kept)
        kept_segments.append(seg)
    return replace(transcript, segments=tuple(kept_segments))


def _believable_at_the_end(word: Word, before: Word | None, loud: npt.NDArray[np.bool_],
                           voiced: npt.NDArray[np.bool_], voiced_hop_s: float) -> bool:
    if word.end - word.start < MIN_WORD_S or word.probability < TAIL_MIN_PROBABILITY:
        return False
    if not _has_sound(loud, word.start, word.end, pad=0.0):
        return False
    # Voice under most of a spoken word (its vowels); a flicker of it in noise is not.
    if _voiced_share(voiced, voiced_hop_s, word.start - TAIL_VOICE_PAD_S,
                     word.end + TAIL_VOICE_PAD_S) >= TAIL_MIN_VOICED_SHARE:
        return True
    return (before is not None and word.start - before.end <= JOINED_GAP_S
            and word.probability >= JOINED_MIN_PROBABILITY
            and _voiced_share(voiced, voiced_hop_s, word.start - JOINED_VOICE_S,
                              word.start) >= TAIL_MIN_VOICED_SHARE)


def _voiced_share(voiced: npt.NDArray[np.bool_], hop_s: float, start: float,
                  end: float) -> float:
    a = max(0, int(start / hop_s))
    b = min(voiced.shape[0], int(np.ceil(end / hop_s)))
    return float(voiced[a:b].mean()) if b > a else 0.0


def _pulled_back(words: list[Word], loud: npt.NDArray[np.bool_]) -> list[Word]:
    """Words with a sure zero-length word that the aligner put in a silence, joined to a
    word stretched over that silence, moved back into the sound: the two share the
    stretched word's sound, halved. "we collect." before a 2.5 s silence with a breath in
    it came back as "we" over 3.56-5.16 s (the voice ends at 4.31) and "collect." at 5.16
    with no length, and the word was dropped as one heard in silence (the same audio
    decoded without its leading 0.1 s of silence cut had it at 3.82-4.38 s)."""
    out = list(words)
    for i in range(1, len(out)):
        word, before = out[i], out[i - 1]
        if (word.end - word.start >= MIN_WORD_S or word.probability < JOINED_MIN_PROBABILITY
                or word.start - before.end > JOINED_GAP_S
                or _has_sound(loud, word.start, word.end, pad=WORD_PAD_S)):
            continue
        sound_end = _last_sound(loud, before.start, before.end)
        if sound_end is None or sound_end - before.start < 2 * MIN_WORD_S:
            continue
        middle = round((before.start + sound_end) / 2, 3)
        out[i - 1] = Word(before.word, before.start, middle, before.probability)
        out[i] = Word(word.word, middle, round(sound_end, 3), word.probability)
    return out


def _last_sound(loud: npt.NDArray[np.bool_], start: float, end: float) -> float | None:
    """The end of the last frame with sound between ``start`` and ``end``."""
    a = max(0, int(start / FRAME_S))
    b = min(len(loud), int(np.ceil(end / FRAME_S)))
    hits = np.flatnonzero(loud[a:b])
    return min(end, (a + int(hits[-1]) + 1) * FRAME_S) if hits.size else None


def _zero_lengths_filled(words: list[Word]) -> dict[int, Word]:
    """Each word by id, a zero-length one given up to ZERO_WORD_S of the free time around
    it (after it first, then before), or else the second half of the word before it (the
    first half of the word after it, at the start), so that words never overlap."""
    out: dict[int, Word] = {}
    later_start: dict[int, float] = {}  # a word whose first half went to the one before
    for i, w in enumerate(words):
        if id(w) in later_start:
            w = Word(w.word, later_start[id(w)], w.end, w.probability)
        if w.end - w.start >= MIN_WORD_S:
            out[id(words[i])] = w
            continue
        prev = out[id(words[i - 1])] if i else None
        prev_end = prev.end if prev else max(0.0, w.start - ZERO_WORD_S)
        next_start = words[i + 1].start if i + 1 < len(words) else w.end + ZERO_WORD_S
        start = max(prev_end, min(w.start, next_start - ZERO_WORD_S))
        end = min(next_start, start + ZERO_WORD_S)
        if end - start < MIN_WORD_S and prev is not None:
            mid = round((prev.start + prev.end) / 2, 3)
            out[id(words[i - 1])] = Word(prev.word, prev.start, mid, prev.probability)
            start, end = mid, prev.end
        elif end - start < MIN_WORD_S and i + 1 < len(words):
            after = words[i + 1]
            start, end = after.start, round((after.start + after.end) / 2, 3)
            later_start[id(after)] = end
        out[id(words[i])] = Word(w.word, round(start, 3), round(end, 3), w.probability)
    return out


def _has_sound(loud: npt.NDArray[np.bool_], start: float, end: float, pad: float) -> bool:
    a = max(0, int((start - pad) / FRAME_S))
    b = min(len(loud), int(np.ceil((end + pad) / FRAME_S)))
    return bool(loud[a:b].any()) if b > a else bool(loud[min(a, len(loud) - 1)])
