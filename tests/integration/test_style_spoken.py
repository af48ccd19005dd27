"""The labelled hedge, repetition and structure answers spoken by the neural voice and
transcribed by the shipped tiny.en: the detectors on what the recogniser really writes
(its punctuation, its spellings, its timing), not on typed text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.analysis.hedges import find_hedges, load_hedges
from desktop_app.core.analysis.repetition import find_repetition
from desktop_app.core.analysis.structure import find_structure
from desktop_app.core.analysis.tokens import tokenize
from desktop_app.core.audio.audio_decode import load_audio
from desktop_app.core.banks.library import find_question
from desktop_app.core.settings import Settings
from desktop_app.core.transcript import Transcript
from desktop_app.pipeline.answer import analyse_answer, transcribe_answer
from desktop_app.transcription.worker import TranscriptionWorker
from tests.support.style_cases import HEDGES, REPETITION, STRUCTURE, Score
from tests.support.voice import spoken

pytestmark = pytest.mark.model

QUESTION = "star-failure"
# The hedge sentences said as three answers (a pause between sentences, as spoken).
HEDGE_ANSWERS = [HEDGES[i : i + 9] for i in range(0, len(HEDGES), 9)]


def _texts() -> dict[str, str]:
    texts = {f"structure{i}": c.text for i, c in enumerate(STRUCTURE)}
    texts |= {f"repetition{i}": text for i, (text, _, _) in enumerate(REPETITION)}
    texts |= {f"hedges{i}": " ".join(s for s, _ in group)
              for i, group in enumerate(HEDGE_ANSWERS)}
    return texts


@pytest.fixture(scope="module")
def heard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[Path,
                                                                              Transcript]]]:
    folder = tmp_path_factory.mktemp("style-answers")
    settings = Settings()
    bank, question = find_question(QUESTION, settings, None)
    worker = TranscriptionWorker()
    try:
        out = {}
        for name, text in _texts().items():
            wav = spoken(text, folder / f"{name}.wav")
            out[name] = (wav, transcribe_answer(wav, settings, bank, question, worker=worker))
        yield out
    finally:
        worker.close()


def spoken_scores(heard: dict[str, tuple[Path, Transcript]]) -> dict[str, Score]:
    scores = {k: Score() for k in ("hedges", "repetition", "answer_first", "promise", "star",
                                   "closing")}
    lexicon = load_hedges()
    for i, group in enumerate(HEDGE_ANSWERS):
        tokens = tokenize(heard[f"hedges{i}"][1].words)
        found = find_hedges(tokens, lexicon, 60.0)
        scores["hedges"].add([h.text for h in found.items], [h for _, t in group for h in t])
    for i, (_, question, truth) in enumerate(REPETITION):
        tokens = tokenize(heard[f"repetition{i}"][1].words)
        scores["repetition"].add([r.text for r in find_repetition(tokens, question).items],
                                 truth)
    for i, case in enumerate(STRUCTURE):
        tokens = tokenize(heard[f"structure{i}"][1].words)
        st = find_structure(tokens, star=case.star is not None)
        if case.star is None:
            scores["answer_first"].add_bool(st.answer_first, case.answer_first)
        if case.promised is not None:
            scores["promise"].add_bool(
                (st.promised, st.delivered) == (case.promised, case.delivered), True)
        if case.star is not None and st.star is not None:
            for part, present in zip(("situation", "task", "action", "result"), case.star,
                                     strict=True):
                scores["star"].add_bool(not getattr(st.star, part), not present)
        scores["closing"].add_bool(not st.closing, not case.closing)
    return scores


def test_the_detectors_hold_on_transcribed_speech(
        heard: dict[str, tuple[Path, Transcript]]) -> None:
    scores = spoken_scores(heard)
    for name, score in scores.items():
        print(f"{name}: precision {score.precision:.2f} recall {score.recall:.2f} {score}")
    assert scores["hedges"].precision >= 0.85 and scores["hedges"].recall >= 0.85
    assert scores["repetition"].precision >= 0.75 and scores["repetition"].recall >= 0.75
    for name in ("answer_first", "promise", "star", "closing"):
        assert scores[name].precision >= 0.75, (name, scores[name])
        assert scores[name].recall >= 0.75, (name, scores[name])


def test_the_pipeline_reports_delivery_and_structure_for_a_spoken_star_answer(
        heard: dict[str, tuple[Path, Transcript]]) -> None:
    settings = Settings()
    bank, question = find_question(QUESTION, settings, None)
    wav, transcript = heard["structure8"]  # a STAR story without its task
    report = analyse_answer(transcript, settings, bank, question, audio=load_audio(wav))
    assert report.structure is not None and report.structure.star is not None
    assert report.structure.star.missing == ["task"]
    assert report.delivery is not None and report.delivery.pitch is not None
    assert report.delivery.pitch.monotone == ()  # the neural voice is lively
    assert any(f.area == "structure" and "without its Task" in f.message
               for f in report.findings)
