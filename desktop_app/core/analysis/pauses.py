"""Pauses, start latency and filled pauses, from the audio when there is audio.

A pause is silence of at least the threshold between two stretches of speech. The
stretches come from the transcription worker's voice-activity detector when it ran (the
transcript's ``speech``): it holds under steady noise, where frame energy against a noise
floor lost pauses. Without them the silence is found in the audio's energy (word
timestamps smear over silences); only without audio do word gaps stand in for it.
Silence before the first speech is the start latency; silence after the last speech is
not a pause either.

A filled pause is voice where the recogniser transcribed no word ("um" that Whisper
dropped): a voiced run of at least ``filled_pause_min_s`` inside a gap between words.
Word edges are not exact, so a guard is kept clear at each side of the gap.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from desktop_app.core.analysis.acoustics import (
    Frames,
    Interval,
    silences,
    speech_intervals,
    voiced_runs,
)
from desktop_app.core.transcript import Word

EDGE_GUARD_S = 0.12  # kept clear next to a transcribed word when looking for voice
JOINED_VOICED_SHARE = 0.9  # voice this continuous joins a run to the word next to it
# Such a run is still a filled pause when it leads, inside a sentence, into the next word
# within this: fast speech leaves no gap before an "uh" said straight after a word. In the
# accuracy corpus this finds the one such "uh" (fast speech); the one run under babble at
# 10 dB that it would also take followed a full stop, where a speaker breathes.
JOINED_NEXT_WORD_S = 0.5
# The voice-activity detector judges 32 ms at a time, so a gap it measures can be one
# window short of the silence: a 1.5 s silence came back as 1.47 s. A gap within one
# window of the threshold is a pause.
VOICE_RESOLUTION_S = 0.032
RELEASE_S = 0.4  # a stop's closure and release after the detector's end of speech
CLOSURE_S = 0.05  # the quiet before the release
BURST_S = 0.12  # the release itself
AFTER_BURST_S = 0.2  # and the quiet after it
BURST_ABOVE_DB = 25.0  # over the noise floor (5th percentile of the frames' level)
# A filled pause is the speaker's own sound, about as loud as their words (the corpus's
# "uhh" sits 4 dB above their median); a voiced run this far under the level of the
# transcribed words is someone else: the voices of a room, which the detector rightly
# calls speech, were 4 to 20 dB under it.
SPEAKER_LEVEL_DROP_DB = 6.0
# Voices behind the speaker (a café, an open office) are speech to the detector too, so it
# finds no gap where the speaker stops. There the speaker is told from them by loudness:
# sound this far under the speaker's level (the median under their words), measured
# over LEVEL_SPAN_S, is the room's. A stretch of the speaker's sound must hold at least
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
# A stretch of the speaker's sound begins at the cut and ends only when the level falls this
# far down from the speaker's to the room's: a sentence's last syllable is its softest part
# (a final "s", a creak), as loud as the room's voices at 10 dB, and a single cut ended
# the stretch 0.2 to 0.45 s early. Voice-activity detectors keep the same two thresholds
# (Silero ends speech 0.15 under the probability that starts it). Under babble: 0.4 (one
# threshold) 20 of 21 pauses at 20 dB and 11 of 21 at 10 dB; 0.35: 20 and 12; 0.3: 21 and
# 14; 0.25: 21 and 13; 0.2: 20 and 12. No pause found in quiet rooms changed.
RELEASE_SHARE = 0.3
WORD_EDGE_S = 0.2  # a word this close to the gap's ends may be its edge, not inside it
# A filled pause is one sustained sound, so most of it has the speaker's loudness over
# LEVEL_SPAN_S too; the room's voices reach it only in single syllables, which passed the
# check on the run's own voiced frames. Under babble at 10 dB this took the false filled
# pauses from 7 to 2 in the corpus and lost no true one in any condition (0.9 measured 1
# and 0; a majority is kept as the rule, the sound's edges being the softest part).
FILLED_SPEAKER_SHARE = 0.5
# A word keeps such a gap from being a pause only with this much of the speaker's loudness
# inside it. The recogniser stretches the first word after a silence back into it (a 1.3 s
# "Then" began 1.1 s before the speaker did), so the word's middle is no evidence; its
# loud frames are. 0.1, 0.2 and 0.3 s measured the same (20 of 21 pauses found under
# babble at 20 dB instead of 18, 9 instead of 7 at 10 dB, no pause found that is not one).
LOUD_IN_GAP_S = 0.1


@dataclass(frozen=True)
class Pause:
    start: float
    end: float
    source: str  # "audio" or "words"

    @property
    def duration_s(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class FilledPause:
    start: float
    end: float

    @property
    def duration_s(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class PauseResult:
    pauses: list[Pause]
    start_latency_s: float
    speech: list[Interval]  # from the audio; empty without audio
    filled: list[FilledPause]
    # Where the pauses came from: "voice" (a voice-activity detector's segments),
    # "audio" (frame energy and voicing) or "words" (gaps between word timestamps).
    source: str = "words"


def word_gap_pauses(words: Sequence[Word], threshold_s: float) -> list[Pause]:
    return [
        Pause(a.end, b.start, "words")
        for a, b in itertools.pairwise(words)
        if b.start - a.end >= threshold_s
    ]


def find_pauses(
    words: Sequence[Word],
    frames: Frames | None,
    threshold_s: float,
    filled_min_s: float,
    voice: Sequence[tuple[float, float]] | None = None,
) -> PauseResult:
    """``voice``: where a voice-activity detector heard speech (the transcript's
    ``speech``); when given, pauses are the gaps between its segments, else they come
    from the audio's energy (``frames``), else from the words."""
    if voice is not None:
        return _voice_pauses(words, frames, threshold_s, filled_min_s, voice)
    speech = speech_intervals(frames) if frames is not None else []
    if frames is None or not speech:
        latency = words[0].start if words else 0.0
        return PauseResult(word_gap_pauses(words, threshold_s), latency, [], [])
    pauses = [
        Pause(s.start, s.end, "audio")
        for s in silences(frames, speech)
        if s.duration >= threshold_s
    ]
    filled = find_filled_pauses(words, frames, filled_min_s)
    return PauseResult(pauses, speech[0].start, speech, filled, "audio")


