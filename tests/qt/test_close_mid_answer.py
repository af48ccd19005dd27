"""Closing the window while answering: the answer is stopped, finished and stored as
reviewed before the window goes, with a banner saying so meanwhile (real microphone,
worker, model and store)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.audio import PulseServer
from tests.support.prosody import neural
from tests.support.qt import QUESTION_ID

pytestmark = [pytest.mark.audio, pytest.mark.model]

SPEECH = ("Training data is a safety constraint. I would check the provenance and the "
          "consent of every source before it goes into training.")


def test_closing_mid_answer_saves_it_before_the_window_goes(pulse: PulseServer, window: Any,
                                                            qtbot: Any, tmp_path: Path) -> None:
    view = window.page("rehearse")
    model = view.model
    model.select_question("ai-lab-data-pm", QUESTION_ID)
    window.start_background_work()
    service = window.context.transcription()
    qtbot.waitUntil(lambda: service.is_ready or service.error is not None, timeout=180_000)
    assert service.error is None
    model.toggle_answer()
    qtbot.waitUntil(lambda: model.session is not None and model.session.is_recording,
                    timeout=10_000)
    answer_id = model.session.answer_id
    player = pulse.play(neural(SPEECH, tmp_path / "answer.wav"), wait=False)
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=120_000)
    qtbot.wait(500)

    window.close()  # mid-answer
    assert window.isVisible()  # not yet: the answer is being finished
    assert window.banner.text.startswith("Saving your answer before Stagecoach closes")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60_000)
    record = window.context.store().get_answer(answer_id)
    assert record is not None and record.state == "analyzed"
    report = window.context.store().get_report(answer_id)
    assert report is not None and report.pace.words >= 15
