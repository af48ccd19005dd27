"""Pauses, start latency and filled pauses, from the audio when there is audio.

A pause is silence of at least the threshold between two stretches of speech. The
stretches come from the transcription worker's voice-activity detector when it ran (the
transcript's ``speech``) and hears the words: it holds under steady noise, where frame
energy against a noise floor lost pauses, but on a telephone band it can hear nothing.
Otherwise they are found in the audio's energy (word timestamps smear over silences);
only without audio do word gaps stand in for it.
Silence before the first speech is the start latency; silence after the last speech is
not a pause either.

A filled pause is voice where the recogniser transcribed no word ("um" that Whisper
dropped), found by ``filled_pauses.py``; here it is kept only when it is the speaker's
(heard as speech, as loud as their words, not inside a pause). Speech under no word for
longer than a hesitation lasts is unclear speech (``unheard.py``): what the recogniser
could not make out, never a filled pause.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from desktop_app.core.analysis.acoustics import (
    Frames,
    Interval,
    speech_intervals,
    voiced_runs,
)
from desktop_app.core.analysis.filled_pauses import (
    HELD_SOUND_S,
    FilledPause,
    find_filled_pauses,
)
from desktop_app.core.analysis.speaker_sound import (
    SpeakerSound,
    mask_runs,
    silences_under_voices,
    speaker_sound,
)
from desktop_app.core.analysis.unheard import reached_frames, unheard_stretches
from desktop_app.core.transcript import Word

# The voice-activity detector judges 32 ms at a time, so a gap it measures can be one
# window short of the silence: a 1.5 s silence came back as 1.47 s. A gap within one
# window of the threshold is a pause.
VOICE_RESOLUTION_S = 0.032
HELD_JUDGED_S = 0.5  # a held sound is judged by this much of its start (_the_speakers)
HELD_FROM_S = 0.05  # voice this close to the detector's end of speech goes on from it
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
# A filled pause is one sustained sound, so most of it has the speaker's loudness over
# LEVEL_SPAN_S too; the room's voices reach it only in single syllables, which passed the
# check on the run's own voiced frames. Under babble at 10 dB this took the false filled
# pauses from 7 to 2 in the corpus and lost no true one in any condition (0.9 measured 1
# and 0; a majority is kept as the rule, the sound's edges being the softest part).
FILLED_SPEAKER_SHARE = 0.5
# The detector must hear the speech the recogniser wrote sure words for. On a telephone
# band (300-3400 Hz, as a Bluetooth headset's microphone sends) it heard 0 to 21 % of
# the words' time in 10 of 11 corpus answers, and the gaps between its few segments were
# reported as pauses of up to 12 s over twenty words; on every answer it hears (any noise,
# reverb, rate) it covers 76 % or more, the words being stretched over some silence. Under
# half, the detector is not used.
MIN_HEARD_SHARE = 0.5
SURE_WORD = 0.5  # a word this probable is speech, whatever the detector says


@dataclass(frozen=True)
class Pause:
    start: float
    end: float
    source: str  # "voice", "audio" or "words" (PauseResult.source)

    @property
    def duration_s(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class UnclearSpeech:
    """The speaker's voice where the recogniser wrote no word, for longer than a hesitation
    sound lasts: words it could not make out, never a filler."""

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
    unclear: list[UnclearSpeech] = field(default_factory=list)


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
    ``speech``). Pauses are the gaps between stretches of speech: the detector's when it
    hears the words (MIN_HEARD_SHARE), else those of the audio's energy (``frames``); only
    without audio, the gaps between the words.

    Both kinds of stretch go through the same rules (held voice, a stop's release, the
    room's voices, the speaker's level): on the corpus with the detector left out, they
    took the energy's pauses from 0.69 to 0.92 overall (0.56 to 0.97 at 20 dB SNR) and its
    false filled pauses from 0.86 to 0.03 a minute, against the energy's silences alone."""
    if voice is not None and heard_share(words, voice) >= MIN_HEARD_SHARE:
        return _speech_pauses(words, frames, threshold_s, filled_min_s, voice, "voice")
    if frames is not None:
        found = [(s.start, s.end) for s in speech_intervals(frames)]
        if found:
            return _speech_pauses(words, frames, threshold_s, filled_min_s, found, "audio")
    latency = words[0].start if words else 0.0
    return PauseResult(word_gap_pauses(words, threshold_s), latency, [], [])


