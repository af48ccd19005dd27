"""Error paths the user sees as one sentence with the way forward."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

import pytest


def _interrupted_recording(store: Any) -> tuple[int, Path]:
    """What a crash mid-answer leaves: a row in "recording" and a .partial WAV."""
    session = store.create_session("practice")
    answer_id = store.create_answer(session, "ai-lab-data-pm", "mission-screen",
                                    "ms-why-safety-lab")
    audio = Path(store.get_answer(answer_id).audio_path)
    audio.parent.mkdir(parents=True, exist_ok=True)
    partial = audio.with_name(audio.name + ".partial")
    with wave.open(str(partial), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\x10\x00" * 16000 * 2)
    return answer_id, audio


def test_start_recovers_interrupted_recordings(window: Any, qtbot: Any) -> None:
    store = window.context.store()
    answer_id, audio = _interrupted_recording(store)
    window.page("rehearse").after_start()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    assert window.banner.text == ("An interrupted recording was recovered with 2.0 s of "
                                  "audio saved; find it in History, marked “Recovered”.")
    assert window.banner.action_text == "Open History"
    record = store.get_answer(answer_id)
    assert record.state == "recorded" and record.recovered
    assert audio.exists() and record.duration_s == pytest.approx(2.0, abs=0.01)
    with qtbot.waitSignal(window.page("history").refreshed, timeout=10_000):
        window.banner.trigger_action()
    assert window.current_page_key() == "history"
    history = window.page("history")
    assert history.model.rowCount() == 1
    assert history.proxy.index(0, 8).data() == "Recovered"
    assert history.proxy.index(0, 4).data() == "0:02"
    assert not window.banner.isVisible()


@pytest.mark.model
def test_missing_model_says_so_and_points_to_settings(window: Any, qtbot: Any,
                                                     tmp_path: Path) -> None:
    window.context.settings.transcription.model = str(tmp_path / "no-such-model")
    window.start_background_work()
    qtbot.waitUntil(lambda: window.banner.isVisible() and window.banner.level == "error",
                    timeout=120_000)
    assert "no-such-model" in window.banner.text
    assert "\n" not in window.banner.text and "Traceback" not in window.banner.text
    window.banner.trigger_action()
    assert window.current_page_key() == "settings"
