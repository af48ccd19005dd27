"""Choosing a question to rehearse: the bank's questions narrowed by words, stage and
whether they have been tried, each with how often and how recently it was answered."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.core.banks.model import Bank, Question
from desktop_app.core.history.store import Store


@dataclass(frozen=True)
class QuestionTries:
    question: Question
    stage_title: str
    tries: int  # answers kept in History (deleted ones are not counted)
    last_at: float | None  # seconds since the epoch of the newest try


def _fold(text: str) -> str:
    # Case and accents do not matter to someone typing a few words to find a question.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches(question: Question, stage_title: str, search: str) -> bool:
    """Every word of ``search`` appears in the prompt, the stage, the id or a follow-up."""
    haystack = _fold(" ".join((question.prompt, stage_title, question.id,
                               *question.follow_ups)))
    return all(word in haystack for word in _fold(search).split())


def question_tries(bank: Bank, answers: Iterable[tuple[str, float]]) -> list[QuestionTries]:
    """Every question of ``bank`` in bank order with its tries, from ``answers``
    (question id, start time) of this bank."""
    counts: dict[str, int] = {}
    newest: dict[str, float] = {}
    for question_id, started_at in answers:
        counts[question_id] = counts.get(question_id, 0) + 1
        newest[question_id] = max(started_at, newest.get(question_id, started_at))
    rows = []
    for question in bank.all_questions():
        stage = bank.stage(question.stage_id)
        rows.append(QuestionTries(question, stage.title if stage else question.stage_id,
                                  counts.get(question.id, 0), newest.get(question.id)))
    return rows


def choose(rows: Iterable[QuestionTries], search: str = "", stage_id: str | None = None,
           untried_only: bool = False) -> list[QuestionTries]:
    """The rows that fit all three filters, in the order given."""
    return [r for r in rows
            if (stage_id is None or r.question.stage_id == stage_id)
            and (not untried_only or r.tries == 0)
            and matches(r.question, r.stage_title, search)]


def tries_in_history(store: Store, bank: Bank) -> list[QuestionTries]:
    """Every question of ``bank`` with its tries as History keeps them."""
    return question_tries(bank, [(a.question_id, a.started_at)
                                 for a in store.list_answers(bank_id=bank.id)])
