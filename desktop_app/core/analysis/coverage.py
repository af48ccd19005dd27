"""Expected-concept coverage and red flags, with evidence from the transcript.

A concept is covered when one of its terms occurs (see matching.py). When the
recogniser was biased towards a term, an occurrence it produced with low probability
is not credited: biasing makes Whisper "hear" the very words it was told to expect.
A red-flag phrase right after a negation ("we would never move fast and break things"),
reported as someone else's view ("some people say more data is always better") or
rejected right after it ("..., but I disagree") is not flagged: the speaker does not
hold it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core.analysis.matching import TermMatch, TokenIndex, compile_variants
from desktop_app.core.analysis.tokens import Token
from desktop_app.core.banks.model import Bank, Question
from desktop_app.core.transcript import Word

MAX_EVIDENCE = 8
NEGATION_WINDOW = 6  # tokens before a red-flag phrase searched for a negation (same clause)
NEGATORS = frozenset(
    {
        "not",
        "never",
        "no",
        "avoid",
        "avoiding",
        "without",
        "instead",
        "rather",
        "against",
        "nor",
        "stop",
        "refuse",
        "won't",
        "cannot",
    }
)


@dataclass(frozen=True)
class Evidence:
    text: str
    start: float
    end: float
    term: str
    fuzzy: bool
    word_index: int
    words: int
    # The recogniser was unsure of a word of it (probability under the uncertain bound).
    uncertain: bool = False


@dataclass(frozen=True)
class CoveredConcept:
    concept: str
    label: str
    evidence: list[Evidence]

    @property
    def uncertain(self) -> bool:
        """Credited only through words the recogniser was unsure of."""
        return bool(self.evidence) and all(e.uncertain for e in self.evidence)


@dataclass(frozen=True)
class MissingConcept:
    concept: str
    label: str
    explain: str


@dataclass(frozen=True)
class RedFlagHit:
    flag: str
    label: str
    text: str
    start: float
    end: float
    advice: str
    word_index: int
    words: int


def _evidence(m: TermMatch, tokens: Sequence[Token], words: Sequence[Word],
              uncertain_below: float = 0.0) -> Evidence:
    first, last = tokens[m.first], tokens[m.last]
    raw = " ".join(words[k].word for k in range(first.word_index, last.word_index + 1))
    return Evidence(
        text=raw.strip(" ,.;:!?\"'()"),
        start=first.start,
        end=last.end,
        term=m.term,
        fuzzy=m.fuzzy,
        word_index=first.word_index,
        words=last.word_index - first.word_index + 1,
        uncertain=m.min_probability < uncertain_below,
    )


def _without_overlaps(matches: list[TermMatch]) -> list[TermMatch]:
    """Longest match first; later matches that share a token are dropped."""
    kept: list[TermMatch] = []
    taken: set[int] = set()
    for m in sorted(matches, key=lambda m: (m.first - m.last, m.first)):
        span = set(range(m.first, m.last + 1))
        if span & taken:
            continue
        kept.append(m)
        taken |= span
    return sorted(kept, key=lambda m: m.first)


def find_coverage(
    question: Question,
    bank: Bank,
    index: TokenIndex,
    words: Sequence[Word],
    hot_stems: frozenset[str],
    min_biased_probability: float,
    uncertain_below: float = 0.0,
) -> tuple[list[CoveredConcept], list[MissingConcept]]:
    covered: list[CoveredConcept] = []
    missing: list[MissingConcept] = []
    for concept_id in question.expects:
        concept = bank.concepts.get(concept_id)
        if concept is None:  # a bank error the validator reports; nothing to match
            missing.append(MissingConcept(concept_id, concept_id, ""))
            continue
        matches: list[TermMatch] = []
        for term in concept.terms:
            for pattern in compile_variants(term):
                matches.extend(
                    m
                    for m in index.find(pattern, hot_stems)
                    if m.biased_probability >= min_biased_probability
                )
        kept = _without_overlaps(matches)
        if kept:
            # Sure evidence first: a concept is uncertain only when all of it is.
            kept.sort(key=lambda m: m.min_probability < uncertain_below)
            evidence = [_evidence(m, index.tokens, words, uncertain_below)
                        for m in kept[:MAX_EVIDENCE]]
            evidence.sort(key=lambda e: e.start)
            covered.append(CoveredConcept(concept.id, concept.label, evidence))
        else:
            missing.append(MissingConcept(concept.id, concept.label, concept.explain))
    return covered, missing


def _negated(tokens: Sequence[Token], first: int) -> bool:
    window = tokens[max(0, first - NEGATION_WINDOW) : first]
    # A clause boundary ends the negation's reach ("No. We move fast").
    for k in range(len(window) - 1, -1, -1):
        if window[k].text in NEGATORS:
            return True
        if window[k].clause_start:
            break
    return False


# Someone else's view, reported rather than held: "some people say ...", "my manager
# argued that ...". A subject of these, then a verb of saying, before the phrase.
ATTRIBUTION_SUBJECTS = frozenset(
    {"people", "others", "some", "they", "many", "folks", "critics", "he", "she",
     "manager", "boss", "leadership", "team", "everyone", "somebody", "someone"}
)
ATTRIBUTION_VERBS = frozenset(
    {"say", "says", "said", "argue", "argues", "argued", "think", "thinks", "thought",
     "claim", "claims", "claimed", "believe", "believes", "believed", "insist", "insisted",
     "suggest", "suggested", "wanted", "want", "wants", "told", "tell"}
)
ATTRIBUTION_NOUNS = (("the", "idea", "that"), ("the", "myth", "that"), ("the", "view", "that"),
                     ("the", "argument", "that"), ("the", "notion", "that"))
# The speaker rejecting what was just said: "..., but I disagree", "which is wrong".
REJECTIONS = (("i", "disagree"), ("i", "do", "not", "agree"), ("i", "would", "not", "agree"),
              ("is", "wrong"), ("is", "a", "myth"), ("is", "not", "true"), ("is", "false"),
              ("i", "reject"), ("is", "a", "mistake"), ("was", "wrong"))
REJECTION_WINDOW = 8  # tokens after a red-flag phrase searched for a rejection


def _attributed(tokens: Sequence[Token], first: int) -> bool:
    """Said as someone else's view: a subject and a verb of saying earlier in the clause."""
    k = first - 1
    saw_verb = False
    while k >= 0 and first - k <= NEGATION_WINDOW + 2:
        text = tokens[k].text
        if text in ATTRIBUTION_VERBS:
            saw_verb = True
        elif saw_verb and text in ATTRIBUTION_SUBJECTS:
            return True
        if any(_phrase_at(tokens, k, phrase) for phrase in ATTRIBUTION_NOUNS):
            return True
        if tokens[k].clause_start:
            break
        k -= 1
    return False


