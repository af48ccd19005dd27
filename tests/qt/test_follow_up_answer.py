"""A question and its follow-up answered in the app: the answer into the virtual microphone,
Review offers the follow-up the answer left room for, the follow-up answered the same way,
and the store holds the pair linked, with the concept recovered.

Real parts only: the PulseAudio null-sink microphone, the neural voice saying the answers,
the recorder, the transcription worker with tiny.en, the analysis and SQLite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.history import follow_ups
from desktop_app.pipeline.follow_up import pair_for
from desktop_app.ui.services import answer_deletion
from tests.support.audio import PulseServer
from tests.support.qt import QUESTION_ID
from tests.support.voice import spoken

pytestmark = [pytest.mark.audio, pytest.mark.model]

# The question expects provenance, data_poisoning, bias, specification_gaming and
# proactive_constraints: the first answer leaves provenance out, the follow-up covers it.
FIRST = ("Training data is a safety constraint. Bias in the data becomes bias in the model, "
         "and attackers can poison the data with a hidden backdoor. Models also game the "
         "reward through loopholes, so we set guardrails up front.")
SECOND = "I would keep the lineage of every record, so we always know where the data came from."


def _play(server: PulseServer, wav: Path, qtbot: Any) -> None:
    proc = server.play(wav, wait=False)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=120_000)
    qtbot.wait(700)  # the end of the speech reaches the recorder


def test_a_question_and_its_follow_up(pulse: PulseServer, window: Any, qtbot: Any,
                                      tmp_path: Path) -> None:
    first_wav = spoken(FIRST, tmp_path / "first.wav")
    second_wav = spoken(SECOND, tmp_path / "second.wav")
    rehearse = window.page("rehearse")
    rehearse.model.select_question("ai-lab-data-pm", QUESTION_ID)
    window.start_background_work()
    service = window.context.transcription()
    qtbot.waitUntil(lambda: service.is_ready or service.error is not None, timeout=180_000)
    assert service.error is None

    rehearse.answer_button.setFocus()
    qtbot.keyClick(rehearse.answer_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: rehearse.model.session is not None
                    and rehearse.model.session.is_recording, timeout=20_000)
    _play(pulse, first_wav, qtbot)
    qtbot.keyClick(rehearse.answer_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.current_page_key() == "review", timeout=180_000)

    review = window.page("review")
    first_id = review.answer_id
    panel = review.follow_up_panel
    qtbot.waitUntil(lambda: panel.isVisible(), timeout=5_000)
    offered = panel.offered
    assert offered is not None, [m.concept for m in review.report.missing]
    assert (offered.reason, offered.target) == ("missing_concept", "provenance")
    assert review.report.follow_up == offered  # the report chose it, Review offers it
    assert panel.answer_button.isVisible() and panel.answer_button.text() == \
        "Answer the follow-up"

    qtbot.mouseClick(panel.answer_button, Qt.MouseButton.LeftButton)
    # The follow-up is read aloud first (or shown, when the voice cannot speak).
    qtbot.waitUntil(lambda: panel.state == "recording", timeout=60_000)
    _play(pulse, second_wav, qtbot)
    assert "of 0:40" in panel.clock_label.text()  # the mission screen's red 120 s / 3
    qtbot.mouseClick(panel.answer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: review.answer_id not in (None, first_id), timeout=180_000)

    store = window.context.store()
    second_id = review.answer_id
    link = follow_ups.parent_of(store, second_id)
    assert link is not None and link.parent_id == first_id and link.follow_up == offered
    record = store.get_answer(second_id)
    assert record.question_id == QUESTION_ID and record.session_id == \
        store.get_answer(first_id).session_id
    report = store.get_report(second_id)
    assert report is not None and report.timing.red_s == pytest.approx(40.0)
    assert [c.concept for c in report.covered] == ["provenance"], report.transcript.text
    pair = pair_for(store, second_id)
    assert pair is not None
    assert [c.concept for c in pair.recovered] == ["provenance"]
    assert "provenance" not in {c.concept for c in pair.unprompted}
    assert pair.after_pct == pytest.approx(100.0)
    assert "Recovered when asked: Data provenance and lineage." in panel.pair_label.text()
    # Exported, the follow-up's report names the question it followed and what was asked.
    exported = review.export_to("md", tmp_path / "follow-up.md")
    assert exported is not None
    text = exported.read_text(encoding="utf-8")
    prompt = window.context.bank("ai-lab-data-pm").question(QUESTION_ID).prompt
    assert f"A follow-up to: {prompt[:40]}" in text and f"> {offered.text[:40]}" in text
    # Transcribed again, the follow-up keeps what it was asked: its prompt, its clock, and
    # the concept it recovered (not the first question's two minutes and full list).
    review.reanalyse()
    assert review.banner.text.startswith("Transcribing the recording again")
    qtbot.waitUntil(lambda: not review.banner.isVisible(), timeout=180_000)
    again = store.get_report(second_id)
    assert again is not None and again.prompt == offered.text
    assert again.timing.red_s == pytest.approx(40.0)
    assert [c.concept for c in again.covered] == ["provenance"], again.transcript.text
    assert panel.first_button.isVisible()
    qtbot.mouseClick(panel.first_button, Qt.MouseButton.LeftButton)
    assert review.answer_id == first_id
    first_report = review.export_to("md", tmp_path / "first.md")
    assert first_report is not None
    assert "A follow-up to" not in first_report.read_text(encoding="utf-8")

    # Deleting the first answer takes its follow-up with it; Undo brings both back.
    assert answer_deletion.delete(store, first_id)
    assert store.get_answer(second_id) is None
    assert answer_deletion.undo(store, first_id)
    assert store.get_answer(second_id) is not None