def heard_share(words: Sequence[Word], voice: Sequence[tuple[float, float]]) -> float:
    """The share of the sure words' time that the detector calls speech (1.0 with no such
    words: nothing contradicts it)."""
    sure = [w for w in words if w.probability >= SURE_WORD and w.end > w.start]
    total = sum(w.end - w.start for w in sure)
    if total <= 0:
        return 1.0
    inside = sum(max(0.0, min(w.end, b) - max(w.start, a)) for w in sure for a, b in voice)
    return inside / total


def _speech_pauses(words: Sequence[Word], frames: Frames | None, threshold_s: float,
                   filled_min_s: float, voice: Sequence[tuple[float, float]],
                   source: str) -> PauseResult:
    """Pauses between the stretches of speech in ``voice`` (found as ``source`` says);
    filled pauses from the audio, kept to what is speech and to the speaker's own
    loudness."""
    speech = [Interval(a, b) for a, b in sorted(voice) if b > a]
    if not speech:
        latency = words[0].start if words else 0.0
        return PauseResult(word_gap_pauses(words, threshold_s), latency, [], [], "words")
    pauses = [
        Pause(a.end, b.start, source)
        for a, b in itertools.pairwise(speech)
        if b.start - a.end >= threshold_s - VOICE_RESOLUTION_S
    ]
    filled: list[FilledPause] = []
    unclear: list[UnclearSpeech] = []
    if frames is not None and frames.count:
        floor_db = float(np.percentile(frames.db, 5))
        pauses = [_with_release(_held_voice_outside(p, frames), frames, floor_db)
                  for p in pauses]
        pauses = [p for p in pauses if p.duration_s >= threshold_s - VOICE_RESOLUTION_S]
        sound = speaker_sound(words, frames, speech)
        if sound is not None:
            pauses = sorted(pauses + [
                Pause(start, end, source) for start, end in silences_under_voices(
                    words, frames, sound, threshold_s - VOICE_RESOLUTION_S,
                    [(p.start, p.end) for p in pauses])
            ], key=lambda p: p.start)
        unclear = [u for u in (UnclearSpeech(i.start, i.end)
                               for i in unheard_stretches(words, frames))
                   if _the_speakers(u, words, frames, speech, pauses, sound)]
        others_heard = sound is not None and sound.room_heard
        filled = _outside([f for f in find_filled_pauses(words, frames, filled_min_s,
                                                         others_heard)
                           if _the_speakers(f, words, frames, speech, pauses, sound)], unclear)
    return PauseResult(pauses, speech[0].start, speech, filled, source, unclear)


def _the_speakers(run: FilledPause | UnclearSpeech, words: Sequence[Word], frames: Frames,
                  speech: Sequence[Interval], pauses: Sequence[Pause],
                  sound: SpeakerSound | None) -> bool:
    """Voice where no word was written that is the speaker's: heard as speech, about as
    loud as their words, mostly their sound, and not inside a pause. A pause is the speaker
    silent: voice inside one is the room's, which the level of the whole stretch tells
    better than the run's own frames. Unclear speech (speech under no word, longer than a
    hesitation: what the recogniser could not make out) passes the same tests.

    In a quiet room a held sound is judged as speech, and as the speaker's, by its first
    HELD_JUDGED_S: the detector stops calling a sustained vowel speech after 0.5 to 0.8 s
    of it (it kept 0.5 s of a 1.3 s "ummm" in reverb), and the speaker's sound is cut to
    what the detector calls speech."""
    judged = run
    if (isinstance(run, FilledPause) and run.duration_s >= HELD_SOUND_S
            and (sound is None or not sound.room_heard)):
        judged = FilledPause(run.start, run.start + HELD_JUDGED_S)
    return (_heard_as_speech(judged, speech) and _speaker_loud(run, words, frames)
            and not any(p.start <= run.start and run.end <= p.end for p in pauses)
            and (sound is None or _holds_speaker_sound(judged, sound, hop=frames.hop_s)))


