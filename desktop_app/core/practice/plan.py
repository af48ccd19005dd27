"""Today's plan: the questions due (FSRS), then new ones from the weakest stage, each with
a plain reason, and the readiness per stage and concept.

Weak concepts (missed in two answers or more, the latest included) come back through the
questions that expect them: a tried question that asks for one is brought forward when no
due question does, and new questions that ask for one are taken first.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from desktop_app.core.banks.model import Bank, Question
from desktop_app.core.practice.graded import GradedAnswer
from desktop_app.core.practice.grading import AGAIN
from desktop_app.core.practice.readiness import (
    READY,
    QuestionTrack,
    concept_readiness,
    stage_readiness,
    track,
)
from desktop_app.core.practice.schedule import card_id, compressed_due

NEW_PER_DAY = 3
WEAK_MISSES = 2  # missed in this many answers, the latest among them: a weak concept
TIMES = {1: "once", 2: "twice"}


@dataclass(frozen=True)
class PlanItem:
    question_id: str
    stage_id: str
    reason: str
    due: datetime | None = None  # None: not tried yet

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question_id, "stage": self.stage_id, "reason": self.reason,
                "due": self.due.isoformat() if self.due is not None else None}


@dataclass(frozen=True)
class Plan:
    bank_id: str
    now: datetime
    interview: date | None
    due: list[PlanItem]
    new: list[PlanItem]
    readiness: dict[str, float]  # by stage, in bank order
    weak_concepts: list[tuple[str, int]]  # (concept id, answers that missed it)
    concepts: dict[str, float] = field(default_factory=dict)

    @property
    def queue(self) -> list[PlanItem]:
        return self.due + self.new

    def to_dict(self) -> dict[str, Any]:
        return {
            "due": [i.to_dict() for i in self.due],
            "new": [i.to_dict() for i in self.new],
            "readiness": {k: round(v, 3) for k, v in self.readiness.items()},
            "weak_concepts": [{"concept": c, "missed": n} for c, n in self.weak_concepts],
            "bank": self.bank_id,
            "date": self.now.astimezone().date().isoformat(),
            "interview": self.interview.isoformat() if self.interview else None,
            "ready_at": READY,
            "concepts": {k: round(v, 3) for k, v in sorted(self.concepts.items())},
        }


def concept_name(bank: Bank, concept_id: str) -> str:
    """A concept's label as it reads inside a sentence ("missed data provenance twice")."""
    concept = bank.concepts.get(concept_id)
    label = concept.label if concept else concept_id.replace("_", " ")
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        label = label[0].lower() + label[1:]
    return label


def _times(n: int) -> str:
    return TIMES.get(n, f"{n} times")


def _day_phrase(when: datetime, now: datetime) -> str:
    local, today = when.astimezone(), now.astimezone().date()
    days = (today - local.date()).days
    if days <= 0:
        return "due today"
    if days == 1:
        return "due since yesterday"
    if days < 7:
        return f"due since {local.strftime('%A')}"
    return f"due since {local.day} {local.strftime('%b')}"


def build_plan(bank: Bank, answers: Iterable[GradedAnswer], now: datetime,
               interview: date | None = None, new_per_day: int = NEW_PER_DAY) -> Plan:
    """The plan for ``bank`` at ``now`` (timezone-aware) from its graded answers."""
    by_question: dict[str, list[GradedAnswer]] = defaultdict(list)
    questions = {q.id: q for q in bank.all_questions()}
    mine = [a for a in answers if a.bank_id == bank.id and a.question_id in questions]
    for a in mine:
        by_question[a.question_id].append(a)
    tracks = {q: track(items, card_id(bank.id, q)) for q, items in by_question.items()}
    t_now = now.timestamp()
    readiness = stage_readiness(bank, tracks, t_now)
    concepts, missed, still_missed = concept_readiness(mine, t_now)
    weak = sorted(((c, n) for c, n in missed.items()
                   if n >= WEAK_MISSES and c in still_missed),
                  key=lambda cn: (-cn[1], cn[0]))
    weak_ids = {c: n for c, n in weak}
    end_of_day = datetime.combine(now.astimezone().date() + timedelta(days=1),
                                  time()).astimezone(UTC)
    due = _due(bank, questions, tracks, weak_ids, now, end_of_day, interview)
    new = _new(bank, tracks, readiness, weak_ids, now, interview, new_per_day)
    return Plan(bank.id, now, interview, due, new, readiness, weak, concepts)


