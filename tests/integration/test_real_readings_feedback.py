"""The real recordings the project ships (John F. Kennedy's "ask not", five sentences of a
LibriVox reading), through the real pipeline: read speech with no hesitation in it, so any
filler, filled pause or unclear speech reported on it would be feedback about nothing. Their
voices, rooms and microphones are unlike the corpus's synthetic voice."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.evaluation.real import shipped_clips
from tests.support.pipeline import answer_report

pytestmark = pytest.mark.model
CLIPS = shipped_clips()


def test_the_real_recordings_are_shipped() -> None:
    assert len(CLIPS) == 6


@pytest.mark.parametrize("audio", [a for a, _ in CLIPS], ids=[a.stem for a, _ in CLIPS])
def test_a_real_reading_gets_no_hesitation_feedback(audio: Path) -> None:
    transcript, report = answer_report(audio)
    assert transcript.words, audio.name
    assert report.fillers == [], (transcript.text, report.fillers)
    assert report.unclear_speech == []
