"""Follow-up answers in the history: each is an answer of its own, linked to the answer
that prompted it, with the follow-up as it was asked (schema 4: ``answers.parent_answer_id``,
``answers.follow_up_json``).

A follow-up belongs to its parent: deleting the parent deletes its follow-ups (to the
trash, as any answer), and Undo brings them back together; a follow-up alone can be
deleted without touching its parent. What was asked is kept as text, so Review shows the
pair as it happened even after the bank changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from desktop_app.core.analysis.follow_up import FollowUp


@dataclass(frozen=True)
class AskedFollowUp:
    answer_id: int  # the follow-up's own answer
    parent_id: int
    follow_up: FollowUp


def _follow_up(text: str | None) -> FollowUp | None:
    """The stored follow-up; None for a row without one or with an unreadable one."""
    try:
        data = json.loads(text) if text else None
        return FollowUp.from_dict(data) if isinstance(data, dict) else None
    except (ValueError, TypeError):
        return None


def link(store: Any, answer_id: int, parent_id: int, follow_up: FollowUp) -> None:
    """Mark ``answer_id`` as the answer to ``follow_up``, asked after ``parent_id``."""
    if answer_id == parent_id:
        raise ValueError("an answer cannot follow up itself")
    with store._tx() as conn:
        for needed in (answer_id, parent_id):
            store._require(conn, needed)
        conn.execute("UPDATE answers SET parent_answer_id = ?, follow_up_json = ? WHERE id = ?",
                     (parent_id, json.dumps(follow_up.to_dict(), ensure_ascii=False),
                      answer_id))


def _asked(rows: list[Any]) -> list[AskedFollowUp]:
    out = []
    for row in rows:
        fu = _follow_up(row["follow_up_json"])
        if fu is not None:
            out.append(AskedFollowUp(int(row["id"]), int(row["parent_answer_id"]), fu))
    return out


def follow_ups_of(store: Any, parent_id: int) -> list[AskedFollowUp]:
    """The follow-ups answered after ``parent_id``, in the order they were asked."""
    return _asked(store._query(
        "SELECT id, parent_answer_id, follow_up_json FROM answers WHERE parent_answer_id = ?"
        " AND deleted_at IS NULL ORDER BY started_at, id", (parent_id,)))


def parent_of(store: Any, answer_id: int) -> AskedFollowUp | None:
    """The follow-up ``answer_id`` answered, with its parent; None for a first answer."""
    found = _asked(store._query(
        "SELECT id, parent_answer_id, follow_up_json FROM answers WHERE id = ?"
        " AND parent_answer_id IS NOT NULL", (answer_id,)))
    return found[0] if found else None


def asked_for_question(store: Any, question_id: str) -> list[str]:
    """Every follow-up already answered for ``question_id`` (oldest first): the pipeline
    passes them to the analyser so the next follow-up is a new one."""
    rows = store._query(
        "SELECT a.id, a.parent_answer_id, a.follow_up_json FROM answers a"
        " JOIN answers p ON p.id = a.parent_answer_id"
        " WHERE p.question_id = ? AND a.deleted_at IS NULL ORDER BY a.started_at, a.id",
        (question_id,))
    return [a.follow_up.text for a in _asked(rows)]


def follow_up_ids(store: Any) -> set[int]:
    """The ids of every shown answer that is a follow-up (History marks them)."""
    rows = store._query("SELECT id FROM answers WHERE parent_answer_id IS NOT NULL"
                        " AND deleted_at IS NULL")
    return {int(r["id"]) for r in rows}


def delete_with_follow_ups(store: Any, answer_id: int) -> bool:
    """Delete ``answer_id`` and, when it is a parent, its follow-ups (all to the trash).
    The follow-ups take the parent's deletion time, which is how Undo knows them."""
    children = [c.answer_id for c in follow_ups_of(store, answer_id)]
    for child in children:
        store.delete_answer(child)
    if not store.delete_answer(answer_id):
        return False
    if children:
        with store._tx() as conn:
            conn.executemany(
                "UPDATE answers SET deleted_at = (SELECT deleted_at FROM answers WHERE id = ?)"
                " WHERE id = ?", [(answer_id, child) for child in children])
    return True


def restore_with_follow_ups(store: Any, answer_id: int) -> bool:
    """Undo ``delete_with_follow_ups``: the answer and the follow-ups deleted with it (one
    deleted on its own earlier stays deleted)."""
    rows = store._query("SELECT deleted_at FROM answers WHERE id = ?"
                        " AND deleted_at IS NOT NULL", (answer_id,))
    if not rows:
        return False
    with_it = store._query("SELECT id FROM answers WHERE parent_answer_id = ?"
                           " AND deleted_at = ?", (answer_id, rows[0]["deleted_at"]))
    if not store.restore_answer(answer_id):
        return False
    for row in with_it:
        store.restore_answer(int(row["id"]))
    return True
