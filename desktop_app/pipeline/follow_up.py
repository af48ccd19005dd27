"""A follow-up answered like any answer: recorded, transcribed and analysed by the same
pipeline (``recording``), timed with its stage's follow-up budget, and stored linked to the
answer that prompted it.

The follow-up answer is analysed against the first answer's question (its expected
concepts and red flags), so a concept it covers that the first answer missed shows as
recovered; only the prompt (what was asked) and the clock differ.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from desktop_app.core.analysis.follow_up import FollowUp
from desktop_app.core.banks.model import Bank, Question, StageTiming
from desktop_app.core.history import follow_ups
from desktop_app.core.settings import Settings
from desktop_app.pipeline.recording import StartedAnswer, begin_answer

# The budget is the red cue; green and yellow come at these shares of it, as a stage's do.
GREEN_SHARE, YELLOW_SHARE = 0.5, 0.75


def follow_up_timing(bank: Bank, question: Question) -> StageTiming:
    """No prep (a follow-up is answered on the spot), the red cue at the stage's budget."""
    stage = bank.stage(question.stage_id)
    budget = stage.follow_up_budget_s if stage else question.timing.red_s / 3.0
    return StageTiming(prep_s=0.0, green_s=budget * GREEN_SHARE,
                       yellow_s=budget * YELLOW_SHARE, red_s=budget)


def follow_up_question(bank: Bank, question: Question, follow_up: FollowUp) -> Question:
    """The question a follow-up answer is analysed against: the first one's id and expected
    concepts, the follow-up's text as its prompt, the follow-up's clock."""
    return dataclasses.replace(question, prompt=follow_up.text,
                               timing=follow_up_timing(bank, question))


def begin_follow_up(settings: Settings, store: Any, worker: Any, bank: Bank,
                    question: Question, parent_id: int, follow_up: FollowUp,
                    session_id: int | None) -> StartedAnswer:
    """Start recording the answer to ``follow_up`` and link it to ``parent_id`` at once, so
    an interrupted follow-up is still found under its parent after recovery."""
    started = begin_answer(settings, store, worker, bank,
                           follow_up_question(bank, question, follow_up), session_id)
    if started.answer_id is not None and store is not None:
        follow_ups.link(store, started.answer_id, parent_id, follow_up)
    return started
