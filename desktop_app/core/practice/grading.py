"""An analysed answer graded as FSRS grades a card: Again, Hard, Good or Easy.

The rule, in order (each step can only lower the grade the one before gave):

1. Coverage of the question's expected concepts sets the starting grade:
   under 40 % Again, under 70 % Hard, under 90 % Good, else Easy. A concept recovered only
   in a follow-up counts half: the interviewer had to ask for it.
2. A red flag said caps the grade at Hard; two or more give Again.
3. A timing zone of ``under`` (shorter than the green cue), ``red`` or ``overtime`` lowers it
   one step (never below Again).
4. More than 6 fillers a minute caps it at Good.

Why this rule: FSRS's Again means "not recalled", which for a spoken answer is an answer an
interviewer would fail, and they fail an answer that leaves out most of what the question is
about, or one that says a red flag twice, before anything else; that is why content decides
first and the flags can override it. Hard means "recalled with effort": half the points, or
one careless red flag, is an answer that needs another go within days. Timing lowers by one
step only, because a long or short answer that covers the ground is still a pass in a real
loop, but not an easy one. Fillers are delivery, not content: they can deny Easy (the
question would leave the plan for weeks) but never fail an answer on their own. A question
with no expected concepts starts at Good: the plan has no content to judge it by, so it is
scheduled as a normal pass and only the other rules can move it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.core.analysis.report import Report

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}
# What a grade is worth when readiness weighs it (a user's override has no finer score).
RATING_VALUES = {AGAIN: 0.0, HARD: 0.45, GOOD: 0.8, EASY: 1.0}

COVERAGE_CUTS = ((0.4, AGAIN), (0.7, HARD), (0.9, GOOD))
FILLERS_PER_MINUTE_CAP = 6.0
RECOVERED_WEIGHT = 0.5
BAD_ZONES = frozenset({"under", "red", "overtime"})


@dataclass(frozen=True)
class Grade:
    """One answer's grade, with what decided it."""

    rating: int  # 1 Again .. 4 Easy
    score: float  # 0..1, the finer figure readiness weighs
    covered: tuple[str, ...]  # concept ids said unprompted
    recovered: tuple[str, ...]  # concept ids said only in a follow-up
    missing: tuple[str, ...]  # concept ids never said
    reasons: tuple[str, ...]  # plain words, in the order the rule applied them

    @property
    def name(self) -> str:
        return RATING_NAMES[self.rating]


def report_concepts(report: Report) -> tuple[list[str], list[str], list[str]]:
    """Covered and missing concept ids of a report (nothing is recovered by the answer
    itself: recovery comes from its follow-ups)."""
    covered = list(dict.fromkeys(c.concept for c in report.covered))
    missing = [c for c in dict.fromkeys(m.concept for m in report.missing) if c not in covered]
    return covered, [], missing


def grade_report(report: Report, follow_ups: Iterable[Report] = ()) -> Grade:
    """Grade an answer from its report and the reports of the follow-ups it led to."""
    covered, recovered, missing = report_concepts(report)
    for follow_up in follow_ups:  # a concept said in a follow-up was recovered
        said, _, _ = report_concepts(follow_up)
        for concept in said:
            if concept in missing:
                missing.remove(concept)
                recovered.append(concept)
    expected = len(covered) + len(recovered) + len(missing)
    coverage = (len(covered) + RECOVERED_WEIGHT * len(recovered)) / expected \
        if expected else 1.0
    reasons: list[str] = []
    if expected:
        rating = next((r for cut, r in COVERAGE_CUTS if coverage < cut), EASY)
        reasons.append(f"{round(100 * coverage)} % of the expected concepts")
    else:
        rating = GOOD
        reasons.append("no expected concepts to judge")
    rating, score = _penalties(report, rating, coverage, reasons)
    return Grade(rating, score, tuple(covered), tuple(recovered), tuple(missing),
                 tuple(reasons))


def _penalties(report: Report, rating: int, coverage: float,
               reasons: list[str]) -> tuple[int, float]:
    score = coverage
    n_flags = len(report.red_flags)
    if n_flags >= 2:
        rating = AGAIN
        reasons.append(f"{n_flags} red flags")
    elif n_flags == 1 and rating > HARD:
        rating = HARD
        reasons.append("a red flag")
    score -= 0.25 * n_flags
    zone = report.timing.zone
    if zone in BAD_ZONES:
        rating = max(AGAIN, rating - 1)
        score -= 0.1
        reasons.append("shorter than the green cue" if zone == "under"
                       else "past the red cue")
    per_minute = report.fillers_per_minute
    if per_minute > FILLERS_PER_MINUTE_CAP:
        score -= 0.05
        if rating > GOOD:
            rating = GOOD
            reasons.append(f"{per_minute:.0f} fillers a minute")
    return rating, min(1.0, max(0.0, score))


def effective(auto: int, override: int | None) -> int:
    """The grade the plan uses: the user's when they set one."""
    return override if override in RATING_NAMES else auto


def parse_rating(text: str) -> int:
    """``Again``/``Hard``/``Good``/``Easy`` (any case) or 1–4 → the rating number."""
    key = text.strip().lower()
    for number, name in RATING_NAMES.items():
        if key in (name.lower(), str(number)):
            return number
    raise ValueError(f"not a grade: {text!r}")