def _due(bank: Bank, questions: dict[str, Question], tracks: dict[str, QuestionTrack],
         weak: dict[str, int], now: datetime, end_of_day: datetime,
         interview: date | None) -> list[PlanItem]:
    items: list[tuple[datetime, PlanItem]] = []
    later: list[tuple[datetime, str]] = []
    for qid, t in tracks.items():
        if t.card is None:
            continue
        when = compressed_due(t.card, interview)
        last = t.answers[-1]
        if when >= end_of_day:
            later.append((when, qid))
            continue
        reason = _day_phrase(when, now)
        weak_missed = [c for c in last.missing if c in weak]
        if weak_missed:
            c = max(weak_missed, key=lambda c: weak[c])
            reason = f"missed {concept_name(bank, c)} {_times(weak[c])}, {reason}"
        elif last.rating == AGAIN:
            reason = f"failed last time, {reason}"
        items.append((when, PlanItem(qid, questions[qid].stage_id, reason, when)))
    items.sort(key=lambda x: (x[0], x[1].question_id))
    chosen = [i for _, i in items]
    # A weak concept no due question asks for comes back through a tried question that
    # expects it (the soonest due), if it was not answered today.
    asked = {c for i in chosen for c in questions[i.question_id].expects}
    for c, n in weak.items():
        if c in asked:
            continue
        for when, qid in sorted(later):
            last_at = tracks[qid].answers[-1].at
            if c in questions[qid].expects and now.timestamp() - last_at >= 86400:
                reason = f"brings back {concept_name(bank, c)}, missed {_times(n)}"
                chosen.append(PlanItem(qid, questions[qid].stage_id, reason, when))
                later.remove((when, qid))
                asked.update(questions[qid].expects)
                break
    return chosen


def _new(bank: Bank, tracks: dict[str, QuestionTrack], readiness: dict[str, float],
         weak: dict[str, int], now: datetime, interview: date | None,
         new_per_day: int) -> list[PlanItem]:
    untried = [q for q in bank.all_questions() if q.id not in tracks]
    limit = new_per_day
    if interview is not None and untried:  # every question tried before the day
        days_left = (interview - now.astimezone().date()).days
        limit = max(limit, math.ceil(len(untried) / max(1, days_left)))
    order = {s.id: i for i, s in enumerate(bank.stages)}
    stages = sorted(bank.stages, key=lambda s: (readiness.get(s.id, 0.0), order[s.id]))
    chosen: list[PlanItem] = []
    for rank, stage in enumerate(stages):
        pool = [q for q in untried if q.stage_id == stage.id]
        pool.sort(key=lambda q: -sum(weak.get(c, 0) for c in q.expects))  # stable
        for q in pool:
            if len(chosen) >= limit:
                return chosen
            reason = "not tried yet"
            hits = [c for c in q.expects if c in weak]
            if hits:  # the weak concept says more than the stage
                c = max(hits, key=lambda c: weak[c])
                reason += f"; asks for {concept_name(bank, c)}, missed {_times(weak[c])}"
            elif rank == 0 and any(tracks.get(o.id) for o in stage.questions):
                reason += ", from your weakest stage"
            chosen.append(PlanItem(q.id, q.stage_id, reason))
    return chosen


def render_text(plan: Plan, bank: Bank) -> str:
    """The plan as `stagecoach plan` prints it."""
    titles = {s.id: s.title for s in bank.stages}
    lines = [f"Plan for {plan.now.astimezone().date().isoformat()} ({bank.title})"]
    if plan.interview:
        lines[0] += f", interview on {plan.interview.isoformat()}"
    lines.append("")
    lines.append("Due:" if plan.due else "Due: nothing today.")
    lines += [f"  {i.question_id}  [{titles.get(i.stage_id, i.stage_id)}]  {i.reason}"
              for i in plan.due]
    lines.append("New:" if plan.new else "New: every question has been tried.")
    lines += [f"  {i.question_id}  [{titles.get(i.stage_id, i.stage_id)}]  {i.reason}"
              for i in plan.new]
    lines.append("")
    lines.append(f"Readiness (a stage is ready at {READY:.2f}):")
    for stage_id, value in plan.readiness.items():
        mark = "ready" if value >= READY else "not yet"
        lines.append(f"  {titles.get(stage_id, stage_id):<28} {value:.2f}  {mark}")
    if plan.weak_concepts:
        lines.append("Weak concepts: " + ", ".join(
            f"{concept_name(bank, c)} (missed {_times(n)})" for c, n in plan.weak_concepts))
    return "\n".join(lines) + "\n"

