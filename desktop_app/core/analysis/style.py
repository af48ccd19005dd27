"""How the answer was put: hedges, repetition, structure and delivery, with findings.

One call for the analyzer, so that analyze_answer stays a list of steps. The text parts
need only the tokens; delivery needs the recording (pitch from its samples, loudness
from the frame levels the pause analysis made).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from desktop_app.core.analysis import findings as fnd
from desktop_app.core.analysis.acoustics import Frames
from desktop_app.core.analysis.delivery import Delivery
from desktop_app.core.analysis.hedges import Hedges, find_hedges, load_hedges
from desktop_app.core.analysis.lexicon import Lexicon
from desktop_app.core.analysis.repetition import Repetition, find_repetition
from desktop_app.core.analysis.report import Finding
from desktop_app.core.analysis.structure import Structure, find_structure
from desktop_app.core.analysis.tokens import Token
from desktop_app.core.analysis.vocal import VocalSettings, measure_loudness, measure_pitch
from desktop_app.core.banks.model import Bank, Question
from desktop_app.core.settings import AnalysisSettings
from desktop_app.core.transcript import Word

STAR_BANK = "behavioural-star"  # every question of this bank is a STAR story


@dataclass(frozen=True)
class Style:
    hedges: Hedges
    repetition: Repetition
    structure: Structure
    delivery: Delivery
    findings: list[Finding]


def is_star(question: Question, bank: Bank) -> bool:
    return question.structure == "star" or bank.id == STAR_BANK


def question_terms(question: Question, bank: Bank) -> str:
    """The prompt and the terms of the concepts it expects: words the answer should use."""
    terms = [t for c in question.expects if c in bank.concepts for t in bank.concepts[c].terms]
    return " ".join([question.prompt, *terms])


def vocal_settings(s: AnalysisSettings) -> VocalSettings:
    return VocalSettings(s.monotone_semitones, s.monotone_min_s, s.quiet_db, s.trailing_off_db)


def text_style(tokens: Sequence[Token], question: Question, bank: Bank,
               settings: AnalysisSettings, used_s: float,
               fillers: Lexicon) -> tuple[Hedges, Repetition, Structure]:
    hedges = find_hedges(tokens, load_hedges(settings.extra_hedges), used_s,
                         settings.clause_gap_s)
    repetition = find_repetition(
        tokens, question_terms(question, bank), min_count=settings.repetition_min_count,
        words_per_repeat=settings.repetition_words_per_repeat, skip_words=fillers.words,
    )
    structure = find_structure(tokens, star=is_star(question, bank),
                               first_s=settings.answer_first_s,
                               first_fraction=settings.answer_first_fraction)
    return hedges, repetition, structure


def delivery_of(audio: npt.NDArray[np.float32] | None, sample_rate: int,
                frames: Frames | None, words: Sequence[Word],
                settings: AnalysisSettings) -> Delivery:
    vs = vocal_settings(settings)
    pitch = measure_pitch(audio, sample_rate, vs) if audio is not None else None
    loudness = measure_loudness(frames, words, vs) if frames is not None else None
    return Delivery(pitch, loudness)


def analyse_style(tokens: Sequence[Token], words: Sequence[Word], question: Question,
                  bank: Bank, settings: AnalysisSettings, used_s: float, fillers: Lexicon,
                  audio: npt.NDArray[np.float32] | None, sample_rate: int,
                  frames: Frames | None) -> Style:
    hedges, repetition, structure = text_style(tokens, question, bank, settings, used_s,
                                               fillers)
    delivery = delivery_of(audio, sample_rate, frames, words, settings)
    findings: list[Finding] = []
    if tokens:  # an answer with no words has nothing to say about its manner
        findings.append(fnd.hedge_finding(hedges, settings))
        findings += fnd.repetition_findings(repetition)
        findings += fnd.structure_findings(structure, is_star(question, bank))
    findings += fnd.delivery_findings(delivery, settings)
    return Style(hedges, repetition, structure, delivery, findings)
