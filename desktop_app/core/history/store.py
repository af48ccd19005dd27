"""The history: sessions, answers, transcripts and reports, and the practice plan's grades
(stdlib sqlite3; the connection, its transactions and migrations are ``database.py``).

Answer states: recording → recorded → transcribed → analyzed, or failed (with a reason).
The answer row is created before the first frame is captured, so a crash always leaves a
row for recovery to find.

A deleted answer is hidden (``deleted_at``) with its audio in the trash, so Undo can bring
both back; ``purge_deleted`` removes it for good later. Text that is not UTF-8 (a damaged
page) makes only its own row unreadable: that row is skipped and counted, never the list.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections import Counter
from pathlib import Path
from typing import Any

from desktop_app.core import paths
from desktop_app.core.analysis.figures import Figures
from desktop_app.core.analysis.report import Report
from desktop_app.core.history import review_state, trash
from desktop_app.core.history.answer_record import (
    AnswerRecord,
    UnreadableAnswer,
    number_or_none,
)
from desktop_app.core.history.database import Database, Unreadable, _unreadable
from desktop_app.core.history.store_errors import DatabaseUnavailable, translate
from desktop_app.core.history.store_schema import SCHEMA_VERSION
from desktop_app.core.practice.graded import GradedAnswer

__all__ = ["SCHEMA_VERSION", "AnswerRecord", "Store", "Unreadable", "UnreadableAnswer",
           "default_audio_path"]

STATES = ("recording", "recorded", "transcribed", "analyzed", "failed")
SESSION_KINDS = ("practice", "mock", "recovered")



def _report_figures(report: Report) -> tuple[float | None, float | None,
                                              float | None, str | None]:
    """The columns History lists, from the one figures module."""
    fig = Figures.from_report(report)
    return fig.wpm, fig.fillers_per_min, fig.coverage_pct, fig.zone or None


def default_audio_path(session_folder: str, answer_id: int) -> Path:
    return paths.recordings_dir() / session_folder / f"{answer_id}.wav"


def new_session_folder(now: float | None = None) -> str:
    """A session's recordings folder name: its start time and a random part, so no other
    database (ids restart at 1 in a new one) can name the same folder."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    return f"{stamp}-{secrets.token_hex(4)}"