def _rejected_after(tokens: Sequence[Token], last: int) -> bool:
    """Rejected right after it is said, in the same or the next clause."""
    end = min(len(tokens), last + 1 + REJECTION_WINDOW)
    clauses = 0
    for k in range(last + 1, end):
        if tokens[k].clause_start:
            clauses += 1
            if clauses > 1:
                break
        if any(_phrase_at(tokens, k, phrase) for phrase in REJECTIONS):
            return True
    return False


def _phrase_at(tokens: Sequence[Token], k: int, phrase: tuple[str, ...]) -> bool:
    return (k + len(phrase) <= len(tokens)
            and all(tokens[k + j].text == word for j, word in enumerate(phrase)))


def find_red_flags(bank: Bank, index: TokenIndex, words: Sequence[Word]) -> list[RedFlagHit]:
    hits: list[RedFlagHit] = []
    for flag in bank.red_flags.values():
        matches: list[TermMatch] = []
        for term in flag.terms:
            for pattern in compile_variants(term):
                matches.extend(index.find(pattern, exact=True))
        for m in _without_overlaps(matches):
            if (_negated(index.tokens, m.first) or _attributed(index.tokens, m.first)
                    or _rejected_after(index.tokens, m.last)):
                continue
            ev = _evidence(m, index.tokens, words)
            hits.append(
                RedFlagHit(
                    flag=flag.id,
                    label=flag.label,
                    text=ev.text,
                    start=ev.start,
                    end=ev.end,
                    advice=flag.advice,
                    word_index=ev.word_index,
                    words=ev.words,
                )
            )
    return sorted(hits, key=lambda h: h.start)
