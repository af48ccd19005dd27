"""A follow-up answered like any answer: recorded, transcribed and analysed by the same
pipeline (``recording``), timed with its stage's follow-up budget, and stored linked to the
answer that prompted it.

The follow-up answer is analysed against the first answer's question (its expected
concepts and red flags), so a concept it covers that the first answer missed shows as
recovered; only the prompt (what was asked) and the clock differ.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from typing import Any

from desktop_app.core.analysis.follow_up import FollowUp, choose_follow_up
from desktop_app.core.analysis.follow_up_pair import FollowUpPair, pair_of
from desktop_app.core.analysis.report import Report
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


def follow_up_question(bank: Bank, question: Question, follow_up: FollowUp,
                       gaps: Collection[str] | None = None) -> Question:
    """The question a follow-up answer is analysed against: the first one's id, the
    follow-up's text as its prompt, the follow-up's clock, and as expected concepts those
    of ``gaps`` (what the answers so far left out; None: all the question's), so the
    follow-up is judged on what it could still add and its own follow-up probes the rest."""
    expects = question.expects if gaps is None else tuple(
        c for c in question.expects if c in gaps)
    return dataclasses.replace(question, prompt=follow_up.text, expects=expects,
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


def next_follow_up(store: Any, bank: Bank, question: Question, report: Report | None,
                   answer_id: int) -> FollowUp | None:
    """The follow-up to offer after ``answer_id`` (its report ``report``) now: the one the
    report chose, unless History has asked it since; then the next by the same rules, over
    what the pair still misses (a recovered concept is not probed again)."""
    if report is None:
        return None
    asked = follow_ups.asked_for_question(store, question.id)
    if report.follow_up is not None and report.follow_up.text not in asked:
        return report.follow_up
    gaps = gaps_for(store, answer_id)
    missing = [m for m in report.missing if gaps is None or m.concept in gaps]
    return choose_follow_up(question, bank, report.red_flags, missing, asked)


def root_of(store: Any, answer_id: int) -> int:
    """The first answer of the pair ``answer_id`` belongs to (itself for a first answer)."""
    asked = follow_ups.parent_of(store, answer_id)
    return asked.parent_id if asked is not None else answer_id


def _pair_reports(store: Any, root: int,
                  before: int | None = None) -> tuple[Report | None, list[Report]]:
    """The first answer's report and its follow-ups' reports, in the order they were asked
    (only those asked before the follow-up ``before``, when given)."""
    later = []
    for asked in follow_ups.follow_ups_of(store, root):
        if asked.answer_id == before:
            break
        report = store.get_report(asked.answer_id)
        if report is not None:
            later.append(report)
    return store.get_report(root), later


def _still_missing(first: Report, later: list[Report]) -> list[str]:
    return [m.concept for m in (pair_of(first, later).still_missing if later else first.missing)]


def pair_for(store: Any, answer_id: int) -> FollowUpPair | None:
    """The first answer of ``answer_id``'s pair with its follow-ups answered so far, judged
    together; None when it has no follow-up answered or no report."""
    first, later = _pair_reports(store, root_of(store, answer_id))
    if first is None or not later:
        return None
    return pair_of(first, later)


def gaps_before(store: Any, answer_id: int) -> list[str] | None:
    """The expected concepts the pair still missed when the follow-up ``answer_id`` was
    asked: the first answer's missing ones less those the follow-ups before it recovered;
    None when the first answer has no report."""
    first, earlier = _pair_reports(store, root_of(store, answer_id), before=answer_id)
    return None if first is None else _still_missing(first, earlier)


def asked_question(store: Any, bank: Bank, question: Question, answer_id: int) -> Question:
    """What ``answer_id`` was asked, to analyse it again as it was first analysed: the bank's
    ``question`` for a first answer; for a follow-up answer the follow-up, with its clock and
    the concepts still missing when it was asked (as Review and the mock interview ask it)."""
    asked = follow_ups.parent_of(store, answer_id)
    if asked is None:
        return question
    return follow_up_question(bank, question, asked.follow_up, gaps_before(store, answer_id))


def gaps_for(store: Any, answer_id: int) -> list[str] | None:
    """The expected concepts the pair of ``answer_id`` still misses (the first answer's
    missing ones less those recovered); None when the first answer has no report."""
    first, later = _pair_reports(store, root_of(store, answer_id))
    return None if first is None else _still_missing(first, later)