def _voice_pauses(words: Sequence[Word], frames: Frames | None, threshold_s: float,
                  filled_min_s: float, voice: Sequence[tuple[float, float]]) -> PauseResult:
    """Pauses between the detector's speech segments; filled pauses from the audio, kept
    to what the detector calls speech and to the speaker's own loudness."""
    speech = [Interval(a, b) for a, b in sorted(voice) if b > a]
    if not speech:
        latency = words[0].start if words else 0.0
        return PauseResult(word_gap_pauses(words, threshold_s), latency, [], [], "words")
    pauses = [
        Pause(a.end, b.start, "voice")
        for a, b in itertools.pairwise(speech)
        if b.start - a.end >= threshold_s - VOICE_RESOLUTION_S
    ]
    filled: list[FilledPause] = []
    if frames is not None and frames.count:
        floor_db = float(np.percentile(frames.db, 5))
        pauses = [_with_release(p, frames, floor_db) for p in pauses]
        pauses = [p for p in pauses if p.duration_s >= threshold_s - VOICE_RESOLUTION_S]
        sound = speaker_sound(words, frames, speech)
        if sound is not None:
            pauses = sorted(pauses + _under_background_voices(words, frames, sound,
                                                              threshold_s, pauses),
                            key=lambda p: p.start)
        # A pause is the speaker silent: a filled pause (the speaker's sound) inside one is
        # the room's voices, which the level of the whole stretch tells better than the
        # run's own frames.
        filled = [
            f for f in find_filled_pauses(words, frames, filled_min_s)
            if _heard_as_speech(f, speech) and _speaker_loud(f, words, frames)
            and not any(p.start <= f.start and f.end <= p.end for p in pauses)
            and (sound is None or _holds_speaker_sound(f, sound, hop=frames.hop_s))
        ]
    return PauseResult(pauses, speech[0].start, speech, filled, "voice")


