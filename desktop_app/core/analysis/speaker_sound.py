"""The speaker told from voices behind them (a café, an open office) by loudness.

The voice-activity detector calls other voices speech too, so where they go on it finds no
gap when the speaker stops. Here the speaker's own sound is what is loud enough to be
theirs: the level of the frames, averaged over LEVEL_SPAN_S, against the level under
their transcribed words and, when they are heard apart from the speaker, the room's.
The pause finder looks for silences of the speaker's in it; the filled-pause check asks
whether a voiced run is the speaker's.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from desktop_app.core.analysis.acoustics import Frames, Interval
from desktop_app.core.analysis.unheard import LOST_SPEECH_S, WORD_REACH_S, reached_frames
from desktop_app.core.transcript import Word

# Sound this far under the speaker's level (the median under their words), measured over
# LEVEL_SPAN_S, is the room's. A stretch of the speaker's sound must hold at least
# SPEAKER_SOUND_S of it, and a pause found this way may hold no word of the transcript
# that is loud there (the words are the second opinion: soft speech still has them). A
# word there without the speaker's loudness does not count: at 10 and 20 dB of babble the
# recogniser wrote the other voices' words and set the next sentence's first word early,
# inside the silence; ignoring such words found 18 of 21 pauses at 20 dB instead of 14,
# and 7 instead of 5 at 10 dB (LOUD_IN_GAP_S took that to 20 and 9).
BACKGROUND_DROP_DB = 12.0
LEVEL_SPAN_S = 0.5
SPEAKER_SOUND_S = 0.3
SPEAKER_HOLE_S = 0.1
OTHERS_CLEAR_S = 0.3  # speech this far from every word is not the speaker's
OTHERS_MIN_S = 1.0  # and there must be this much of it to measure its level
OTHERS_SHARE = 0.4  # of the way from their level up to the speaker's (0.3 measured the same)
# Such speech is a room heard under the speaker only when it is at least this much quieter
# than their words. As loud as them (or louder) it is the speaker's own speech that the
# recogniser could not make out: a muffled sentence between two clear ones was taken for
# the room, and the cut it set found "pauses" inside the clear ones. Babble at 10 dB sits
# 6.4 to 9.9 dB under the speaker in the corpus.
ROOM_UNDER_SPEAKER_DB = 5.0
# A stretch of the speaker's sound begins at the cut and ends only when the level falls this
# far down from the speaker's to the room's: a sentence's last syllable is its softest part
# (a final "s", a creak), as loud as the room's voices at 10 dB, and a single cut ended
# the stretch 0.2 to 0.45 s early. Voice-activity detectors keep the same two thresholds
# (Silero ends speech 0.15 under the probability that starts it). Under babble: 0.4 (one
# threshold) 20 of 21 pauses at 20 dB and 11 of 21 at 10 dB; 0.35: 20 and 12; 0.3: 21 and
# 14; 0.25: 21 and 13; 0.2: 20 and 12. No pause found in quiet rooms changed.
RELEASE_SHARE = 0.3
WORD_EDGE_S = 0.2  # a word this close to the gap's ends may be its edge, not inside it
# A word keeps such a gap from being a pause only with this much of the speaker's loudness
# inside it. The recogniser stretches the first word after a silence back into it (a 1.3 s
# "Then" began 1.1 s before the speaker did), so the word's middle is no evidence; its
# loud frames are. 0.1, 0.2 and 0.3 s measured the same (20 of 21 pauses found under
# babble at 20 dB instead of 18, 9 instead of 7 at 10 dB, no pause found that is not one).
LOUD_IN_GAP_S = 0.1


@dataclass(frozen=True)
class SpeakerSound:
    """Where the detector's speech is loud enough to be the speaker's, not the room's."""

    mask: npt.NDArray[np.bool_]  # per frame
    level: npt.NDArray[np.float64]  # the frames' level averaged over LEVEL_SPAN_S
    cutoff: float  # the level that tells the speaker from the room
    release: float  # a stretch of the speaker's sound goes on down to this level
    # How much earlier than the speaker's onset the averaged level reaches the cut: the
    # average over LEVEL_SPAN_S rises while the window takes in the first words.
    onset_lead_s: float
    room_heard: bool = False  # other voices were heard apart from the speaker's words


def speaker_sound(words: Sequence[Word], frames: Frames,
                  speech: Sequence[Interval]) -> SpeakerSound | None:
    """The speaker's sound, told from voices behind them by loudness; None without words
    in the detector's speech to measure the speaker by."""
    hop, n = frames.hop_s, frames.count
    inside = np.zeros(n, dtype=bool)
    for s in speech:
        inside[max(0, int(s.start / hop)) : min(n, int(np.ceil(s.end / hop)))] = True
    under_words = reached_frames(words, n, hop, 0.0) & inside
    if not under_words.any():
        return None
    level = _averaged(frames.db, max(1, round(LEVEL_SPAN_S / hop)))
    speaker_db = float(np.median(level[under_words]))
    cutoff = speaker_db - BACKGROUND_DROP_DB
    # Speech far from every word is the room's voices. When they are closer to the speaker
    # than BACKGROUND_DROP_DB (10 dB under), the cut goes between the two levels: a fixed
    # drop found none of the pauses under babble at 10 dB, this finds a quarter of them
    # and changes nothing at 20 dB or in quiet rooms (where no speech is far from words).
    others = inside & ~reached_frames(words, n, hop, OTHERS_CLEAR_S)
    room_db: float | None = None
    release = cutoff
    heard = float(np.median(level[others])) if others.sum() * hop >= OTHERS_MIN_S else None
    if heard is not None and speaker_db - heard >= ROOM_UNDER_SPEAKER_DB:
        room_db = heard
        cutoff = max(cutoff, room_db + OTHERS_SHARE * (speaker_db - room_db))
        release = min(cutoff, room_db + RELEASE_SHARE * (speaker_db - room_db))
    return SpeakerSound(inside & (level >= cutoff), level, cutoff, release,
                        _onset_lead_s(speaker_db, cutoff, room_db), room_db is not None)


