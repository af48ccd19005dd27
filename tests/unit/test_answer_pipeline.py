"""The app and `stagecoach analyze` make the same report from the same answer.

Both go through desktop_app.pipeline; the recogniser is replaced by a fixed transcript so
the test compares what the callers decide (hotwords, options, what the analyser is told),
not Whisper's run-to-run differences.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.core import paths
from desktop_app.core.analysis.acoustics import FrameAnalyser
from desktop_app.core.audio.audio_decode import load_audio
from desktop_app.core.banks.library import find_question
from desktop_app.core.history.store import Store
from desktop_app.core.settings import Settings, load_settings, save_settings
from desktop_app.core.transcript import Segment, Transcript, Word
from desktop_app.pipeline.answer import answer_hotwords, transcribe_options
from desktop_app.pipeline.recording import StartedAnswer, finish_answer
from desktop_app.transcription import service

QUESTION = "cs-helpful-vs-harmful"
SAMPLE = paths.resources_dir() / "sample" / "answer.wav"


def _transcript() -> Transcript:
    """The sample's script, timed, every word heard with low confidence: coverage then
    depends on which terms the analyser is told were biased."""
    script = re.sub(r"<[^>]+>", " ", (SAMPLE.parent / "answer.txt").read_text())
    words, t = [], 0.8
    for token in script.split():
        words.append(Word(token, round(t, 3), round(t + 0.3, 3), 0.3))
        t += 0.4
    return Transcript("faster-whisper", "tiny.en", "en", t + 0.5,
                      (Segment(words[0].start, words[-1].end, " ".join(script.split()),
                               tuple(words)),))


def _app_report(settings: Settings, transcript: Transcript) -> dict[str, Any]:
    """The report the app saves at Stop: the live transcript, frames measured while
    recording."""
    bank, question = find_question(QUESTION, settings, None)
    audio = load_audio(SAMPLE)
    frames = FrameAnalyser()
    for at in range(0, len(audio), 1600):  # the recorder's 0.1 s blocks
        frames.feed(audio[at:at + 1600])
    duration = len(audio) / 16000.0
    recording = SimpleNamespace(
        stop=lambda: SimpleNamespace(duration_s=duration, path=SAMPLE),
        recorder=SimpleNamespace(path=SAMPLE))
    live = SimpleNamespace(finish=lambda: transcript, cancel=lambda: None)
    with Store() as store:  # the real history database: the report as Review reads it
        answer_id = store.create_answer(store.create_session("practice"), bank.id,
                                        question.stage_id, question.id, SAMPLE)
        # Stand-ins for the microphone and the recogniser: this test compares what the
        # callers decide, so both get the same fixed recording and transcript.
        started = StartedAnswer(answer_id=answer_id, recording=recording,  # type: ignore[arg-type]
                                live=live, audio_path=SAMPLE,  # type: ignore[arg-type]
                                frame_analysis=frames)
        finish_answer(settings, store, started, bank, question, used_s=duration)
        report = store.get_report(answer_id)
    assert report is not None
    return report.to_dict()


def _cli_report(monkeypatch: pytest.MonkeyPatch, transcript: Transcript, out: Path
                ) -> tuple[dict[str, Any], Any]:
    seen: list[Any] = []

    def fake_transcribe(path: Any, options: Any = None, **_: Any) -> Transcript:
        seen.append(options)
        return transcript

    monkeypatch.setattr(service, "transcribe_file", fake_transcribe)
    assert main(["analyze", str(SAMPLE), "--question", QUESTION, "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8")), seen[0]


@pytest.mark.parametrize("bias", [True, False], ids=["biasing on", "biasing off"])
def test_the_app_and_the_cli_give_the_same_report(bias: bool, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings()
    settings.transcription.bias_expected_terms = bias
    save_settings(settings)
    settings = load_settings()
    transcript = _transcript()
    bank, question = find_question(QUESTION, settings, None)

    cli, cli_options = _cli_report(monkeypatch, transcript, tmp_path / "report.json")
    app = _app_report(settings, transcript)

    assert app == cli
    assert app["delivery"]["pitch"] is not None  # the app reads the samples back for it
    # The analyser was told exactly the terms the recogniser was biased with.
    assert cli_options.hotwords == transcribe_options(settings, bank, question).hotwords
    assert cli["analysis"]["hotwords"] == cli_options.hotwords
    assert bool(cli["analysis"]["hotwords"]) is bias


def test_biasing_off_gives_the_recogniser_and_the_analyser_no_terms() -> None:
    settings = Settings()
    bank, question = find_question(QUESTION, settings, None)
    assert answer_hotwords(settings, bank, question)  # on by default
    settings.transcription.bias_expected_terms = False
    assert answer_hotwords(settings, bank, question) == []
    assert transcribe_options(settings, bank, question).hotwords == []
