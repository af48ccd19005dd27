"""When a question comes back: its graded answers replayed through FSRS (the ``fsrs``
package, the scheduler Anki uses), and the interview date's cap on the interval.

The scheduler is FSRS's with three choices made for spoken answers rather than flash cards:
- no learning or relearning steps: FSRS's defaults bring a failed card back in 1 and 10
  minutes, which suits a flash card, not a five-minute answer; without steps a failed
  answer comes back the next day and later grades lengthen the interval from its stability;
- no fuzzing: fuzz spreads thousands of cards apart, while a bank has about 45 questions,
  and replaying the same answers (after a delete, say) must give the same day every time;
- the default parameters and 90 % desired retention (no optimiser: a few dozen answers are
  far too few to fit parameters to).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from fsrs import Card, Rating, Scheduler, State

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
MIN_INTERVAL = timedelta(days=1)


def utc(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)


def card_id(bank_id: str, question_id: str) -> int:
    """A stable id for a question's card (FSRS's default reads the clock and sleeps 1 ms)."""
    return zlib.crc32(f"{bank_id}\0{question_id}".encode())


def replay(reviews: Iterable[tuple[float, int]], cid: int = 0) -> Card | None:
    """The card after ``reviews`` ((epoch seconds, rating 1–4)) in time order; None when
    there are none (a question not tried yet has no card)."""
    card: Card | None = None
    for when, rating in sorted(reviews):
        at = utc(when)
        if card is None:
            card = Card(card_id=cid, state=State.Learning, due=at)
        card, _log = SCHEDULER.review_card(card, Rating(rating), review_datetime=at)
    return card


def interview_start(day: date) -> datetime:
    """The start of the interview day in local time, as UTC."""
    return datetime.combine(day, time()).astimezone(UTC)


def compressed_due(card: Card, interview: date | None) -> datetime:
    """The card's due time, brought forward so that it is seen again before the interview.

    FSRS would send a well-known question out for weeks, past the interview; with a date set,
    the interval from the last review is capped at half the time left until the interview
    (at least a day), so every question tried is rehearsed once more before it, and a
    question graded well close to the date comes back sooner, never later, than FSRS says.
    """
    due: datetime = card.due
    if interview is None or card.last_review is None:
        return due
    start = interview_start(interview)
    left = start - card.last_review
    if left <= timedelta(0) or due < start - MIN_INTERVAL:
        return due
    return min(due, card.last_review + max(MIN_INTERVAL, left / 2))
