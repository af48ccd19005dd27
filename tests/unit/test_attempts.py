"""Each try at a question said in one line, numbered from the oldest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.history.attempts import attempt_lines
from desktop_app.core.history.store import AnswerRecord, Store


@dataclass
class Try:
    id: int
    started_at: float
    duration_s: float | None
    wpm: float | None = None
    fillers_per_minute: float | None = None
    coverage_pct: float | None = None


def test_tries_numbered_from_the_oldest_with_their_figures() -> None:
    later = Try(7, 2000.0, 95.4, 141.6, 2.25, 66.7)
    first = Try(3, 1000.0, 61.0)  # recorded, never analysed
    lost = Try(9, 3000.0, None)
    lines = attempt_lines([later, lost, first])
    assert [answer_id for answer_id, _ in lines] == [3, 7, 9]
    assert lines[0][1].startswith("Try 1 · ") and lines[0][1].endswith(" · 1:01 · not analysed")
    assert lines[1][1].endswith(" · 1:35 · 142 wpm · 2.2 fillers/min · 67 % covered")
    assert lines[2][1].endswith(" · no recording · not analysed")


def test_a_stored_answer_is_a_try(stagecoach_home: Path) -> None:
    with Store() as store:
        answer = store.create_answer(store.create_session(), "b", "s", "q")
        store.mark_recorded(answer, 42.0)
        records: list[AnswerRecord] = store.list_answers(question_id="q")
        ((answer_id, line),) = attempt_lines(records)
    assert answer_id == answer and line.endswith(" · 0:42 · not analysed")
