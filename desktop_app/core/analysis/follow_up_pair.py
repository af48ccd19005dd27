"""A first answer and the follow-ups answered after it, judged together: what was covered
unprompted, what was recovered only when the interviewer probed, and what is still missing.

Recovered concepts are kept apart because a panel weighs them differently: a point made
unprompted shows judgment, a point made when asked shows knowledge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core.analysis.coverage import CoveredConcept, MissingConcept
from desktop_app.core.analysis.follow_up import recovered_concepts
from desktop_app.core.analysis.report import Report


@dataclass(frozen=True)
class FollowUpPair:
    unprompted: list[CoveredConcept]  # covered in the first answer
    recovered: list[CoveredConcept]  # missing there, covered in a follow-up
    still_missing: list[MissingConcept]
    follow_ups: int  # follow-up answers taken into account

    @property
    def expected(self) -> int:
        return len(self.unprompted) + len(self.recovered) + len(self.still_missing)

    @property
    def before_pct(self) -> float | None:
        """Coverage of the first answer alone, 0..100 (None: nothing expected)."""
        return 100.0 * len(self.unprompted) / self.expected if self.expected else None

    @property
    def after_pct(self) -> float | None:
        """Coverage once the follow-ups are counted."""
        covered = len(self.unprompted) + len(self.recovered)
        return 100.0 * covered / self.expected if self.expected else None


def pair_of(first: Report, follow_ups: Sequence[Report]) -> FollowUpPair:
    recovered = recovered_concepts(first.missing, [r.covered for r in follow_ups])
    got = {c.concept for c in recovered}
    return FollowUpPair(unprompted=list(first.covered), recovered=recovered,
                        still_missing=[m for m in first.missing if m.concept not in got],
                        follow_ups=len(follow_ups))


def pair_lines(pair: FollowUpPair) -> list[str]:
    """The pair in plain sentences, for Review and the mock summary."""
    def names(items: Sequence[CoveredConcept | MissingConcept]) -> str:
        return ", ".join(i.label for i in items)

    lines = []
    if pair.before_pct is not None and pair.after_pct is not None:
        lines.append(f"Coverage {pair.before_pct:.0f} % in the first answer, "
                     f"{pair.after_pct:.0f} % with the follow-up"
                     f"{'s' if pair.follow_ups != 1 else ''}.")
    if pair.unprompted:
        lines.append(f"Covered unprompted: {names(pair.unprompted)}.")
    if pair.recovered:
        lines.append(f"Recovered when asked: {names(pair.recovered)}.")
    if pair.still_missing:
        lines.append(f"Still missing: {names(pair.still_missing)}.")
    return lines
