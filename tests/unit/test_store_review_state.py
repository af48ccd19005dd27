"""History schema 5: the practice plan's grades and cards, back-filled on a database made by
migrations 1–4, and kept up to date when answers are deleted, restored or regraded."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import Card

from desktop_app.core.analysis.report import Report
from desktop_app.core.history.store import Store
from desktop_app.core.history.store_schema import MIGRATIONS
from desktop_app.core.practice.grading import AGAIN, EASY, GOOD, HARD
from tests.support.practice import STRONG, WEAK, report_for

DAY0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC).timestamp()
TABLES = ("sessions", "answers", "transcripts", "reports")


def _schema4(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:4]:
        conn.executescript(migration)
    conn.execute("PRAGMA user_version = 4")
    conn.execute("INSERT INTO sessions (id, kind, started_at, folder) VALUES (1, 'practice',"
                 " ?, '20261102-090000-abcd1234')", (DAY0,))
    return conn


def _answer(conn: sqlite3.Connection, answer_id: int, question: str, stage: str, day: float,
            report: Report | None, *, parent: int | None = None,
            deleted: bool = False) -> None:
    at = DAY0 + day * 86400
    conn.execute(
        "INSERT INTO answers (id, session_id, bank_id, stage_id, question_id, started_at,"
        " ended_at, duration_s, state, failure_reason, parent_answer_id, deleted_at)"
        " VALUES (?, 1, 'ai-lab-data-pm', ?, ?, ?, ?, 60, ?, ?, ?, ?)",
        (answer_id, stage, question, at, at + 60, "analyzed" if report else "failed",
         None if report else "The recording was silent.", parent,
         at + 100 if deleted else None))
    if report is not None:
        conn.execute("INSERT INTO transcripts (answer_id, engine, model, json, created_at)"
                     " VALUES (?, 'faster-whisper', 'tiny.en', ?, ?)",
                     (answer_id, json.dumps(report.transcript.to_dict()), at))
        conn.execute("INSERT INTO reports (answer_id, json, created_at) VALUES (?, ?, ?)",
                     (answer_id, json.dumps(report.to_dict()), at))


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def _history(path: Path) -> None:
    conn = _schema4(path)
    weak = report_for("cs-new-web-dataset", WEAK["cs-new-web-dataset"])
    strong = report_for("cs-new-web-dataset", STRONG["cs-new-web-dataset"])
    _answer(conn, 1, "cs-new-web-dataset", "case-study", 0, weak)
    _answer(conn, 2, "cs-new-web-dataset", "case-study", 1, weak)
    _answer(conn, 3, "cs-new-web-dataset", "case-study", 2, strong)
    _answer(conn, 4, "ms-why-safety-lab", "mission-screen", 0,
            report_for("ms-why-safety-lab", STRONG["ms-why-safety-lab"]))
    _answer(conn, 5, "ms-why-safety-lab", "mission-screen", 1, None)  # failed: no report
    _answer(conn, 6, "cs-new-web-dataset", "case-study", 3, weak, deleted=True)
    _answer(conn, 7, "td-rlhf-vs-dpo", "technical-deep-dive", 0,
            report_for("td-rlhf-vs-dpo", "RLHF trains a reward model on preferences"))
    _answer(conn, 8, "td-rlhf-vs-dpo", "technical-deep-dive", 0.01,
            report_for("td-rlhf-vs-dpo", "DPO skips the reward model, and I would watch "
                       "labeler disagreement and data quality", used_s=40), parent=7)
    conn.close()


def _card(store: Store, question: str) -> tuple[Card, int] | None:
    rows = store._query("SELECT card_json, reviews FROM question_cards WHERE question_id = ?",
                        (question,))
    return (Card.from_json(rows[0]["card_json"]), rows[0]["reviews"]) if rows else None


def test_migration_keeps_every_row_and_backfills_grades_and_cards(tmp_path: Path) -> None:
    path = tmp_path / "stagecoach.sqlite"
    _history(path)
    before = _counts(path)
    with Store(path) as store:
        assert store.schema_version == 5
        assert _counts(path) == before == {"sessions": 1, "answers": 8, "transcripts": 7,
                                            "reports": 7}
        graded = {g.answer_id: g for g in store.graded_answers()}
        assert sorted(graded) == [1, 2, 3, 4, 7]  # no failed, deleted or follow-up answer
        assert [graded[i].rating for i in (1, 2, 3, 4)] == [AGAIN, AGAIN, EASY, EASY]
        # The follow-up recovered three concepts for its parent: 2 + 1.5 of 5 → Good.
        assert graded[7].rating == GOOD
        assert set(graded[7].recovered) == {"dpo", "labeler_disagreement", "data_quality"}
        cs = _card(store, "cs-new-web-dataset")
        assert cs is not None and cs[1] == 3  # the deleted answer is not replayed
        assert cs[0].last_review == datetime.fromtimestamp(DAY0 + 2 * 86400, UTC)
        assert _card(store, "ms-why-safety-lab") is not None
    with Store(path) as store:  # opening again changes nothing
        assert _counts(path) == before
        assert len(store.graded_answers()) == 5


def test_deleting_an_answer_recomputes_its_questions_card(tmp_path: Path) -> None:
    path = tmp_path / "stagecoach.sqlite"
    _history(path)
    with Store(path) as store:
        before = _card(store, "cs-new-web-dataset")
        assert before is not None
        assert store.delete_answer(3)  # the strong answer: two failures remain
        after = _card(store, "cs-new-web-dataset")
        assert after is not None and after[1] == 2
        day1 = datetime.fromtimestamp(DAY0 + 86400, UTC)
        assert after[0].last_review == day1
        assert after[0].due - day1 <= timedelta(days=1) < before[0].due - day1
        assert store.restore_answer(3)
        again = _card(store, "cs-new-web-dataset")
        assert again is not None and again[0].due == before[0].due
        assert store.delete_answer(4)  # the only graded answer of its question
        assert _card(store, "ms-why-safety-lab") is None


def test_a_grade_override_is_kept_and_replayed(tmp_path: Path) -> None:
    path = tmp_path / "stagecoach.sqlite"
    _history(path)
    with Store(path) as store:
        before = _card(store, "ms-why-safety-lab")
        store.set_grade(4, HARD)
        assert store.answer_grade(4) == (EASY, HARD)
        after = _card(store, "ms-why-safety-lab")
        assert before is not None and after is not None
        assert after[0].due < before[0].due
        graded = {g.answer_id: g for g in store.graded_answers()}
        assert graded[4].rating == HARD and graded[4].score == 0.45
        store.set_grade(4, None)
        assert store.answer_grade(4) == (EASY, None)
        again = _card(store, "ms-why-safety-lab")
        assert again is not None and again[0].due == before[0].due


def test_an_answer_that_loses_its_report_leaves_the_plan(tmp_path: Path) -> None:
    path = tmp_path / "stagecoach.sqlite"
    _history(path)
    with Store(path) as store:
        transcript = store.get_transcript(3)
        assert transcript is not None
        store.save_transcript(3, transcript)  # transcribed again: its report is dropped
        card = _card(store, "cs-new-web-dataset")
        assert card is not None and card[1] == 2
        assert store.answer_grade(3) is None
        store.mark_failed(1, "The model could not be loaded.")
        card = _card(store, "cs-new-web-dataset")
        assert card is not None and card[1] == 1
        assert sorted(g.answer_id for g in store.graded_answers()) == [2, 4, 7]
