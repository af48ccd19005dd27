"""The interviewer's follow-up, chosen from real answers: spoken by the neural voice,
transcribed by the shipped tiny.en in a worker process and analysed by the one pipeline."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.analysis.report import Report
from desktop_app.core.audio.audio_decode import load_audio
from desktop_app.core.banks.library import find_question
from desktop_app.core.banks.model import Bank, Question
from desktop_app.core.settings import Settings
from desktop_app.core.transcript import Transcript
from desktop_app.pipeline.answer import analyse_answer, transcribe_answer
from desktop_app.transcription.worker import TranscriptionWorker
from tests.support.voice import spoken

pytestmark = pytest.mark.model

QUESTION = "se-exec-ship-date"  # expects go_no_go, challenge_premise, proactive_constraints,
# stakeholder_alignment, failure_mode_analysis, in that order
ANSWERS = {
    "red_flag": "The competitor is ahead of us, so we have to move fast and break things. I "
                "would talk to the stakeholders and agree on a plan with engineering.",
    "missing": "First I would push back on the premise and ask what problem we are solving. "
               "I would bring the stakeholders together, walk through the failure modes and "
               "the worst case, and keep the guardrails in place as hard constraints.",
    "full": "I would push back on the premise. Before Thursday I would agree launch criteria "
            "with the stakeholders, walk through the failure modes and the worst case, and "
            "keep the guardrails as hard constraints. If the criteria are not met, the "
            "release waits.",
}
GO_NO_GO_PROBE = ("What would have to be true before you would say go? And what would make "
                  "it a no-go?")


@pytest.fixture(scope="module")
def asked() -> tuple[Settings, Bank, Question]:
    settings = Settings()
    bank, question = find_question(QUESTION, settings, None)
    return settings, bank, question


@pytest.fixture(scope="module")
def audio(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("answers")
    return {name: spoken(text, folder / f"{name}.wav") for name, text in ANSWERS.items()}


@pytest.fixture(scope="module")
def transcripts(asked: tuple[Settings, Bank, Question],
                audio: dict[str, Path]) -> Iterator[dict[str, Transcript]]:
    settings, bank, question = asked
    worker = TranscriptionWorker()
    try:
        yield {name: transcribe_answer(path, settings, bank, question, worker=worker)
               for name, path in audio.items()}
    finally:
        worker.close()


def _report(name: str, asked: tuple[Settings, Bank, Question], audio: dict[str, Path],
            transcripts: dict[str, Transcript], bank: Bank | None = None,
            already: tuple[str, ...] = ()) -> Report:
    settings, shipped, question = asked
    return analyse_answer(transcripts[name], settings, bank or shipped, question,
                          audio=load_audio(audio[name]), asked_follow_ups=already)


def test_a_red_flag_said_gets_its_challenge(asked: tuple[Settings, Bank, Question],
                                           audio: dict[str, Path],
                                           transcripts: dict[str, Transcript]) -> None:
    report = _report("red_flag", asked, audio, transcripts)
    assert [f.flag for f in report.red_flags] == ["speed_over_safety"]
    assert report.missing  # concepts were missing too: the red flag comes first
    fu = report.follow_up
    assert fu is not None and (fu.reason, fu.target) == ("red_flag", "speed_over_safety")
    assert fu.text == asked[1].red_flags["speed_over_safety"].challenge
    assert report.to_dict()["follow_up"] == {"text": fu.text, "reason": "red_flag",
                                             "target": "speed_over_safety"}


def test_a_flag_without_a_challenge_is_questioned_in_the_words_said(
        asked: tuple[Settings, Bank, Question], audio: dict[str, Path],
        transcripts: dict[str, Transcript]) -> None:
    bank = asked[1]
    flags = {k: dataclasses.replace(v, challenge="") for k, v in bank.red_flags.items()}
    report = _report("red_flag", asked, audio, transcripts,
                     dataclasses.replace(bank, red_flags=flags))
    fu = report.follow_up
    assert fu is not None and fu.reason == "red_flag"
    assert fu.text == "You said \u201cmove fast and break things\u201d. Why, and what would " \
                      "change your mind?"


def test_the_first_expected_concept_left_out_gets_its_probe(
        asked: tuple[Settings, Bank, Question], audio: dict[str, Path],
        transcripts: dict[str, Transcript]) -> None:
    report = _report("missing", asked, audio, transcripts)
    assert report.red_flags == []
    assert [m.concept for m in report.missing] == ["go_no_go"]
    fu = report.follow_up
    assert fu is not None and (fu.reason, fu.target, fu.text) == (
        "missing_concept", "go_no_go", GO_NO_GO_PROBE)
    # Asked before for this question: the next rule, the question's own first follow-up.
    again = _report("missing", asked, audio, transcripts, already=(GO_NO_GO_PROBE,))
    assert again.follow_up is not None
    assert (again.follow_up.reason, again.follow_up.text) == (
        "bank", "The executive overrules you. What now?")


def test_a_concept_without_a_probe_is_asked_about_by_its_label(
        asked: tuple[Settings, Bank, Question], audio: dict[str, Path],
        transcripts: dict[str, Transcript]) -> None:
    bank = asked[1]
    concepts = {k: dataclasses.replace(v, probe="") for k, v in bank.concepts.items()}
    report = _report("missing", asked, audio, transcripts,
                     dataclasses.replace(bank, concepts=concepts))
    fu = report.follow_up
    assert fu is not None and fu.target == "go_no_go"
    assert fu.text == ("You did not mention go/no-go launch criteria. Where does it fit in "
                       "your answer?")


def test_a_full_answer_gets_the_questions_follow_ups_in_turn(
        asked: tuple[Settings, Bank, Question], audio: dict[str, Path],
        transcripts: dict[str, Transcript]) -> None:
    first = _report("full", asked, audio, transcripts)
    assert first.missing == [] and first.red_flags == []
    assert first.follow_up is not None
    assert (first.follow_up.reason, first.follow_up.target, first.follow_up.text) == (
        "bank", None, "The executive overrules you. What now?")
    second = _report("full", asked, audio, transcripts, already=(first.follow_up.text,))
    assert second.follow_up is not None
    assert second.follow_up.text == "What could you ship on Thursday safely?"
    done = _report("full", asked, audio, transcripts,
                   already=(first.follow_up.text, second.follow_up.text.upper()))
    assert done.follow_up is None and done.to_dict()["follow_up"] is None


def test_analyze_json_has_the_follow_up(audio: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, "-m", "desktop_app", "analyze",
                           str(audio["red_flag"]), "--question", QUESTION, "--format", "json",
                           "-o", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["follow_up"]["reason"] == "red_flag"
    assert data["follow_up"]["target"] == "speed_over_safety"
    assert data["follow_up"]["text"].endswith("What would have to be true before you would "
                                              "ship?")