def _outside(filled: list[FilledPause], unclear: Sequence[UnclearSpeech]) -> list[FilledPause]:
    """The filled pauses that are not part of unclear speech (a lost phrase's syllables)."""
    return [f for f in filled if not any(u.start < f.end and f.start < u.end for u in unclear)]


def _held_voice_outside(pause: Pause, frames: Frames) -> Pause:
    """The pause without voice that runs on from the detector's end of speech, or back from
    its start of speech: the detector stops calling a held "uhhh" speech after 0.5 to 0.8 s
    of it, and a 2 s one followed by 0.6 s of silence was reported as a 1.9 s pause
    overlapping it; for a voice pitched 9 semitones up it called the first second of a held
    "ummm" silence, and the pause before it ran on over that second. Back from the start
    of speech only a held sound (HELD_SOUND_S) counts: a word's own voice there moved the
    ends of 6 corpus pauses out of their tolerance (pauses 0.97 to 0.94). (As it is, no
    pause of the corpus moved.)"""
    start, end = pause.start, pause.end
    runs = voiced_runs(frames, start - HELD_FROM_S, end + HELD_FROM_S)
    if runs and runs[0].start <= start + HELD_FROM_S:
        start = min(end, max(start, runs[0].end))
    if (runs and runs[-1].end >= end - HELD_FROM_S
            and end - runs[-1].start >= HELD_SOUND_S):  # a held sound, not a word's onset
        end = max(start, runs[-1].start)
    return pause if (start, end) == (pause.start, pause.end) else Pause(start, end, pause.source)


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
    for start, end in reversed(mask_runs(frames.loud[a:b])):
        if (start >= quiet and (end - start) * hop <= BURST_S
                and float(frames.db[a + start : a + end].max()) >= floor_db + BURST_ABOVE_DB
                and not frames.loud[a + start - quiet : a + start].any()
                and not frames.loud[a + end : a + end + after].any()):
            return Pause(min(pause.end, (a + end) * hop), pause.end, pause.source)
    return pause


def _holds_speaker_sound(filled: FilledPause | UnclearSpeech, sound: SpeakerSound,
                         hop: float) -> bool:
    """At least FILLED_SPEAKER_SHARE of the run is the speaker's sound."""
    a = max(0, int(filled.start / hop))
    b = min(sound.mask.shape[0], max(a + 1, int(np.ceil(filled.end / hop))))
    return float(sound.mask[a:b].mean()) >= FILLED_SPEAKER_SHARE


def _heard_as_speech(filled: FilledPause | UnclearSpeech, speech: Sequence[Interval]) -> bool:
    """Most of the run lies in the detector's speech (hum, breath and music do not)."""
    inside = sum(max(0.0, min(filled.end, s.end) - max(filled.start, s.start)) for s in speech)
    return inside >= 0.5 * filled.duration_s


def _speaker_loud(filled: FilledPause | UnclearSpeech, words: Sequence[Word],
                  frames: Frames) -> bool:
    """The run is about as loud as the speaker's words (median voiced level)."""
    hop = frames.hop_s
    mask = reached_frames(words, frames.count, hop, 0.0) & frames.voiced
    if not mask.any():
        return True
    level = float(np.median(frames.db[mask]))
    a = max(0, int(filled.start / hop))
    b = min(frames.count, max(a + 1, int(np.ceil(filled.end / hop))))
    run = frames.db[a:b][frames.voiced[a:b]]
    return run.size > 0 and float(np.median(run)) >= level - SPEAKER_LEVEL_DROP_DB
