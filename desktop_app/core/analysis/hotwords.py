"""Hotwords: a few short, distinctive expected terms to bias the recogniser towards.

Whisper's hotword prompt is short text; long prompts make it drop sentences, so the
list stays within about 200 characters. Acronyms and single rare words come first
(they are what a small model misspells), one per expected concept in turn, then a
second term per concept while room is left.
"""

from __future__ import annotations

from desktop_app.core.analysis.matching import is_acronym
from desktop_app.core.analysis.tokens import normalise_phrase
from desktop_app.core.banks.model import Bank, Question

MAX_CHARS = 200
MAX_TERM_WORDS = 3

# Words too common to be worth biasing towards on their own.
_COMMON = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "from",
        "at",
        "as",
        "is",
        "are",
        "be",
        "we",
        "our",
        "you",
        "your",
        "it",
        "this",
        "that",
        "data",
        "model",
        "models",
        "user",
        "users",
        "people",
        "team",
        "time",
        "way",
        "thing",
        "things",
        "work",
        "good",
        "make",
        "use",
        "used",
        "how",
        "what",
        "why",
        "when",
        "where",
        "who",
        "which",
        "new",
        "risk",
        "risks",
        "plan",
        "test",
        "tests",
    ]
)


def _rank(term: str) -> tuple[int, int, int]:
    tokens = normalise_phrase(term)
    distinct = sum(1 for t in tokens if t not in _COMMON)
    return (0 if is_acronym(term) else 1, len(tokens), -distinct if distinct else 99)


def _usable(term: str) -> bool:
    tokens = normalise_phrase(term)
    return 0 < len(tokens) <= MAX_TERM_WORDS and any(t not in _COMMON for t in tokens)


def expected_hotwords(question: Question, bank: Bank, max_chars: int = MAX_CHARS) -> list[str]:
    per_concept: list[list[str]] = []
    for concept_id in question.expects:
        concept = bank.concepts.get(concept_id)
        if concept is None:
            continue
        terms = sorted((t.strip() for t in concept.terms if _usable(t)), key=_rank)
        per_concept.append(terms)
    chosen: list[str] = []
    seen: set[str] = set()
    used = 0
    for depth in range(2):
        for terms in per_concept:
            if depth >= len(terms):
                continue
            term = terms[depth]
            key = term.lower()
            if key in seen:
                continue
            cost = len(term) + (2 if chosen else 0)  # joined with ", "
            if used + cost > max_chars:
                continue
            chosen.append(term)
            seen.add(key)
            used += cost
    return chosen
