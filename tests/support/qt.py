"""Helpers for the UI tests: stored answers analysed by the real analysis."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from desktop_app.core.analysis import analyze_answer
from desktop_app.core.banks.model import Bank, Question
from desktop_app.core.history.store import Store
from desktop_app.core.settings import AnalysisSettings
from desktop_app.core.transcript import Segment, Transcript, Word

DEFAULT_BANK = "ai-lab-data-pm"
QUESTION_ID = "ms-data-as-safety-constraint"

# A spoken-style answer: a filler ("um"), two expected concepts (provenance, bias) and
# a red flag ("move fast").
ANSWER_TEXT = ("um I think data is a safety constraint because provenance matters "
               "and bias in the data becomes bias in the model but honestly we "
               "like to move fast and break things with training data")


def timed_transcript(text: str = ANSWER_TEXT, wpm: float = 150.0,
                     start_s: float = 0.5) -> Transcript:
    """A transcript of ``text`` spoken at ``wpm`` (words one after another)."""
    step = 60.0 / wpm
    words = []
    t = start_s
    for token in text.split():
        words.append(Word(token, round(t, 3), round(t + step * 0.8, 3), 0.95))
        t += step
    segment = Segment(words[0].start, words[-1].end, text, tuple(words))
    return Transcript("faster-whisper", "tiny.en", "en", t + 0.5, (segment,))


def store_answer(store: Store, bank: Bank, question: Question, transcript: Transcript,
                 audio: Path | None = None, used_s: float | None = None,
                 kind: str = "practice") -> int:
    """An analysed answer in the store (real analysis), audio at ``audio`` if given."""
    session = store.create_session(kind)
    answer_id = store.create_answer(session, bank.id, question.stage_id, question.id,
                                    audio)
    store.mark_recorded(answer_id, used_s or transcript.duration_s, 0)
    store.save_transcript(answer_id, transcript.to_dict())
    report = analyze_answer(transcript, question, bank, AnalysisSettings(),
                            used_s=used_s or transcript.duration_s, hotwords=[])
    store.save_report(answer_id, report)
    return answer_id


def wait_until(qtbot: Any, predicate: Any, timeout_s: float = 10.0) -> None:
    qtbot.waitUntil(predicate, timeout=int(timeout_s * 1000))


def now() -> float:
    return time.time()
