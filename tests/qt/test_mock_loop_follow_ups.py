"""The mock interview as a loop in the app: two stages answered into the virtual
microphone, each followed by the interviewer's follow-up (read aloud, then answered at
once), checked in the store and in the scorecard; the loop's place survives a restart.

Real parts only: the PulseAudio null-sink microphone, the neural voice (the interviewer,
and the candidate's answers), the recorder, the transcription worker with tiny.en, the
analysis and SQLite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.history import follow_ups
from desktop_app.core.interview.scorecard import build_scorecard
from desktop_app.ui.viewmodels.rehearsal import RehearsalModel
from tests.support.audio import PulseServer
from tests.support.voice import spoken

pytestmark = [pytest.mark.audio, pytest.mark.model]

SEED = 2  # stage 1: ms-why-safety-lab, stage 2: cs-new-web-dataset
ANSWERS = {
    # covers data quality, failure modes, proactive constraints; leaves the mission out
    "ms-why-safety-lab": (
        "I want to work on data quality, because clean data is what a model learns from. I "
        "think about failure modes and the worst case first, and I like guardrails that "
        "are built in by design.",
        "Because I care about the safety mission. The long term risks are real, and I want "
        "to help prevent them."),
    # covers consent, personal data, poisoning, bias, go/no-go; leaves provenance out
    "cs-new-web-dataset": (
        "Before we use it, I would check the license and the consent, remove personal data, "
        "scan for poisoned examples and for bias, and agree launch criteria for a go or no "
        "go decision.",
        "I would keep the lineage of every record, so we always know where the data came "
        "from."),
}
PROBED = {"ms-why-safety-lab": "mission_alignment", "cs-new-web-dataset": "provenance"}


def _play(server: PulseServer, wav: Path, qtbot: Any) -> None:
    proc = server.play(wav, wait=False)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=120_000)
    qtbot.wait(700)  # the end of the speech reaches the recorder


def _space(view: Any, qtbot: Any) -> None:
    view.answer_button.setFocus()
    qtbot.keyClick(view.answer_button, Qt.Key.Key_Space)


def test_two_stages_with_a_follow_up_each(pulse: PulseServer, window: Any, qtbot: Any,
                                          tmp_path: Path) -> None:
    ctx = window.context
    ctx.settings.interview.follow_ups = 1
    view = window.page("rehearse")
    model = view.model
    window.start_background_work()
    service = ctx.transcription()
    qtbot.waitUntil(lambda: service.is_ready or service.error is not None, timeout=180_000)
    assert service.error is None
    voice = ctx.voice()
    model.start_mock(rng_seed=SEED)
    assert view.mock_button.isChecked()
    firsts: list[int] = []
    for index, (question_id, (answer, follow_up_answer)) in enumerate(ANSWERS.items()):
        assert model.question is not None and model.question.id == question_id
        if index == 1:  # the interviewer says where the interview goes, then the question
            model.start_prep()
            qtbot.waitUntil(lambda: voice.last_text.startswith("Next, a data case study."),
                            timeout=30_000)
        _space(view, qtbot)
        qtbot.waitUntil(lambda: model.session is not None and model.session.is_recording,
                        timeout=20_000)
        _play(pulse, spoken(answer, tmp_path / f"{index}.wav"), qtbot)
        _space(view, qtbot)
        # The follow-up is chosen from the answer, read aloud, and its answer starts alone.
        qtbot.waitUntil(lambda: model.follow_up is not None and model.session is not None
                        and model.session.is_recording, timeout=180_000)
        parent, asked = model.follow_up
        firsts.append(parent)
        assert (asked.reason, asked.target) == ("missing_concept", PROBED[question_id])
        assert model.question.prompt == asked.text and model.question.timing.prep_s == 0
        assert voice.error is None and voice.last_text == asked.text  # it was read aloud
        assert model.mock_label().startswith(f"Follow-up 1 to stage {index + 1} of 5")
        _play(pulse, spoken(follow_up_answer, tmp_path / f"{index}f.wav"), qtbot)
        _space(view, qtbot)
        qtbot.waitUntil(lambda n=index + 1: model.follow_up is None and not model.busy
                        and model.session is None and model.mock.index == n,
                        timeout=180_000)
    assert model.mock_label() == "Stage 3 of 5: Technical deep dive"

    store = ctx.store()
    session = model.mock.session_id
    assert session is not None
    records = store.list_answers(session_id=session)
    assert len(records) == 4
    for parent, question_id in zip(firsts, ANSWERS, strict=True):
        later = follow_ups.follow_ups_of(store, parent)
        assert len(later) == 1 and later[0].follow_up.target == PROBED[question_id]
        report = store.get_report(later[0].answer_id)
        assert PROBED[question_id] in {c.concept for c in report.covered}, \
            report.transcript.text
    card = build_scorecard(store, model.bank, session)
    bank = model.bank
    for score, question_id in zip(card.stages[:2], ANSWERS, strict=True):
        assert score.follow_ups == 1
        assert score.recovered == (bank.concepts[PROBED[question_id]].label,)
        assert score.coverage_after == pytest.approx(100.0)
        assert score.verdict.verdict == "nearly"  # recovered when probed: not yet "ready"
    assert card.stages[0].verdict.reasons[0] == (
        "covered 75 % unprompted, 100 % after the follow-up")

    # Closing the app pauses the loop: a new start takes it up at stage 3, same session.
    again = RehearsalModel(ctx)
    again.load_banks()
    assert again.mock is not None and again.mock.index == 2
    assert again.mock.session_id == session
    assert [r.follow_ups for r in again.mock.summary().results] == [
        r.follow_ups for r in model.mock.summary().results]
    assert again.question is not None and again.question.id == model.question.id
    again.stop_mock()
