"""Scoring one answer's transcript and report against its truth, and adding up the counts.

Counts are summed over a condition's cases before any rate is taken (a long answer weighs
more than a short one, as it does for a listener). A rate with nothing to count is None
(null in JSON): no fillers in the truth means no filler recall, not a perfect one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from desktop_app.evaluation.truth import FillerEvent, Span, Truth

FILLER_SLACK_S = 0.3  # a found filler must overlap the true one widened by this much
PAUSE_TOLERANCE_S = 0.3  # both ends of a found pause within this of the true ones

METRICS = ("wer", "wer_plain", "lost_sentences", "filler_precision", "filler_recall",
           "filled_pause_false_per_min", "pause_hit_rate", "concept_recall",
           "concept_precision", "red_flag_recall", "red_flag_precision", "seconds")
RATES = ("wer", "wer_plain", "filler_precision", "filler_recall", "pause_hit_rate",
         "concept_recall", "concept_precision", "red_flag_recall", "red_flag_precision")


def align(reference: Sequence[str], hypothesis: Sequence[str]) -> tuple[int, list[bool]]:
    """Word-level edit distance, and for each reference word whether the hypothesis has
    it at its aligned place (a minimum-edit alignment; matches preferred on ties)."""
    n, m = len(reference), len(hypothesis)
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        cost[i][0] = i
    for j in range(m + 1):
        cost[0][j] = j
    for i in range(1, n + 1):
        row, above = cost[i], cost[i - 1]
        for j in range(1, m + 1):
            same = reference[i - 1] == hypothesis[j - 1]
            row[j] = min(above[j - 1] + (0 if same else 1), above[j] + 1, row[j - 1] + 1)
    matched = [False] * n
    i, j = n, m
    while i > 0 and j > 0:
        if reference[i - 1] == hypothesis[j - 1] and cost[i][j] == cost[i - 1][j - 1]:
            matched[i - 1] = True
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j - 1] + 1:
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    return cost[n][m], matched


def lost_sentences(truth: Truth, matched: Sequence[bool]) -> int:
    """Sentences of which fewer than half the words were recognised."""
    lost = 0
    at = 0
    for sentence in truth.sentences:
        size = len(sentence.words)
        if size and 2 * sum(matched[at : at + size]) < size:
            lost += 1
        at += size
    return lost


def match_fillers(found: Sequence[Span], true: Sequence[FillerEvent],
                  slack: float = FILLER_SLACK_S) -> int:
    """Pairs of a found and a true filler that overlap in time (each used once)."""
    used: set[int] = set()
    for event in true:
        for k, (start, end) in enumerate(found):
            if k not in used and start <= event.end + slack and end >= event.start - slack:
                used.add(k)
                break
    return len(used)


def match_pauses(found: Sequence[Span], true: Sequence[Span],
                 tolerance: float = PAUSE_TOLERANCE_S) -> int:
    """True pauses whose start and end a found pause has, both within ``tolerance``."""
    used: set[int] = set()
    hits = 0
    for a, b in true:
        for k, (start, end) in enumerate(found):
            if k not in used and abs(start - a) <= tolerance and abs(end - b) <= tolerance:
                used.add(k)
                hits += 1
                break
    return hits


@dataclass
class Tally:
    cases: int = 0
    ref_words: int = 0
    edits: int = 0
    plain_ref_words: int = 0
    plain_edits: int = 0
    sentences: int = 0
    lost: int = 0
    lost_plain: int = 0
    fillers_found: int = 0
    fillers_true: int = 0
    fillers_matched: int = 0
    filled_pauses_without_fillers: int = 0
    minutes_without_fillers: float = 0.0
    pauses_true: int = 0
    pauses_hit: int = 0
    concepts_found: int = 0
    concepts_true: int = 0
    concepts_matched: int = 0
    flags_found: int = 0
    flags_true: int = 0
    flags_matched: int = 0
    seconds: float = 0.0

    def __iadd__(self, other: Tally) -> Tally:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def metrics(self) -> dict[str, Any]:
        def ratio(top: float, bottom: float) -> float | None:
            return round(top / bottom, 3) if bottom else None

        return {
            "wer": ratio(self.edits, self.ref_words),
            "wer_plain": ratio(self.plain_edits, self.plain_ref_words),
            "lost_sentences": self.lost if self.sentences else None,
            "filler_precision": ratio(self.fillers_matched, self.fillers_found),
            "filler_recall": ratio(self.fillers_matched, self.fillers_true),
            "filled_pause_false_per_min": ratio(self.filled_pauses_without_fillers,
                                                self.minutes_without_fillers),
            "pause_hit_rate": ratio(self.pauses_hit, self.pauses_true),
            "concept_recall": ratio(self.concepts_matched, self.concepts_true),
            "concept_precision": ratio(self.concepts_matched, self.concepts_found),
            "red_flag_recall": ratio(self.flags_matched, self.flags_true),
            "red_flag_precision": ratio(self.flags_matched, self.flags_found),
            "seconds": round(self.seconds, 1),
            # Compatible additions: the denominators, and the plain recogniser's losses.
            "cases": self.cases,
            "sentences": self.sentences,
            "lost_sentences_plain": self.lost_plain if self.sentences else None,
        }


def score_words(truth: Truth, words: Sequence[str], plain: Sequence[str] | None) -> Tally:
    reference = truth.words
    edits, matched = align(reference, words)
    tally = Tally(cases=1, ref_words=len(reference), edits=edits,
                  sentences=len(truth.sentences), lost=lost_sentences(truth, matched))
    if plain is not None:
        plain_edits, plain_matched = align(reference, plain)
        tally.plain_ref_words = len(reference)
        tally.plain_edits = plain_edits
        tally.lost_plain = lost_sentences(truth, plain_matched)
    return tally


def score_report(truth: Truth, report: dict[str, Any], concepts: Sequence[str],
                 red_flags: Sequence[str], pause_threshold_s: float) -> Tally:
    """The timed and labelled parts: fillers, pauses, concepts and red flags."""
    items = report["fillers"]["items"]
    found = [(float(i["start"]), float(i["end"])) for i in items]
    tally = Tally(fillers_found=len(found), fillers_true=len(truth.fillers),
                  fillers_matched=match_fillers(found, truth.fillers))
    if not truth.fillers:
        tally.filled_pauses_without_fillers = sum(i["kind"] == "filled_pause" for i in items)
        tally.minutes_without_fillers = truth.duration_s / 60.0
    true_pauses = truth.pauses(pause_threshold_s)
    tally.pauses_true = len(true_pauses)
    tally.pauses_hit = match_pauses(
        [(float(p["start"]), float(p["end"])) for p in report["pauses"]], true_pauses)
    got = {c["concept"] for c in report["coverage"]["covered"]}
    tally.concepts_found, tally.concepts_true = len(got), len(set(concepts))
    tally.concepts_matched = len(got & set(concepts))
    flags = {r["flag"] for r in report["red_flags"]}
    tally.flags_found, tally.flags_true = len(flags), len(set(red_flags))
    tally.flags_matched = len(flags & set(red_flags))
    return tally