def _with_release(pause: Pause, frames: Frames, floor_db: float) -> Pause:
    """The pause with its start moved past a last consonant's release: a word ending in a
    stop ("project.") goes silent for the closure and then bursts for a few tens of
    milliseconds, and the detector ends the speech at the closure. Only a short burst
    between quiet frames, standing far above the recording's noise floor, counts: in
    noise the release is buried and a loud frame there is the noise's own."""
    hop = frames.hop_s
    a = max(0, int(pause.start / hop))
    b = min(frames.count, a + round(RELEASE_S / hop), int(pause.end / hop))
    quiet, after = round(CLOSURE_S / hop), round(AFTER_BURST_S / hop)
    for start, end in reversed(_mask_runs(frames.loud[a:b])):
        if (start >= quiet and (end - start) * hop <= BURST_S
                and float(frames.db[a + start : a + end].max()) >= floor_db + BURST_ABOVE_DB
                and not frames.loud[a + start - quiet : a + start].any()
                and not frames.loud[a + end : a + end + after].any()):
            return Pause(min(pause.end, (a + end) * hop), pause.end, pause.source)
    return pause


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


def speaker_sound(words: Sequence[Word], frames: Frames,
                  speech: Sequence[Interval]) -> SpeakerSound | None:
    """The speaker's sound, told from voices behind them by loudness; None without words
    in the detector's speech to measure the speaker by."""
    hop, n = frames.hop_s, frames.count
    inside = np.zeros(n, dtype=bool)
    for s in speech:
        inside[max(0, int(s.start / hop)) : min(n, int(np.ceil(s.end / hop)))] = True
    under_words = _near(words, n, hop, 0.0) & inside
    if not under_words.any():
        return None
    level = _averaged(frames.db, max(1, round(LEVEL_SPAN_S / hop)))
    speaker_db = float(np.median(level[under_words]))
    cutoff = speaker_db - BACKGROUND_DROP_DB
    # Speech far from every word is the room's voices. When they are closer to the speaker
    # than BACKGROUND_DROP_DB (10 dB under), the cut goes between the two levels: a fixed
    # drop found none of the pauses under babble at 10 dB, this finds a quarter of them
    # and changes nothing at 20 dB or in quiet rooms (where no speech is far from words).
    others = inside & ~_near(words, n, hop, OTHERS_CLEAR_S)
    room_db: float | None = None
    release = cutoff
    if others.sum() * hop >= OTHERS_MIN_S:
        room_db = float(np.median(level[others]))
        cutoff = max(cutoff, room_db + OTHERS_SHARE * (speaker_db - room_db))
        release = min(cutoff, room_db + RELEASE_SHARE * (speaker_db - room_db))
    return SpeakerSound(inside & (level >= cutoff), level, cutoff, release,
                        _onset_lead_s(speaker_db, cutoff, room_db))


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


def _under_background_voices(words: Sequence[Word], frames: Frames, sound: SpeakerSound,
                             threshold_s: float, found: Sequence[Pause]) -> list[Pause]:
    """Pauses the detector heard as speech because other voices went on through them:
    stretches with none of the speaker's sound and no word, that no found pause covers."""
    hop = frames.hop_s
    runs: list[list[int]] = []  # start, end, frames of the speaker's sound
    for a, b in _mask_runs(sound.mask):
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
        Pause(a_end, b_start + lead, "voice")
        for (_, a_end), (b_start, _) in itertools.pairwise(kept)
        if b_start + lead - a_end >= threshold_s - VOICE_RESOLUTION_S
        and not any(p.start < b_start and a_end < p.end for p in found)
        and not any(_loud_inside(w, loud, a_end + WORD_EDGE_S, b_start - WORD_EDGE_S, hop)
                    for w in words)
    ]


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


def _near(words: Sequence[Word], n: int, hop: float, reach: float) -> npt.NDArray[np.bool_]:
    """Frames within ``reach`` of a word."""
    mask = np.zeros(n, dtype=bool)
    for w in words:
        a = max(0, int((w.start - reach) / hop))
        mask[a : min(n, int(np.ceil((w.end + reach) / hop)))] = True
    return mask


