"""Deleting an answer from History: the question asked first, the deletion, and Undo.

The store keeps a deleted answer hidden with its audio in the trash (see core.trash) for
``settings.storage.trash_days``; Undo puts both back. The sentences name the answer by its
question and length, so the user knows which one they are about to lose.
"""

from __future__ import annotations

import time
from typing import Any

from desktop_app.core.durations import mmss
from desktop_app.core.history import follow_ups

PROMPT_CHARS = 70


def name_answer(record: Any, prompt: str) -> str:
    """'your answer to “Why this lab?” (1:23, recorded 4 Dec 15:30)'."""
    text = " ".join(prompt.split())
    if len(text) > PROMPT_CHARS:
        text = text[:PROMPT_CHARS - 1].rstrip() + "…"
    length = mmss(record.duration_s) if record.duration_s is not None else "no audio"
    when = time.strftime("%d %b %H:%M", time.localtime(record.started_at)).lstrip("0")
    return f"your answer to “{text}” ({length}, recorded {when})"


def confirm_text(record: Any, prompt: str, trash_days: int, follow_up_answers: int = 0) -> str:
    also = "" if not follow_up_answers else (
        f" Its {follow_up_answers} follow-up answer{'s go' if follow_up_answers > 1 else ' goes'}"
        " with it.")
    return (f"Delete {name_answer(record, prompt)}, with its transcript and report?{also} Its "
            f"recording is kept in the trash for {trash_days} days; Undo brings it back.")


def deleted_text(record: Any, prompt: str) -> str:
    named = name_answer(record, prompt)
    return f"Deleted {named}; Undo brings it back with its recording."


def delete(store: Any, answer_id: int) -> bool:
    """Delete the answer, and its follow-up answers with it (they mean nothing alone)."""
    return follow_ups.delete_with_follow_ups(store, answer_id)


def undo(store: Any, answer_id: int) -> bool:
    """Bring the answer back, with the follow-ups deleted with it."""
    return follow_ups.restore_with_follow_ups(store, answer_id)
