"""How near each stage and concept is to interview-ready, from recent answers.

What "ready" means, plainly: a stage is ready at 0.75 or more, which takes
- at least half of the stage's questions answered (fewer scale the figure down), and
- recent answers that average about a Good grade: each answer's score (grading.py) is
  weighed by its age, the weight halving every 14 days, and a question needs at least one
  fresh answer's worth of weight to count fully (one answer today does; one from two weeks
  ago counts half), and
- answers that are still fresh: each question's figure is multiplied by FSRS's chance that
  the answer would still come out as well today (its retrievability), which falls as the
  days since the last answer pass.
A concept's readiness is the same age-weighted average of its credit in the answers whose
question expects it (said 1, recovered in a follow-up 0.5, missed 0).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fsrs import Card, Rating, State

from desktop_app.core.banks.model import Bank
from desktop_app.core.practice.graded import GradedAnswer
from desktop_app.core.practice.schedule import SCHEDULER, utc

READY = 0.75
HALF_LIFE_DAYS = 14.0
DAY_S = 86400.0


def age_weight(age_s: float) -> float:
    return float(0.5 ** (max(0.0, age_s) / DAY_S / HALF_LIFE_DAYS))


@dataclass(frozen=True)
class QuestionTrack:
    """One question's answers in time order, with FSRS's stability after each."""

    answers: tuple[GradedAnswer, ...]
    stabilities: tuple[float, ...]
    card: Card | None  # after the last answer


def track(answers: Sequence[GradedAnswer], cid: int = 0) -> QuestionTrack:
    ordered = tuple(sorted(answers, key=lambda a: (a.at, a.answer_id)))
    card: Card | None = None
    stabilities: list[float] = []
    for a in ordered:
        at = utc(a.at)
        if card is None:
            card = Card(card_id=cid, state=State.Learning, due=at)
        card, _log = SCHEDULER.review_card(card, Rating(a.rating), review_datetime=at)
        stabilities.append(float(card.stability or 0.0))
    return QuestionTrack(ordered, tuple(stabilities), card)


def retrievability(stability: float, elapsed_s: float) -> float:
    """FSRS's forgetting curve (the same formula as Scheduler.get_card_retrievability,
    without its rounding to whole days, so a chart over hours stays smooth)."""
    if stability <= 0:
        return 0.0
    decay = -SCHEDULER.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return float((1 + factor * max(0.0, elapsed_s) / DAY_S / stability) ** decay)


def question_readiness(t: QuestionTrack, now: float) -> float | None:
    """None when the question had no answer by ``now``."""
    total = weights = 0.0
    last = -1
    for i, a in enumerate(t.answers):
        if a.at > now:
            break
        w = age_weight(now - a.at)
        total += w * a.score
        weights += w
        last = i
    if last < 0 or weights <= 0:
        return None
    fresh = retrievability(t.stabilities[last], now - t.answers[last].at)
    return total / max(1.0, weights) * fresh


def stage_readiness(bank: Bank, tracks: dict[str, QuestionTrack], now: float
                    ) -> dict[str, float]:
    """Each stage of ``bank`` (in its order) from 0 to 1; ``tracks`` by question id."""
    out: dict[str, float] = {}
    for stage in bank.stages:
        values = [v for q in stage.questions if q.id in tracks
                  for v in [question_readiness(tracks[q.id], now)] if v is not None]
        if not values or not stage.questions:
            out[stage.id] = 0.0
            continue
        need = math.ceil(len(stage.questions) / 2)
        breadth = min(1.0, len(values) / need)
        out[stage.id] = sum(values) / len(values) * breadth
    return out


def concept_readiness(answers: Iterable[GradedAnswer], now: float
                      ) -> tuple[dict[str, float], dict[str, int], set[str]]:
    """Each concept expected by an answered question: its readiness (0..1), how many
    answers missed it outright, and those whose latest answer missed it."""
    totals: dict[str, float] = defaultdict(float)
    weights: dict[str, float] = defaultdict(float)
    missed: dict[str, int] = defaultdict(int)
    latest: dict[str, tuple[float, float]] = {}
    for a in answers:
        if a.at > now:
            continue
        w = age_weight(now - a.at)
        for credit, concepts in ((1.0, a.covered), (0.5, a.recovered), (0.0, a.missing)):
            for c in concepts:
                totals[c] += w * credit
                weights[c] += w
                if credit == 0.0:
                    missed[c] += 1
                if c not in latest or latest[c][0] <= a.at:
                    latest[c] = (a.at, credit)
    still = {c for c, (_, credit) in latest.items() if credit == 0.0}
    return {c: totals[c] / weights[c] for c in weights if weights[c] > 0}, dict(missed), still


def readiness_series(bank: Bank, tracks: dict[str, QuestionTrack], times: Sequence[float]
                     ) -> dict[str, list[float]]:
    """Stage readiness at each of ``times`` (for History's chart)."""
    series: dict[str, list[float]] = {s.id: [] for s in bank.stages}
    for t in times:
        for stage_id, value in stage_readiness(bank, tracks, t).items():
            series[stage_id].append(value)
    return series