def _mask_runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _holds_speaker_sound(filled: FilledPause, sound: SpeakerSound, hop: float) -> bool:
    """At least FILLED_SPEAKER_SHARE of the run is the speaker's sound."""
    a = max(0, int(filled.start / hop))
    b = min(sound.mask.shape[0], max(a + 1, int(np.ceil(filled.end / hop))))
    return float(sound.mask[a:b].mean()) >= FILLED_SPEAKER_SHARE


def _heard_as_speech(filled: FilledPause, speech: Sequence[Interval]) -> bool:
    """Most of the run lies in the detector's speech (hum, breath and music do not)."""
    inside = sum(max(0.0, min(filled.end, s.end) - max(filled.start, s.start)) for s in speech)
    return inside >= 0.5 * filled.duration_s


def _speaker_loud(filled: FilledPause, words: Sequence[Word], frames: Frames) -> bool:
    """The run is about as loud as the speaker's words (median voiced level)."""
    hop = frames.hop_s
    mask = np.zeros(frames.count, dtype=bool)
    for w in words:
        mask[max(0, int(w.start / hop)) : min(frames.count, int(np.ceil(w.end / hop)))] = True
    mask &= frames.voiced
    if not mask.any():
        return True
    level = float(np.median(frames.db[mask]))
    a = max(0, int(filled.start / hop))
    b = min(frames.count, max(a + 1, int(np.ceil(filled.end / hop))))
    run = frames.db[a:b][frames.voiced[a:b]]
    return run.size > 0 and float(np.median(run)) >= level - SPEAKER_LEVEL_DROP_DB


def find_filled_pauses(words: Sequence[Word], frames: Frames, min_s: float) -> list[FilledPause]:
    """Voiced runs in the gaps between transcribed words (and before/after them).

    A run that voice joins, without a break, to the word before or after it is that
    word's own end or beginning (a long last syllable, the room's echo of it) which the
    recogniser's timing cut short: not a filled pause. Unless, inside a sentence, it runs
    on from the word before straight into the next: "each subgroup-uh, and we".
    """
    # (from, to, where the word before ends, where the word after starts, whether the
    # word before ends a sentence)
    regions: list[tuple[float, float, float | None, float | None, bool]]
    if not words:
        regions = [(0.0, frames.duration_s, None, None, True)]
    else:
        regions = [(0.0, words[0].start - EDGE_GUARD_S, None, words[0].start, True)]
        regions += [
            (a.end + EDGE_GUARD_S, b.start - EDGE_GUARD_S, a.end, b.start, _ends_sentence(a))
            for a, b in itertools.pairwise(words)
        ]
        regions.append((words[-1].end + EDGE_GUARD_S, frames.duration_s, words[-1].end, None,
                        True))
    found: list[FilledPause] = []
    for start, end, word_end, word_start, sentence_end in regions:
        if end - start < min_s:
            continue
        for run in voiced_runs(frames, start, end):
            if run.duration < min_s:
                continue
            if (word_end is not None and _voiced_throughout(frames, word_end, run.start)
                    and not _run_on_sound(run, word_start, sentence_end)):
                continue
            if word_start is not None and _voiced_throughout(frames, run.end, word_start):
                continue
            found.append(FilledPause(run.start, run.end))
    return found


def _ends_sentence(word: Word) -> bool:
    return word.word.rstrip().rstrip("\"')").endswith((".", "!", "?"))


def _run_on_sound(run: Interval, word_start: float | None, sentence_end: bool) -> bool:
    """Voice joined to the word before it is a filled pause said straight after the word
    ("subgroup-uh, and") when the next word follows within JOINED_NEXT_WORD_S. A long last
    syllable before a silence, or anything after a sentence's end, stays the word's or the
    room's."""
    return (not sentence_end and word_start is not None
            and word_start - run.end <= JOINED_NEXT_WORD_S)


def _voiced_throughout(frames: Frames, start: float, end: float) -> bool:
    """Voice in every frame from ``start`` to ``end`` (a hole of a frame or two allowed)."""
    hop = frames.hop_s
    a = max(0, int(start / hop))
    b = min(frames.count, int(np.ceil(end / hop)))
    if b <= a:
        return True
    return float(frames.voiced[a:b].mean()) >= JOINED_VOICED_SHARE
