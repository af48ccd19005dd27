"""Repetition: phrases of 2–4 words said far more often than the answer's length warrants.

Counted on stems over tokens ("let's say" is "let us say"), so "metric" and "metrics"
are one phrase. A phrase must end on a content word, and open on one unless it is three
words or more ("to be honest"): "of the" or "it is" are grammar, not a verbal tic.
Phrases that use the question's own terms are expected to recur and are left out, as are
phrases of fillers (fillers have their own count).
Phrases said mostly in the same words as a phrase said more often (or as often and
longer) are reported once, as that phrase: "end of the day", not also "at the end".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.analysis.tokens import Token, normalise_phrase, stem

# Function words: a phrase may contain them but not start or end with them.
STOP_WORDS = frozenset([
    "a", "an", "the", "and", "or", "but", "if", "then", "so", "as", "of", "to", "in", "on",
    "at", "by", "for", "with", "from", "into", "onto", "about", "over", "under", "than",
    "that", "this", "these", "those", "there", "here", "it", "its", "is", "are", "was",
    "were", "be", "been", "being", "am", "do", "does", "did", "done", "have", "has", "had",
    "having", "will", "would", "shall", "should", "can", "could", "may", "might", "must",
    "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her",
    "they", "them", "their", "what", "which", "who", "whom", "whose", "when", "where",
    "why", "how", "not", "no", "nor", "very", "too", "also", "just", "all", "any", "some",
    "each", "every", "both", "either", "neither", "one", "ones", "such", "own", "same",
    "other", "more", "most", "less", "few", "many", "much", "up", "down", "out", "off",
    "again", "once", "only", "well", "really", "like", "um", "uh", "oh", "yeah", "ok",
    "okay", "right",
])
MIN_N, MAX_N = 2, 4
# Verbal tics made only of function words and one general noun: the rules above would
# take them for grammar, so they are named.
TICS = frozenset(normalise_phrase(p) for p in (
    "in terms of", "the thing is", "at this point", "if that makes sense", "so to speak",
    "you know what I mean",
))


def _t(seconds: float) -> float:
    return round(float(seconds), 3)


@dataclass(frozen=True)
class RepeatedPhrase:
    text: str
    count: int
    starts: tuple[float, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "count": self.count, "starts": [_t(s) for s in self.starts]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RepeatedPhrase:
        starts = tuple(float(s) for s in d.get("starts") or ())
        count = d.get("count")
        return cls(str(d.get("text", "")), int(count) if count is not None else len(starts),
                   starts)


@dataclass(frozen=True)
class Repetition:
    items: tuple[RepeatedPhrase, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"items": [i.to_dict() for i in self.items]}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Repetition | None:
        """The section ``to_dict`` wrote; None when missing or malformed."""
        try:
            return cls._read(d) if isinstance(d, dict) else None
        except (TypeError, ValueError, IndexError):
            return None

    @classmethod
    def _read(cls, d: dict[str, Any]) -> Repetition:
        return cls(tuple(RepeatedPhrase.from_dict(i) for i in d.get("items") or ()
                         if isinstance(i, dict)))


def repeat_threshold(words: int, min_count: int, words_per_repeat: float) -> int:
    """How many times a phrase may be said before it counts as repeated.

    A phrase said ``min_count`` times in a short answer stands out; a long answer earns
    one more use per ``words_per_repeat`` words (a 10-minute answer of 1,500 words at the
    defaults needs 10 uses of one phrase, a 1-minute answer 3)."""
    return max(min_count, math.ceil(words / words_per_repeat) if words_per_repeat > 0 else 0)


def _question_stems(question_text: str) -> frozenset[str]:
    return frozenset(stem(t) for t in normalise_phrase(question_text) if t not in STOP_WORDS)


def find_repetition(
    tokens: Sequence[Token],
    question_text: str = "",
    *,
    min_count: int = 3,
    words_per_repeat: float = 150.0,
    skip_words: Iterable[str] = (),
    limit: int = 8,
) -> Repetition:
    """Phrases of ``tokens`` said at least the threshold number of times, most said first.

    ``question_text``'s content words (the prompt, the expected terms) exempt the phrases
    that use them; ``skip_words`` (filler words) exempt phrases that contain them."""
    exempt = _question_stems(question_text)
    threshold = repeat_threshold(len(tokens), min_count, words_per_repeat)
    kept = {
        k: v for k, v in _occurrences(tokens, frozenset(skip_words)).items()
        if len(v) >= threshold and not any(s in exempt for s in k)
    }
    # Most said first, then the longest: "end of the day" before "at the end".
    ranked = sorted(kept.items(), key=lambda kv: (-len(kv[1]), -len(kv[0]), kv[1][0]))
    taken = [False] * len(tokens)  # tokens inside a phrase already reported
    items: list[RepeatedPhrase] = []
    for key, at in ranked:
        n = len(key)
        overlapping = sum(any(taken[i : i + n]) for i in at)
        if overlapping * 2 >= len(at):  # mostly the same words as a phrase already kept
            continue
        for i in at:
            taken[i : i + n] = [True] * n
        text = " ".join(t.text for t in tokens[at[0] : at[0] + n])
        items.append(RepeatedPhrase(text, len(at), tuple(tokens[i].start for i in at)))
        if len(items) == limit:
            break
    return Repetition(tuple(items))


def _occurrences(tokens: Sequence[Token], skip: frozenset[str]) -> dict[tuple[str, ...],
                                                                        list[int]]:
    """Stemmed phrase → the token indexes where it starts (uses never overlapping)."""
    stems = [t.stem for t in tokens]
    texts = [t.text for t in tokens]
    # A phrase never spans a sentence end: "... the data. Data quality ..." is two.
    breaks = [t.clause_end_after for t in tokens]
    stop = [t in STOP_WORDS for t in texts]
    skipped = [t in skip for t in texts]
    occurrences: dict[tuple[str, ...], list[int]] = {}
    n_tok = len(tokens)
    for i in range(n_tok):
        if skipped[i]:
            continue
        for n in range(MIN_N, MAX_N + 1):
            j = i + n - 1
            if j >= n_tok or breaks[j - 1] or skipped[j]:
                break
            # Ends on a content word; may open on a function word only when three or
            # more words long ("to be honest", not "the data").
            if (stop[j] or (stop[i] and n < 3)) and tuple(texts[i : j + 1]) not in TICS:
                continue
            key = tuple(stems[i : j + 1])
            found = occurrences.get(key)
            if found is None:
                occurrences[key] = [i]
            elif found[-1] + n <= i:  # never count overlapping uses twice
                found.append(i)
    return occurrences

