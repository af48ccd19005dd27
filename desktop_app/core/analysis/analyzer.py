"""analyze_answer: a transcript (and optionally its audio) against a question → Report."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

import numpy as np
import numpy.typing as npt

from desktop_app.core.analysis import findings as fnd
from desktop_app.core.analysis.acoustics import SAMPLE_RATE, Frames, analyse_frames
from desktop_app.core.analysis.clipping import clipped_share
from desktop_app.core.analysis.coverage import find_coverage, find_red_flags
from desktop_app.core.analysis.filled_pauses import FilledPause
from desktop_app.core.analysis.fillers import find_fillers
from desktop_app.core.analysis.follow_up import choose_follow_up
from desktop_app.core.analysis.hotwords import expected_hotwords
from desktop_app.core.analysis.lexicon import Lexicon, load_lexicon
from desktop_app.core.analysis.matching import TokenIndex, hotword_stems
from desktop_app.core.analysis.pace import measure_pace
from desktop_app.core.analysis.pauses import find_pauses
from desktop_app.core.analysis.report import FillerItem, Report
from desktop_app.core.analysis.style import analyse_style
from desktop_app.core.analysis.timing import timing_for
from desktop_app.core.analysis.tokens import Token, tokenize
from desktop_app.core.banks.model import Bank, Question
from desktop_app.core.settings import AnalysisSettings
from desktop_app.core.transcript import Transcript


def _used_s(transcript: Transcript, audio_s: float | None, used_s: float | None) -> float:
    if used_s is not None:
        return max(0.0, used_s)
    if audio_s is not None:
        return audio_s
    if transcript.duration_s > 0:
        return transcript.duration_s
    words = transcript.words
    return words[-1].end if words else 0.0


# A lexical filler accounts for a filled pause this close to it; a hesitation sound written
# as a word ("uh") for one this close, as the recogniser times such words late and short:
# a 0.8 s "uh" of a voice pitched 5 semitones up was found as voice at 10.60-11.04 s and
# written "uh" at 11.26-11.32 s, and counted twice.
ACCOUNTED_S = 0.2
SOUND_ACCOUNTED_S = 0.6


def filled_pause_items(filled: list[FilledPause], lexical: list[FillerItem],
                       is_sound: Callable[[str], bool] = lambda text: False
                       ) -> list[FillerItem]:
    """Filled pauses that no lexical filler already accounts for (``is_sound``: whether a
    filler's text is a hesitation sound)."""
    out = []
    for fp in filled:
        if any(f.start - slack < fp.end and fp.start < f.end + slack
               for f in lexical
               for slack in [SOUND_ACCOUNTED_S if is_sound(f.text) else ACCOUNTED_S]):
            continue
        out.append(FillerItem("(filled pause)", fp.start, fp.end, "filled_pause"))
    return out


def _fillers(tokens: Sequence[Token], lex: Lexicon, filled: list[FilledPause],
             settings: AnalysisSettings) -> list[FillerItem]:
    """Lexical fillers, and the filled pauses no lexical filler already accounts for, in
    time order."""
    lexical = [
        FillerItem(h.text, h.start, h.end, "lexical", h.word_index, h.words)
        for h in find_fillers(tokens, lex, settings.clause_gap_s)
    ]
    return sorted(lexical + filled_pause_items(filled, lexical, lex.is_sound),
                  key=lambda f: f.start)


def analyze_answer(
    transcript: Transcript,
    question: Question,
    bank: Bank,
    settings: AnalysisSettings,
    audio: npt.NDArray[np.float32] | None = None,
    used_s: float | None = None,
    *,
    hotwords: Sequence[str] | None = None,
    lexicon: Lexicon | None = None,
    sample_rate: int = SAMPLE_RATE,
    frames: Frames | None = None,
    asked_follow_ups: Collection[str] = (),
) -> Report:
    """Analyse one answer.

    ``audio`` (float32 mono at ``sample_rate``) lets pauses and filled pauses come from
    the sound itself. ``used_s`` is the answer's length (default: the audio's, else the
    transcript's). ``hotwords`` are the terms the recogniser was biased with; None means
    ``expected_hotwords(question, bank)``, the terms the CLI and the app pass by default
    (give [] when no biasing was used). ``frames``: the audio's frame analysis when it
    was already made while recording (acoustics.FrameAnalyser), instead of ``audio`` for
    the pauses; ``audio`` given with it is then used for the pitch only.
    ``asked_follow_ups``: the follow-ups already asked for this question, not asked again.
    """
    words = transcript.words
    lex = lexicon or load_lexicon(settings.extra_fillers)
    tokens = tokenize(words, keep_whole=lex.keep_whole)
    audio_s = None
    if frames is not None:
        audio_s = frames.duration_s
    elif audio is not None:
        audio_s = float(np.asarray(audio).shape[0]) / sample_rate
        frames = analyse_frames(audio, sample_rate)
    used = _used_s(transcript, audio_s, used_s)

    pause_result = find_pauses(
        words, frames, settings.pause_threshold_s, settings.filled_pause_min_s,
        voice=transcript.speech,
    )
    items = _fillers(tokens, lex, pause_result.filled, settings)
    per_minute = len(items) * 60.0 / used if used > 0 else 0.0

    pace = measure_pace(
        words,
        pause_result.pauses,
        window_s=settings.window_s,
        slow_wpm=settings.slow_wpm,
        fast_wpm=settings.fast_wpm,
        rushing_wpm=settings.rushing_wpm,
    )
    hot = list(expected_hotwords(question, bank) if hotwords is None else hotwords)
    index = TokenIndex(tokens, settings.fuzzy_min_length, settings.fuzzy_score)
    covered, missing = find_coverage(
        question, bank, index, words, hotword_stems(hot), settings.min_biased_probability,
        settings.uncertain_probability,
    )
    flags = find_red_flags(bank, index, words)
    timing = timing_for(used, question.timing)

    style = analyse_style(tokens, words, question, bank, settings, used, lex, audio,
                          sample_rate, frames)
    findings = [fnd.timing_finding(timing)]
    findings += fnd.pace_findings(pace, settings)
    findings += fnd.pause_findings(pause_result.pauses, pause_result.start_latency_s, settings)
    findings += fnd.unclear_speech_findings(pause_result.unclear)
    if audio is not None:
        findings += fnd.clipping_findings(clipped_share(audio))
    findings.append(fnd.filler_finding(items, per_minute, settings))
    findings += fnd.coverage_findings(covered, missing)
    findings += fnd.red_flag_findings(flags)
    findings += style.findings
    return Report(
        bank_id=bank.id,
        stage_id=question.stage_id,
        question_id=question.id,
        prompt=question.prompt,
        timing=timing,
        pace=pace,
        targets={
            "slow_wpm": settings.slow_wpm,
            "fast_wpm": settings.fast_wpm,
            "rushing_wpm": settings.rushing_wpm,
        },
        start_latency_s=pause_result.start_latency_s,
        pauses=pause_result.pauses,
        fillers=items,
        fillers_per_minute=per_minute,
        covered=covered,
        missing=missing,
        red_flags=flags,
        transcript=transcript,
        audio_analysed=frames is not None,
        pauses_from=pause_result.source,
        hotwords=hot,
        uncertain_probability=settings.uncertain_probability,
        findings=fnd.ordered(findings),
        follow_up=choose_follow_up(question, bank, flags, missing, asked_follow_ups),
        delivery=style.delivery,
        hedges=style.hedges,
        repetition=style.repetition,
        structure=style.structure,
        unclear_speech=pause_result.unclear,
    )
