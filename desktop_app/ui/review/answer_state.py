"""What Review says about an answer that has no report: one true sentence per state.

A recovered answer not yet analysed said "This question lists no expected concepts" and
"No words were transcribed"; one whose audio was never saved said "recovered", "interrupted
before any audio was saved" and "the transcript and report are still here" at once. Each
state now has one sentence for the banner, and the lists and the transcript pane say
nothing that contradicts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.analysis.report import Report
from desktop_app.core.transcript import Transcript
from desktop_app.ui.review.findings import NOT_ANALYSED

NO_WORDS = "No words were transcribed for this answer."
NOT_YET_TRANSCRIBED = "The transcript appears here once the answer is analysed."
STILL_RECORDING = "This answer is still being recorded."
NOT_ANALYSED_YET = "This answer has not been analysed yet."
RECOVERED = ("This recording was recovered after an interruption and has not been "
             "analysed yet.")
NOTHING_RECORDED = ("The recording was interrupted before any audio was saved, so there is "
                    "nothing to play or analyse.")
NOTHING_HERE = "Nothing was recorded for this answer."


@dataclass(frozen=True)
class AnswerState:
    key: str  # analysed | recording | nothing_recorded | recovered | not_analysed | failed
    sentence: str | None  # the banner's sentence; None for an analysed answer
    can_transcribe: bool  # whether "Transcribe again" has audio to work on
    list_text: str | None  # what the coverage, findings and advice lists say instead
    transcript_text: str  # what the transcript pane says when it has no words


def _audio_exists(record: Any) -> bool:
    path = getattr(record, "audio_path", None)
    return path is not None and Path(path).exists()


def answer_state(record: Any, report: Report | None,
                 transcript: Transcript | None) -> AnswerState:
    empty = NO_WORDS if transcript else NOT_YET_TRANSCRIBED
    if report is not None:
        return AnswerState("analysed", None, True, None, NO_WORDS)
    if record.state == "recording":
        return AnswerState("recording", STILL_RECORDING, False, STILL_RECORDING,
                           NOT_YET_TRANSCRIBED)
    if record.state == "failed" and not _audio_exists(record):
        return AnswerState("nothing_recorded", NOTHING_RECORDED, False, NOTHING_HERE,
                           NOTHING_HERE)
    if record.state == "failed":  # the audio is there: transcribing or analysing failed
        return AnswerState("failed", record.failure_reason or NOT_ANALYSED_YET, True,
                           NOT_ANALYSED, empty)
    if getattr(record, "recovered", False):
        return AnswerState("recovered", RECOVERED, True, NOT_ANALYSED, empty)
    return AnswerState("not_analysed", NOT_ANALYSED_YET, True, NOT_ANALYSED, empty)
