"""Pauses and filled pauses from a voice-activity detector's segments (Transcript.speech).

The segments are plain times, so these tests give them directly; the detector itself runs
in the transcription worker (tests/eval/test_pauses_under_noise.py runs it for real).
"""

from __future__ import annotations

import numpy as np

from desktop_app.core.analysis import analyze_answer
from desktop_app.core.analysis.acoustics import analyse_frames
from desktop_app.core.analysis.pauses import VOICE_RESOLUTION_S, find_pauses
from desktop_app.core.analysis.report import Report
from desktop_app.core.settings import AnalysisSettings
from desktop_app.core.transcript import Segment, Transcript, Word
from desktop_app.transcription.live import joined_speech
from tests.support.analysis import sample_bank

RATE = 16000


def _voice(seconds: float, amp: float = 0.3, f0: float = 140.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    tone = np.zeros_like(t)
    for k in range(1, 6):  # a voice-like tone: a fundamental and its harmonics
        tone += np.sin(2 * np.pi * f0 * k * t) / k
    out: np.ndarray = (amp * tone / 2.3).astype(np.float32)
    return out


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


def _words(spans: list[tuple[float, float]]) -> list[Word]:
    return [Word(f"w{i}", a, b) for i, (a, b) in enumerate(spans)]


def test_gaps_between_voice_segments_are_pauses() -> None:
    voice = [(0.5, 2.0), (3.6, 5.0), (5.4, 7.0), (8.53, 9.0)]
    result = find_pauses([], None, 1.5, 0.3, voice=voice)
    # 1.6 s is a pause, 0.4 s is not, and 1.53 s - 1.5 s within the detector's window is.
    assert [(p.start, p.end, p.source) for p in result.pauses] == [
        (2.0, 3.6, "voice"), (7.0, 8.53, "voice")]
    assert result.source == "voice" and result.start_latency_s == 0.5
    short = find_pauses([], None, 1.5, 0.3, voice=[(0.0, 1.0), (2.5 - VOICE_RESOLUTION_S - 0.01,
                                                                   3.0)])
    assert short.pauses == []


def test_without_segments_the_energy_path_and_the_words_remain() -> None:
    audio = np.concatenate([_voice(1.0), _silence(2.0), _voice(1.0)])
    assert find_pauses([], analyse_frames(audio), 1.5, 0.3).source == "audio"
    words = _words([(0.0, 1.0), (3.0, 4.0)])
    assert find_pauses(words, None, 1.5, 0.3).source == "words"
    # An empty list of segments (nothing heard) also leaves the words to speak.
    assert find_pauses(words, None, 1.5, 0.3, voice=[]).source == "words"


def test_a_filled_pause_must_be_speech_at_the_speakers_own_loudness() -> None:
    # Words, then 0.6 s of voice in the gap at the speaker's level, then words; the same
    # with the voice in the gap 20 dB under them (someone talking behind the speaker).
    for gap_amp, expected in ((0.3, 1), (0.03, 0)):
        audio = np.concatenate([_voice(1.0), _silence(0.5), _voice(0.6, amp=gap_amp, f0=180.0),
                                _silence(0.5), _voice(1.0)])
        words = _words([(0.0, 1.0), (2.6, 3.6)])
        frames = analyse_frames(audio)
        heard = [(0.0, 1.0), (1.5, 2.1), (2.6, 3.6)]
        assert len(find_pauses(words, frames, 1.5, 0.3, voice=heard).filled) == expected
        # Voice the detector did not call speech is no filled pause whatever its level.
        assert find_pauses(words, frames, 1.5, 0.3, voice=[(0.0, 1.0), (2.6, 3.6)]).filled == []


def test_the_report_says_where_its_pauses_came_from() -> None:
    bank, question = sample_bank(())
    words = _words([(0.5, 1.0), (1.1, 2.0), (4.0, 4.5)])
    transcript = Transcript("t", "m", "en", 5.0, (Segment(0.5, 4.5, "w0 w1 w2", tuple(words)),),
                            speech=((0.5, 2.0), (4.0, 4.5)))
    report = analyze_answer(transcript, question, bank, AnalysisSettings())
    d = report.to_dict()
    assert d["analysis"]["pauses_from"] == "voice"
    assert [(p["start"], p["end"], p["source"]) for p in d["pauses"]] == [(2.0, 4.0, "voice")]
    assert Report.from_dict(d).pauses_from == "voice"
    plain = analyze_answer(Transcript.from_dict({**transcript.to_dict(), "speech": None}),
                           question, bank, AnalysisSettings())
    assert plain.to_dict()["analysis"]["pauses_from"] == "words"


def test_speech_travels_with_the_transcript() -> None:
    t = Transcript("t", "m", "en", 3.0, (), speech=((0.25, 1.0), (1.5, 2.75)))
    assert Transcript.from_dict(t.to_dict()) == t
    assert "speech" not in Transcript("t", "m", "en", 3.0, ()).to_dict()
    assert Transcript.from_dict({"speech": "nonsense"}).speech is None


def test_live_chunks_speech_is_joined_where_a_cut_split_it() -> None:
    assert joined_speech([(4.0, 5.0), (0.5, 2.0), (2.0, 3.0)]) == ((0.5, 3.0), (4.0, 5.0))
    assert joined_speech([]) == ()
    assert joined_speech(None) is None


def test_a_pause_under_background_voices_is_found_by_the_speakers_loudness() -> None:
    # The speaker (loud), then 2 s of only other voices 20 dB under them, then the
    # speaker again; the detector calls all of it speech, as it does for a café.
    rng = np.random.default_rng(3)
    background = (0.03 * np.sin(np.cumsum(rng.uniform(0.02, 0.06, 6 * RATE)))).astype(np.float32)
    speaker = np.concatenate([_voice(2.0), _silence(2.0), _voice(2.0)])
    audio = speaker + background
    frames = analyse_frames(audio)
    words = _words([(0.1, 0.9), (1.0, 1.9), (4.1, 4.9), (5.0, 5.9)])
    result = find_pauses(words, frames, 1.5, 0.3, voice=[(0.0, 6.0)])
    assert [p.source for p in result.pauses] == ["voice"]
    # Within the corpus's tolerance: the averaged level makes such a pause a little short.
    assert abs(result.pauses[0].start - 2.0) <= 0.3 and abs(result.pauses[0].end - 4.0) <= 0.3
    # A word the recogniser put inside the quiet stretch with no sound of the speaker's
    # there is the other voices' word, or the next word's start set early (both seen under
    # babble): the pause stays.
    placed = find_pauses([*words[:2], Word("the", 3.3, 3.6), *words[2:]], frames, 1.5, 0.3,
                         voice=[(0.0, 6.0)])
    [kept] = placed.pauses
    assert abs(kept.start - 2.0) <= 0.3 and abs(kept.end - 4.0) <= 0.3
    # The next sentence's first word stretched back 1.6 s into the silence (the recogniser
    # did that under babble): it is loud only where the speaker starts again, at the edge,
    # so the pause stays although the word's middle lies inside it.
    stretched = find_pauses([*words[:2], Word("Then", 2.4, 4.5), *words[3:]], frames, 1.5,
                            0.3, voice=[(0.0, 6.0)])
    [kept] = stretched.pauses
    assert abs(kept.start - 2.0) <= 0.3 and abs(kept.end - 4.0) <= 0.3
    # A soft word of the speaker's own (10 dB under their voice, 10 dB over the room)
    # breaks the stretch: it is speech.
    soft = np.concatenate([_silence(2.9), _voice(0.2, amp=0.095), _silence(2.9)])
    frames_soft = analyse_frames(audio + soft)
    spoken = find_pauses([*words[:2], Word("so", 2.9, 3.1), *words[2:]], frames_soft, 1.5,
                         0.3, voice=[(0.0, 6.0)])
    assert spoken.pauses == []


def test_a_stops_release_after_its_closure_ends_the_speech_not_the_closure() -> None:
    # "...project." then silence: voice, 0.2 s of closure, a 40 ms burst, 2 s of silence.
    # The detector ends the speech at the closure; the pause starts after the burst.
    rng = np.random.default_rng(5)
    burst = (0.05 * rng.standard_normal(int(0.04 * RATE))).astype(np.float32)
    audio = np.concatenate([_voice(2.0), _silence(0.2), burst, _silence(2.0), _voice(1.0)])
    frames = analyse_frames(audio)
    voice = [(0.0, 2.0), (4.24, 5.24)]
    [pause] = find_pauses(_words([(0.1, 1.9), (4.3, 5.2)]), frames, 1.5, 0.3, voice=voice).pauses
    assert abs(pause.start - 2.24) <= 0.05 and pause.end == 4.24
    # The same burst lost in steady noise moves nothing (a loud frame there is the noise).
    noisy = audio + (0.02 * rng.standard_normal(audio.size)).astype(np.float32)
    [pause] = find_pauses(_words([(0.1, 1.9), (4.3, 5.2)]), analyse_frames(noisy), 1.5, 0.3,
                          voice=voice).pauses
    assert pause.start == 2.0


def test_voices_only_9_db_under_the_speaker_still_leave_the_pause() -> None:
    # Other voices 9 dB under the speaker all the way through: closer than the fixed
    # 12 dB drop, so the cut is put between the room's level and the speaker's.
    room = _voice(6.0, amp=0.3 * 10 ** (-9 / 20), f0=210.0)
    speaker = np.concatenate([_voice(2.0), _silence(2.0), _voice(2.0)])
    frames = analyse_frames(speaker + room)
    words = _words([(0.1, 0.9), (1.0, 1.9), (4.1, 4.9), (5.0, 5.9)])
    [pause] = find_pauses(words, frames, 1.5, 0.3, voice=[(0.0, 6.0)]).pauses
    assert abs(pause.start - 2.0) <= 0.3 and abs(pause.end - 4.0) <= 0.3


def test_a_pause_under_voices_ends_at_the_speakers_onset_and_starts_after_a_soft_tail(
) -> None:
    # Other voices 12 dB under the speaker; the speaker's sentence ends in 0.5 s of soft
    # sound (10 dB under their voice, as a final "s" or a creak is), then 2 s of silence.
    room = _voice(6.0, amp=0.3 * 10 ** (-12 / 20), f0=210.0)
    tail = _voice(0.5, amp=0.3 * 10 ** (-10 / 20))
    speaker = np.concatenate([_voice(1.5), tail, _silence(2.0), _voice(2.0)])
    frames = analyse_frames(speaker + room)
    words = _words([(0.1, 0.9), (1.0, 1.9), (4.1, 4.9), (5.0, 5.9)])
    [pause] = find_pauses(words, frames, 1.5, 0.3, voice=[(0.0, 6.0)]).pauses
    # The averaged level reaches the cut before the speaker starts again; the lead is put
    # back (0.2 s early without it).
    assert abs(pause.end - 4.0) <= 0.05, pause
    # The soft tail is still the speaker's: the stretch ends at the lower release level
    # (0.27 s early with the cut alone).
    assert abs(pause.start - 2.0) <= 0.15, pause


def test_a_burst_of_other_voices_inside_a_silence_does_not_split_the_pause() -> None:
    # Other voices 9 dB under the speaker all the way through, and for 0.4 s in the middle
    # of the speaker's 2.4 s silence one of them as loud as the speaker (babble at 10 dB
    # does that). No word reaches the burst: it is the room's, and the pause stays whole
    # instead of becoming two short gaps around a filled pause.
    room = _voice(6.4, amp=0.3 * 10 ** (-9 / 20), f0=210.0)
    burst = np.concatenate([_silence(3.0), _voice(0.4, f0=190.0), _silence(3.0)])
    speaker = np.concatenate([_voice(2.0), _silence(2.4), _voice(2.0)])
    words = _words([(0.1, 0.9), (1.0, 1.9), (4.5, 5.3), (5.4, 6.3)])
    result = find_pauses(words, analyse_frames(speaker + room + burst), 1.5, 0.3,
                         voice=[(0.0, 6.4)])
    [pause] = result.pauses
    assert abs(pause.start - 2.0) <= 0.3 and abs(pause.end - 4.4) <= 0.3, pause
    assert result.filled == []
    # A word reaching the burst makes it the speaker's speech: no pause.
    spoken = find_pauses([*words[:2], Word("so", 3.0, 3.4), *words[2:]],
                         analyse_frames(speaker + room + burst), 1.5, 0.3, voice=[(0.0, 6.4)])
    assert spoken.pauses == []
    # In a quiet room the same sound is the speaker's own hesitation: a filled pause
    # between two gaps too short to be pauses, as before.
    quiet = find_pauses(words, analyse_frames(speaker + burst), 1.5, 0.3,
                        voice=[(0.0, 2.0), (3.0, 3.4), (4.4, 6.4)])
    assert quiet.pauses == []
    assert [(round(f.start, 1), round(f.end, 1)) for f in quiet.filled] == [(3.0, 3.4)]


def test_a_held_sound_the_detector_stopped_hearing_is_not_part_of_the_pause() -> None:
    # The detector calls a held "uhhh" speech for 0.5 to 0.8 s of it only; the pause is
    # the silence after the sound (and, for a held sound before the speaker goes on, the
    # silence before it: it missed the first second of an "ummm").
    words = _words([(0.1, 1.3), (4.7, 5.9)])
    after = np.concatenate([_voice(1.4), _voice(1.2, f0=110.0), _silence(2.0), _voice(1.4)])
    [pause] = find_pauses(words, analyse_frames(after), 1.5, 0.3,
                          voice=[(0.0, 2.2), (4.6, 6.0)]).pauses
    assert abs(pause.start - 2.6) <= 0.05 and pause.end == 4.6, pause
    before = np.concatenate([_voice(2.0), _silence(1.6), _voice(1.2, f0=110.0), _voice(1.2)])
    [pause] = find_pauses(_words([(0.1, 1.9), (4.9, 5.9)]), analyse_frames(before), 1.5, 0.3,
                          voice=[(0.0, 2.0), (4.4, 6.0)]).pauses
    assert pause.start == 2.0 and abs(pause.end - 3.6) <= 0.05, pause
    # A word's own voice from the detector's start of speech is left alone.
    short = np.concatenate([_voice(2.0), _silence(2.2), _voice(1.8)])
    [pause] = find_pauses(_words([(0.1, 1.9), (4.3, 5.9)]), analyse_frames(short), 1.5, 0.3,
                          voice=[(0.0, 2.0), (4.4, 6.0)]).pauses
    assert pause.end == 4.4, pause
