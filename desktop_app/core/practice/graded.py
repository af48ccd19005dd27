"""A graded answer as the plan sees it: where it belongs, when it was given, its grade."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.practice.grading import RATING_VALUES, effective


@dataclass(frozen=True)
class GradedAnswer:
    answer_id: int
    bank_id: str
    stage_id: str
    question_id: str
    at: float  # when the answer started, seconds since the epoch
    auto_rating: int  # from the report (grading.grade_report)
    auto_score: float
    covered: tuple[str, ...] = ()
    recovered: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    override: int | None = None  # the user's grade, when they set one in Review

    @property
    def rating(self) -> int:
        return effective(self.auto_rating, self.override)

    @property
    def score(self) -> float:
        """The report's finer score, unless the user overrode the grade: then its value."""
        return self.auto_score if self.override is None else RATING_VALUES[self.rating]