class Store(Database):
    """What the history holds: sessions, answers, transcripts, reports, grades (on the
    connection ``Database`` opens)."""

    # ----- sessions and answers ---------------------------------------------------------
    def create_session(self, kind: str = "practice") -> int:
        if kind not in SESSION_KINDS:
            raise ValueError(f"unknown session kind {kind!r}")
        now = time.time()
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO sessions (kind, started_at, folder) VALUES (?, ?, ?)",
                (kind, now, new_session_folder(now)))
            return int(cur.lastrowid or 0)

    def end_session(self, session_id: int) -> None:
        with self._tx() as conn:
            conn.execute("UPDATE sessions SET ended_at = ? WHERE id = ?",
                         (time.time(), session_id))

    def create_answer(self, session_id: int, bank_id: str, stage_id: str, question_id: str,
                      audio_path: Path | str | None = None, *,
                      started_at: float | None = None) -> int:
        """A new answer in state "recording" (call before capturing the first frame).

        Without ``audio_path`` the answer's audio goes to
        ``recordings/<session folder>/<answer>.wav`` (see ``default_audio_path``).
        """
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO answers (session_id, bank_id, stage_id, question_id, started_at,"
                " audio_path, state) VALUES (?, ?, ?, ?, ?, ?, 'recording')",
                (session_id, bank_id, stage_id, question_id,
                 started_at if started_at is not None else time.time(),
                 self._store_path(audio_path)),
            )
            answer_id = int(cur.lastrowid or 0)
            if audio_path is None:
                row = conn.execute("SELECT folder FROM sessions WHERE id = ?",
                                   (session_id,)).fetchone()
                # Sessions from before migration 2 have no folder: their id names it.
                folder = row["folder"] if row is not None and row["folder"] else \
                    str(session_id)
                conn.execute("UPDATE answers SET audio_path = ? WHERE id = ?",
                             (self._store_path(default_audio_path(folder, answer_id)),
                              answer_id))
            return answer_id

    def set_audio_path(self, answer_id: int, audio_path: Path | str) -> None:
        with self._tx() as conn:
            conn.execute("UPDATE answers SET audio_path = ? WHERE id = ?",
                         (self._store_path(audio_path), answer_id))

    def set_notes(self, answer_id: int, notes: str) -> None:
        """Keep the prep notes with the answer (blank notes are stored as none)."""
        with self._tx() as conn:
            self._require(conn, answer_id)
            conn.execute("UPDATE answers SET notes = ? WHERE id = ?",
                         (notes.strip() or None, answer_id))

    def mark_recorded(self, answer_id: int, duration_s: float, overflows: int = 0, *,
                      recovered: bool = False, ended_at: float | None = None) -> None:
        with self._tx() as conn:
            self._require(conn, answer_id)
            conn.execute(
                "UPDATE answers SET state = 'recorded', duration_s = ?, overflows = ?,"
                " ended_at = ?, failure_reason = NULL, recovered = MAX(recovered, ?)"
                " WHERE id = ?",
                (float(duration_s), int(overflows), ended_at or time.time(), int(recovered),
                 answer_id),
            )

    def mark_failed(self, answer_id: int, reason: str) -> None:
        with self._tx() as conn:
            self._require(conn, answer_id)
            conn.execute(
                "UPDATE answers SET state = 'failed', failure_reason = ?,"
                " ended_at = COALESCE(ended_at, ?) WHERE id = ?",
                (reason, time.time(), answer_id))
            review_state.answer_changed(conn, answer_id)  # no longer in the plan

    def save_transcript(self, answer_id: int, transcript: dict[str, Any]) -> None:
        """Store (or replace) the transcript; a report made from an older one is dropped."""
        text = json.dumps(transcript, ensure_ascii=False)
        with self._tx() as conn:
            self._require(conn, answer_id)
            conn.execute("DELETE FROM reports WHERE answer_id = ?", (answer_id,))
            conn.execute(
                "INSERT OR REPLACE INTO transcripts (answer_id, engine, model, json, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (answer_id, transcript.get("engine"), transcript.get("model"), text,
                 time.time()))
            conn.execute("UPDATE answers SET state = 'transcribed', failure_reason = NULL"
                         " WHERE id = ?", (answer_id,))
            review_state.answer_changed(conn, answer_id)  # its report (and grade) is gone

    def save_report(self, answer_id: int, report: Report) -> None:
        """Store (or replace) the report. Its transcript is kept once, in the transcripts
        table (written from the report when the answer has none yet); ``get_report`` puts it
        back, so the JSON read is the JSON the report writes."""
        data = report.to_dict()
        data.pop("transcript", None)
        text = json.dumps(data, ensure_ascii=False)
        wpm, fpm, pct, zone = _report_figures(report)
        with self._tx() as conn:
            self._require(conn, answer_id)
            if conn.execute("SELECT 1 FROM transcripts WHERE answer_id = ?",
                            (answer_id,)).fetchone() is None:
                conn.execute(
                    "INSERT INTO transcripts (answer_id, engine, model, json, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (answer_id, report.transcript.engine, report.transcript.model,
                     json.dumps(report.transcript.to_dict(), ensure_ascii=False), time.time()))
            conn.execute(
                "INSERT OR REPLACE INTO reports (answer_id, json, wpm, fillers_per_minute,"
                " coverage_pct, zone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (answer_id, text, wpm, fpm, pct, zone, time.time()))
            conn.execute("UPDATE answers SET state = 'analyzed', failure_reason = NULL"
                         " WHERE id = ?", (answer_id,))
            review_state.answer_changed(conn, answer_id)  # its grade, its question's card

    def delete_answer(self, answer_id: int) -> bool:
        """Hide the answer and move its audio to the trash (``restore_answer`` undoes it;
        ``purge_deleted`` makes it final). False when there is no such answer."""
        record = self.get_answer(answer_id)
        if record is None:
            return False
        trashed: list[tuple[Path, Path]] = []
        try:
            with self._tx() as conn:
                conn.execute("UPDATE answers SET deleted_at = ? WHERE id = ?",
                             (time.time(), answer_id))
                review_state.answer_changed(conn, answer_id)  # the plan forgets it
                audio = record.audio_path
                for p in (audio, Path(str(audio) + ".partial")) if audio else ():
                    if p.exists():
                        trashed.append((p, trash.move_to_trash(p)))
                if trashed:
                    conn.execute("UPDATE answers SET trash_path = ? WHERE id = ?",
                                 (self._store_path(trashed[0][1]), answer_id))
        except BaseException:
            for original, place in trashed:  # the row stays: so must its audio
                trash.restore(place, original)
            raise
        if record.audio_path is not None:
            try:
                record.audio_path.parent.rmdir()  # the session folder, once empty
            except OSError:
                pass
        return True

    def restore_answer(self, answer_id: int) -> bool:
        """Undo ``delete_answer``: the row is shown again and its audio is put back."""
        rows = self._query("SELECT audio_path, trash_path FROM answers WHERE id = ? AND"
                           " deleted_at IS NOT NULL", (answer_id,))
        if not rows:
            return False
        audio = self._load_path(rows[0]["audio_path"])
        place = self._load_path(rows[0]["trash_path"])
        with self._tx() as conn:
            if audio is not None and place is not None and place.exists():
                back = trash.restore(place, audio)
                if back != audio:  # its old name was taken meanwhile: keep both
                    conn.execute("UPDATE answers SET audio_path = ? WHERE id = ?",
                                 (self._store_path(back), answer_id))
            conn.execute("UPDATE answers SET deleted_at = NULL, trash_path = NULL"
                         " WHERE id = ?", (answer_id,))
            review_state.answer_changed(conn, answer_id)
        return True

    def purge_deleted(self, keep_days: float, now: float | None = None) -> int:
        """Remove for good answers deleted more than ``keep_days`` ago (rows and audio)."""
        cutoff = (now if now is not None else time.time()) - keep_days * 86400
        # Follow-ups first: a row may not go while a follow-up still points to it.
        rows = self._query("SELECT id, trash_path FROM answers WHERE deleted_at < ?"
                           " ORDER BY parent_answer_id IS NULL, id DESC", (cutoff,))
        with self._tx() as conn:
            conn.executemany("DELETE FROM answers WHERE id = ?", [(r["id"],) for r in rows])
        for r in rows:
            place = self._load_path(r["trash_path"])
            if place is not None:
                try:
                    place.unlink()
                except FileNotFoundError:
                    pass
        return len(rows)

    # ----- reading ----------------------------------------------------------------------
    _SELECT = (
        "SELECT a.*, s.kind AS session_kind, r.wpm, r.fillers_per_minute, r.coverage_pct,"
        " r.zone,"
        # A damaged report is not valid JSON: json_extract would fail the whole query.
        " CASE WHEN json_valid(r.json) THEN json_extract(r.json, '$.hedges.per_minute') END"
        " AS hedges_per_minute,"
        " CASE WHEN json_valid(r.json)"
        " THEN json_extract(r.json, '$.delivery.pitch.range_semitones') END AS pitch_range_st"
        " FROM answers a JOIN sessions s ON s.id = a.session_id"
        " LEFT JOIN reports r ON r.answer_id = a.id WHERE a.deleted_at IS NULL"
    )

    def _record(self, row: sqlite3.Row) -> AnswerRecord:
        return AnswerRecord(
            id=row["id"], session_id=row["session_id"], session_kind=row["session_kind"],
            bank_id=row["bank_id"], stage_id=row["stage_id"], question_id=row["question_id"],
            started_at=row["started_at"], ended_at=row["ended_at"],
            audio_path=self._load_path(row["audio_path"]), duration_s=row["duration_s"],
            overflows=row["overflows"], state=row["state"],
            failure_reason=row["failure_reason"], recovered=bool(row["recovered"]),
            wpm=row["wpm"], fillers_per_minute=row["fillers_per_minute"],
            coverage_pct=row["coverage_pct"], zone=row["zone"],
            notes=row["notes"] or "",
            parent_answer_id=row["parent_answer_id"],
            hedges_per_minute=number_or_none(row["hedges_per_minute"]),
            pitch_range_st=number_or_none(row["pitch_range_st"]),
        )

    def get_answer(self, answer_id: int) -> AnswerRecord | None:
        """The answer (None when there is none, it was deleted or its row is unreadable)."""
        rows = self._query(self._SELECT + " AND a.id = ?", (answer_id,))
        return self._record(rows[0]) if rows and not _unreadable(rows[0]) else None

    def newest_answer(self) -> AnswerRecord | None:
        """The answer recorded last (R after a restart), without reading the whole history;
        an unreadable newest row is passed over, as ``list_answers`` skips it."""
        rows = self._query(self._SELECT + " ORDER BY a.started_at DESC, a.id DESC LIMIT 20")
        return next((self._record(r) for r in rows if not _unreadable(r)), None)

    def list_answers(self, bank_id: str | None = None, stage_id: str | None = None,
                     question_id: str | None = None, state: str | None = None,
                     session_id: int | None = None) -> list[AnswerRecord]:
        """Answers, oldest first, with their report figures (History view, trends)."""
        return self.list_answers_checked(bank_id, stage_id, question_id, state,
                                         session_id)[0]

    def list_answers_checked(self, bank_id: str | None = None, stage_id: str | None = None,
                             question_id: str | None = None, state: str | None = None,
                             session_id: int | None = None,
                             ) -> tuple[list[AnswerRecord], list[int]]:
        """As ``list_answers``, plus the ids of rows that could not be read (skipped)."""
        where, args = [], []
        for column, value in (("a.bank_id", bank_id), ("a.stage_id", stage_id),
                              ("a.question_id", question_id), ("a.state", state),
                              ("a.session_id", session_id)):
            if value is not None:
                where.append(f" AND {column} = ?")
                args.append(value)
        sql = self._SELECT + "".join(where)
        rows = self._query(sql + " ORDER BY a.started_at, a.id", tuple(args))
        bad = [int(r["id"]) for r in rows if _unreadable(r)]
        return [self._record(r) for r in rows if not _unreadable(r)], bad

    def list_sessions(self) -> list[dict[str, Any]]:
        rows = self._query(
            "SELECT s.id, s.kind, s.started_at, s.ended_at, COUNT(a.id) AS answers"
            " FROM sessions s LEFT JOIN answers a ON a.session_id = s.id"
            " AND a.deleted_at IS NULL GROUP BY s.id ORDER BY s.started_at, s.id")
        return [dict(r) for r in rows]

    def _json(self, table: str, answer_id: int) -> dict[str, Any] | None:
        rows = self._query(f"SELECT json FROM {table} WHERE answer_id = ?", (answer_id,))
        if not rows:
            return None
        try:
            return dict(json.loads(rows[0]["json"]))
        except (ValueError, TypeError) as exc:  # not UTF-8, not JSON: a damaged row
            raise UnreadableAnswer() from exc

    def get_transcript(self, answer_id: int) -> dict[str, Any] | None:
        return self._json("transcripts", answer_id)

    def get_report(self, answer_id: int) -> Report | None:
        """The typed report (None when the answer has none); UnreadableAnswer when its row
        is damaged. Reports stored before the transcript was kept once still carry theirs."""
        data = self._json("reports", answer_id)
        if data is None:
            return None
        if "transcript" not in data:
            data["transcript"] = self.get_transcript(answer_id) or {}
        return Report.from_dict(data)

    def missed_concepts(self, bank_id: str | None = None, stage_id: str | None = None,
                        limit: int | None = None) -> list[tuple[str, int]]:
        """Concept ids most often missing from analysed answers, most missed first."""
        return self.missed_concepts_checked(bank_id, stage_id, limit)[0]

    def missed_concepts_checked(self, bank_id: str | None = None, stage_id: str | None = None,
                                limit: int | None = None,
                                ) -> tuple[list[tuple[str, int]], list[int]]:
        """As ``missed_concepts``, plus the ids of answers whose report cannot be read."""
        sql = ("SELECT r.answer_id, r.json FROM reports r JOIN answers a ON a.id = r.answer_id"
               " WHERE a.deleted_at IS NULL AND (? IS NULL OR a.bank_id = ?)"
               " AND (? IS NULL OR a.stage_id = ?)")
        counts: Counter[str] = Counter()
        bad: list[int] = []
        for row in self._query(sql, (bank_id, bank_id, stage_id, stage_id)):
            try:
                report = Report.from_dict(json.loads(row["json"]))
            except (ValueError, TypeError, AttributeError):  # not UTF-8, not JSON, not a dict
                bad.append(int(row["answer_id"]))
                continue
            counts.update(m.concept for m in report.missing)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return (ranked[:limit] if limit is not None else ranked), bad

    # ----- the practice plan's grades and cards (review_state.py) -----------------------
    def graded_answers(self, bank_id: str | None = None) -> list[GradedAnswer]:
        """Every analysed answer's grade, oldest first (follow-ups folded in)."""
        with self._lock:
            try:
                return review_state.graded_answers(self._conn, bank_id)
            except sqlite3.DatabaseError as exc:
                raise translate(exc, self.path) or DatabaseUnavailable(self.path) from exc

    def set_grade(self, answer_id: int, rating: int | None) -> None:
        """The user's grade for an answer, 1 Again .. 4 Easy (None: the automatic one)."""
        with self._tx() as conn:
            review_state.set_override(conn, answer_id, rating)

    def answer_grade(self, answer_id: int) -> tuple[int, int | None] | None:
        """(automatic grade, the user's or None), or None when the answer has none."""
        rows = self._query("SELECT auto_rating, override_rating FROM answer_grades"
                           " WHERE answer_id = ?", (answer_id,))
        if not rows:
            return None
        override = rows[0]["override_rating"]
        return int(rows[0]["auto_rating"]), int(override) if override is not None else None