def _onset_lead_s(speaker_db: float, cutoff_db: float, room_db: float | None) -> float:
    """Where the power averaged over LEVEL_SPAN_S crosses the cut before a step from the
    room's level up to the speaker's: once the window holds the share ``f`` of speech that
    brings its power to the cut, half a span minus ``f`` of it early. A room not heard
    apart from the speaker counts as silent. Under babble this took the found ends of
    pauses from 0.2 s early to within 0.1 s (9 of 21 pauses at 10 dB to 11)."""
    speaker, cut = math.pow(10.0, speaker_db / 10.0), math.pow(10.0, cutoff_db / 10.0)
    room = 0.0 if room_db is None else math.pow(10.0, room_db / 10.0)
    share = min(1.0, max(0.0, (cut - room) / max(speaker - room, 1e-12)))
    return (0.5 - share) * LEVEL_SPAN_S


def silences_under_voices(words: Sequence[Word], frames: Frames, sound: SpeakerSound,
                          min_s: float, found: Sequence[tuple[float, float]]
                          ) -> list[tuple[float, float]]:
    """Where the speaker is silent though the detector heard speech, because other voices
    went on: stretches of at least ``min_s`` with none of the speaker's sound and no word
    loud there, that no ``found`` pause covers."""
    hop = frames.hop_s
    runs: list[list[int]] = []  # start, end, frames of the speaker's sound
    for a, b in mask_runs(_reached_by_words(sound, words, hop)):
        if runs and a - runs[-1][1] <= SPEAKER_HOLE_S / hop:
            runs[-1][1], runs[-1][2] = b, runs[-1][2] + b - a
        else:
            runs.append([a, b, b - a])
    # A stretch goes on while the level stays over the release (its soft end). Its start
    # is put back by the onset lead below. Putting the ends on the frames that are loud
    # themselves did worse on the corpus (0.84 instead of 0.89 of the pauses at 20 dB
    # babble): single frames of the other voices are as loud as a soft last syllable.
    n = sound.level.shape[0]
    for run in runs:
        while run[1] < n and sound.level[run[1]] >= sound.release:
            run[1] += 1
    kept = [(a * hop, b * hop) for a, b, count in runs if count * hop >= SPEAKER_SOUND_S]
    # A word in such a gap is the speaker's only where something there is as loud as the
    # speaker: under babble the recogniser puts the next sentence's first word up to a
    # second early, into the silence, and writes the other voices' words down too.
    loud = sound.level >= sound.cutoff
    lead = sound.onset_lead_s
    return [
        (a_end, b_start + lead)
        for (_, a_end), (b_start, _) in itertools.pairwise(kept)
        if b_start + lead - a_end >= min_s
        and not any(start < b_start and a_end < end for start, end in found)
        and not any(_loud_inside(w, loud, a_end + WORD_EDGE_S, b_start - WORD_EDGE_S, hop)
                    for w in words)
    ]


def _reached_by_words(sound: SpeakerSound, words: Sequence[Word],
                      hop: float) -> npt.NDArray[np.bool_]:
    """The speaker's sound without the bursts of other voices: where a room is heard, a
    stretch as loud as the speaker that no word reaches (unheard.WORD_REACH_S) and that is
    too short to be speech the recogniser lost (unheard.LOST_SPEECH_S) is the room's.

    Under babble at 10 dB the other voices reach the speaker's loudness for a syllable or
    two inside a silence. Taken for the speaker, such a burst cut a pause in two (a 1.8 s
    and a 3.5 s one in the corpus), and the second burst was reported as a filled pause.
    Dropping them found 16 of 21 pauses there instead of 14; no other condition changed,
    and the false filled pause went too. A reach of 0.4 s found 15: the first burst began
    0.34 s after the last word. The cost, in a room with voices only: an "uhh" alone
    inside a silence joins the pause around it, which then reports the hesitation as
    silence. In a quiet room nothing changes.
    """
    if not sound.room_heard:
        return sound.mask
    reached = reached_frames(words, sound.mask.shape[0], hop, WORD_REACH_S)
    mask = sound.mask.copy()
    for a, b in mask_runs(sound.mask):
        if not reached[a:b].any() and (b - a) * hop < LOST_SPEECH_S:
            mask[a:b] = False
    return mask


def _loud_inside(word: Word, loud: npt.NDArray[np.bool_], start: float, end: float,
                 hop: float) -> bool:
    """At least LOUD_IN_GAP_S of the word, between ``start`` and ``end``, is loud."""
    a = max(0, int(max(word.start, start) / hop))
    b = min(loud.shape[0], int(np.ceil(min(word.end, end) / hop)))
    return b > a and float(loud[a:b].sum()) * hop >= LOUD_IN_GAP_S


def _averaged(db: npt.NDArray[np.float64], k: int) -> npt.NDArray[np.float64]:
    """The level over ``k`` frames around each frame (power averaged, in dB)."""
    power = np.convolve(np.power(10.0, db / 10.0), np.ones(k) / k, mode="same")
    out: npt.NDArray[np.float64] = 10.0 * np.log10(power + 1e-10)
    return out


def mask_runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]
