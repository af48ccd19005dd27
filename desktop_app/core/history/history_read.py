"""What the History page shows, read in one go: answers, most missed concepts and how
many answers could not be read.

One damaged row (text that is not UTF-8, a report that is not JSON) used to fail the whole
read, and History showed nothing. Here such an answer is left out and counted, so the page
can say so in a sentence while showing every other answer.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from desktop_app.core.history.store import AnswerRecord, Store, UnreadableAnswer


@dataclass(frozen=True)
class MockSession:
    id: int
    started_at: float
    answers: int

    @property
    def label(self) -> str:
        when = time.strftime("%d %b %Y, %H:%M", time.localtime(self.started_at))
        return f"Mock interview, {when} ({self.answers} answer" \
            f"{'s' if self.answers != 1 else ''})"


@dataclass(frozen=True)
class HistoryPage:
    answers: list[AnswerRecord]  # oldest first, the unreadable ones left out
    missed: list[tuple[str, int]]  # (concept id, times missed), most missed first
    unreadable: int  # answers left out because their stored data is damaged
    mock_sessions: list[MockSession] = field(default_factory=list)  # oldest first

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


@dataclass(frozen=True)
class HistoryFilter:
    """Which answers History shows; None is "any"."""

    bank_id: str | None = None
    stage_id: str | None = None
    question_id: str | None = None
    since: float | None = None  # seconds since the epoch, inclusive
    until: float | None = None  # exclusive
    session_kind: str | None = None  # "practice", "mock"
    session_id: int | None = None

    def narrows_reports(self) -> bool:
        """True when the most-missed list must be counted from the answers shown (the
        store's count knows only bank and stage)."""
        return any(v is not None for v in (self.question_id, self.since, self.until,
                                           self.session_kind, self.session_id))

    def keeps(self, record: AnswerRecord) -> bool:
        return ((self.since is None or record.started_at >= self.since)
                and (self.until is None or record.started_at < self.until)
                and (self.session_kind is None or record.session_kind == self.session_kind))


def read_history(store: Store, bank_id: str | None = None, stage_id: str | None = None,
                 missed_limit: int | None = 8, question_id: str | None = None,
                 narrow: HistoryFilter | None = None) -> HistoryPage:
    f = narrow or HistoryFilter()
    f = HistoryFilter(bank_id, stage_id, question_id, f.since, f.until, f.session_kind,
                      f.session_id)
    answers, bad_rows = store.list_answers_checked(bank_id=bank_id, stage_id=stage_id,
                                                   question_id=question_id,
                                                   session_id=f.session_id)
    answers = [a for a in answers if f.keeps(a)]
    if not f.narrows_reports():
        missed, bad_reports = store.missed_concepts_checked(bank_id, stage_id, missed_limit)
    else:  # the answers shown are counted: their reports are read one by one
        missed, bad_reports = _missed_in(store, [a.id for a in answers], missed_limit)
    bad = set(bad_rows) | set(bad_reports)
    sessions = [MockSession(int(s["id"]), float(s["started_at"]), int(s["answers"]))
                for s in store.list_sessions() if s["kind"] == "mock" and s["answers"]]
    return HistoryPage([a for a in answers if a.id not in bad], missed, len(bad), sessions)


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
        if report is not None:
            counts.update(m.concept for m in report.missing)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return (ranked[:limit] if limit is not None else ranked), bad
