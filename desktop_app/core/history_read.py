"""What the History page shows, read in one go: answers, most missed concepts and how
many answers could not be read.

One damaged row (text that is not UTF-8, a report that is not JSON) used to fail the whole
read, and History showed nothing. Here such an answer is left out and counted, so the page
can say so in a sentence while showing every other answer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from desktop_app.core.store import AnswerRecord, Store, UnreadableAnswer


@dataclass(frozen=True)
class HistoryPage:
    answers: list[AnswerRecord]  # oldest first, the unreadable ones left out
    missed: list[tuple[str, int]]  # (concept id, times missed), most missed first
    unreadable: int  # answers left out because their stored data is damaged

    @property
    def notice(self) -> str | None:
        """One sentence about the answers left out, or None when there are none."""
        n = self.unreadable
        if n == 0:
            return None
        what = "1 answer" if n == 1 else f"{n} answers"
        verb = "is" if n == 1 else "are"
        return (f"{what} could not be read and {verb} not shown; the history database is "
                f"damaged in {'that place' if n == 1 else 'those places'}, and every other "
                "answer is shown as usual.")


def read_history(store: Store, bank_id: str | None = None, stage_id: str | None = None,
                 missed_limit: int | None = 8, question_id: str | None = None) -> HistoryPage:
    answers, bad_rows = store.list_answers_checked(bank_id=bank_id, stage_id=stage_id,
                                                   question_id=question_id)
    if question_id is None:
        missed, bad_reports = store.missed_concepts_checked(bank_id, stage_id, missed_limit)
    else:  # one question has a few tries: its reports are read one by one
        missed, bad_reports = _missed_in(store, [a.id for a in answers], missed_limit)
    bad = set(bad_rows) | set(bad_reports)
    return HistoryPage([a for a in answers if a.id not in bad], missed, len(bad))


def _missed_in(store: Store, answer_ids: list[int], limit: int | None,
               ) -> tuple[list[tuple[str, int]], list[int]]:
    counts: Counter[str] = Counter()
    bad: list[int] = []
    for answer_id in answer_ids:
        try:
            report = store.get_report(answer_id)
        except UnreadableAnswer:
            bad.append(answer_id)
            continue
        coverage = (report or {}).get("coverage")
        missing = coverage.get("missing", []) if isinstance(coverage, dict) else []
        counts.update(str(m) for m in missing if isinstance(m, str))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return (ranked[:limit] if limit is not None else ranked), bad
