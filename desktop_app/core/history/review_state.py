"""The practice plan's state in the history database (schema 5): each analysed answer's
grade (automatic, and the user's override) and each question's FSRS card.

The card is always the replay of the question's graded answers in time order
(``core.practice.schedule.replay``), so it is recomputed, never patched, whenever the answers
behind it change: a new report, a follow-up's report (it can recover concepts for the answer
it follows), an override, a delete or an undo. Everything here runs inside the store's
write transaction, on the connection it is given; the tables are made by migration 5
(``store_schema.py``), which calls ``backfill`` for the answers already there.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time

from desktop_app.core.analysis.report import Report
from desktop_app.core.practice.graded import GradedAnswer
from desktop_app.core.practice.grading import grade_report
from desktop_app.core.practice.schedule import card_id, replay

log = logging.getLogger(__name__)

_REVIEWS = ("SELECT a.id, a.bank_id, a.stage_id, a.question_id, a.started_at, g.auto_rating,"
            " g.override_rating, g.score, g.concepts_json FROM answer_grades g"
            " JOIN answers a ON a.id = g.answer_id WHERE a.deleted_at IS NULL"
            " AND a.parent_answer_id IS NULL AND a.state = 'analyzed'")


def _report(conn: sqlite3.Connection, answer_id: int) -> Report | None:
    row = conn.execute("SELECT json FROM reports WHERE answer_id = ?", (answer_id,)).fetchone()
    if row is None:
        return None
    try:
        data = json.loads(row[0])
    except (ValueError, TypeError):  # a damaged row: it is not graded
        return None
    return Report.from_dict(data) if isinstance(data, dict) else None


def grade_answer(conn: sqlite3.Connection, answer_id: int) -> None:
    """(Re)grade an answer from its report and its follow-ups' reports (keeps an override)."""
    report = _report(conn, answer_id)
    if report is None:
        conn.execute("DELETE FROM answer_grades WHERE answer_id = ?", (answer_id,))
        return
    children = [r for (child,) in conn.execute(
        "SELECT id FROM answers WHERE parent_answer_id = ? AND deleted_at IS NULL"
        " ORDER BY started_at, id", (answer_id,)).fetchall()
        for r in [_report(conn, int(child))] if r is not None]
    grade = grade_report(report, children)
    concepts = json.dumps({"covered": grade.covered, "recovered": grade.recovered,
                           "missing": grade.missing})
    conn.execute(
        "INSERT INTO answer_grades (answer_id, auto_rating, score, concepts_json, graded_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (answer_id) DO UPDATE SET"
        " auto_rating = excluded.auto_rating, score = excluded.score,"
        " concepts_json = excluded.concepts_json, graded_at = excluded.graded_at",
        (answer_id, grade.rating, grade.score, concepts, time.time()))


def recompute_card(conn: sqlite3.Connection, bank_id: str, question_id: str) -> None:
    """The question's card replayed from its remaining graded answers (none: no card)."""
    rows = conn.execute(_REVIEWS + " AND a.bank_id = ? AND a.question_id = ?",
                        (bank_id, question_id)).fetchall()
    reviews = [(float(r["started_at"]), _effective(r)) for r in rows]
    card = replay(reviews, card_id(bank_id, question_id))
    if card is None:
        conn.execute("DELETE FROM question_cards WHERE bank_id = ? AND question_id = ?",
                     (bank_id, question_id))
        return
    stage_id = rows[-1]["stage_id"]
    conn.execute(
        "INSERT OR REPLACE INTO question_cards (bank_id, question_id, stage_id, card_json,"
        " reviews, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        (bank_id, question_id, stage_id, card.to_json(), len(reviews), time.time()))


def _effective(row: sqlite3.Row) -> int:
    override = row["override_rating"]
    return int(override) if override is not None else int(row["auto_rating"])


def _question_of(conn: sqlite3.Connection, answer_id: int) -> tuple[str, str, int | None]:
    row = conn.execute("SELECT bank_id, question_id, parent_answer_id FROM answers"
                       " WHERE id = ?", (answer_id,)).fetchone()
    if row is None:
        raise KeyError(f"no answer {answer_id}")
    parent = row["parent_answer_id"]
    return str(row["bank_id"]), str(row["question_id"]), \
        int(parent) if parent is not None else None


def answer_changed(conn: sqlite3.Connection, answer_id: int) -> None:
    """An answer's report was saved, or the answer was deleted or brought back: regrade it
    (a follow-up: the answer it follows) and recompute that question's card.

    The grade and card are derived data: a report they cannot be made from is logged and
    left ungraded rather than refused, so saving what the user said never fails on them
    (a database error still propagates: the transaction is then rolled back whole)."""
    try:
        _answer_changed(conn, answer_id)
    except (KeyError, ValueError, TypeError, AttributeError):
        log.exception("the practice plan could not take answer %s into account", answer_id)


def _answer_changed(conn: sqlite3.Connection, answer_id: int) -> None:
    bank_id, question_id, parent = _question_of(conn, answer_id)
    graded = parent if parent is not None else answer_id
    if parent is not None:
        bank_id, question_id, _ = _question_of(conn, parent)
    grade_answer(conn, graded)
    recompute_card(conn, bank_id, question_id)


def set_override(conn: sqlite3.Connection, answer_id: int, rating: int | None) -> None:
    """The user's grade for an answer (None: back to the automatic one)."""
    if rating is not None and not 1 <= rating <= 4:
        raise ValueError(f"not a grade: {rating}")
    bank_id, question_id, _ = _question_of(conn, answer_id)
    if conn.execute("SELECT 1 FROM answer_grades WHERE answer_id = ?",
                    (answer_id,)).fetchone() is None:
        grade_answer(conn, answer_id)
    conn.execute("UPDATE answer_grades SET override_rating = ? WHERE answer_id = ?",
                 (rating, answer_id))
    recompute_card(conn, bank_id, question_id)


def backfill(conn: sqlite3.Connection) -> None:
    """Grade every analysed answer already in History and build every question's card
    (run once, by migration 5, inside its transaction)."""
    for (answer_id,) in conn.execute(
            "SELECT id FROM answers WHERE state = 'analyzed' AND parent_answer_id IS NULL"
            " ORDER BY id").fetchall():
        grade_answer(conn, int(answer_id))
    for bank_id, question_id in conn.execute(
            "SELECT DISTINCT bank_id, question_id FROM answers WHERE state = 'analyzed'"
            " AND parent_answer_id IS NULL").fetchall():
        recompute_card(conn, str(bank_id), str(question_id))


def graded_answers(conn: sqlite3.Connection, bank_id: str | None = None
                   ) -> list[GradedAnswer]:
    """Every graded answer shown in History (follow-ups are folded into their parents)."""
    sql = _REVIEWS + (" AND a.bank_id = ?" if bank_id is not None else "")
    out: list[GradedAnswer] = []
    for r in conn.execute(sql + " ORDER BY a.started_at, a.id",
                          (bank_id,) if bank_id is not None else ()).fetchall():
        try:
            concepts = json.loads(r["concepts_json"])
        except (ValueError, TypeError):
            concepts = {}
        override = r["override_rating"]
        out.append(GradedAnswer(
            int(r["id"]), str(r["bank_id"]), str(r["stage_id"]), str(r["question_id"]),
            float(r["started_at"]), int(r["auto_rating"]), float(r["score"]),
            tuple(concepts.get("covered", ())), tuple(concepts.get("recovered", ())),
            tuple(concepts.get("missing", ())),
            int(override) if override is not None else None))
    return out
