"""The interviewer's one follow-up to an answer, and why it was chosen.

A real panel probes what was said carelessly before what was left out, and asks the
bank's own follow-ups only when the answer gave it nothing to push on:
1. a red flag said -> that flag's ``challenge``;
2. else the most important expected concept left out -> its ``probe`` (a plain question
   made from its label when the bank has none, so user banks work too);
3. else one of the question's ``follow_ups``.
Nothing already asked for this question is asked again: each rule falls through to its
next candidate, then to the next rule.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

from desktop_app.core.analysis.coverage import CoveredConcept, MissingConcept, RedFlagHit
from desktop_app.core.banks.model import Bank, Question

Reason = Literal["red_flag", "missing_concept", "bank"]
REASONS: tuple[Reason, ...] = ("red_flag", "missing_concept", "bank")
REASON_TEXT: dict[Reason, str] = {
    "red_flag": "the answer said something interviewers push back on",
    "missing_concept": "the answer left out something the question expects",
    "bank": "the answer covered what the question expects, so this is one of its own "
            "follow-ups",
}


@dataclass(frozen=True)
class FollowUp:
    text: str
    reason: Reason
    target: str | None  # the red flag's or concept's id; None for the bank's follow-ups

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason, "target": self.target}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FollowUp:
        """The follow-up as ``to_dict`` wrote it; ValueError for anything else."""
        text, reason, target = d.get("text"), d.get("reason"), d.get("target")
        if not isinstance(text, str) or not text.strip():
            raise ValueError("a follow-up needs its text")
        if reason not in REASONS:
            raise ValueError(f"unknown follow-up reason {reason!r}")
        if target is not None and not isinstance(target, str):
            raise ValueError("a follow-up's target is a concept or red flag id, or null")
        return cls(text, cast(Reason, reason), target)

    @property
    def why(self) -> str:
        """One plain phrase saying why this follow-up was chosen."""
        return REASON_TEXT[self.reason]


def why_text(follow_up: FollowUp, bank: Bank | None) -> str:
    """Why it was asked, naming what decided it: 'Asked because the answer left out Data
    provenance and lineage.' (the bare reason when the bank no longer has the target)."""
    target = follow_up.target or ""
    if follow_up.reason == "red_flag" and bank is not None and target in bank.red_flags:
        label = bank.red_flags[target].label
        return f"Asked because the answer {label[:1].lower() + label[1:]}."
    if follow_up.reason == "missing_concept" and bank is not None and target in bank.concepts:
        return f"Asked because the answer left out {bank.concepts[target].label}."
    return f"Asked because {follow_up.why}."


def plain_probe(label: str) -> str:
    """A probe for a concept the bank gave none: its label, asked about."""
    words = label.strip().rstrip(".")
    # Lower the first letter unless the label starts with an acronym ("RLHF (...)").
    if len(words) > 1 and words[0].isupper() and not words[1].isupper():
        words = words[0].lower() + words[1:]
    return f"You did not mention {words}. Where does it fit in your answer?"


def plain_challenge(said: str) -> str:
    """A challenge for a red flag the bank gave none: the words said, questioned."""
    return f"You said \u201c{said}\u201d. Why, and what would change your mind?"


def choose_follow_up(question: Question, bank: Bank, red_flags: Sequence[RedFlagHit],
                     missing: Sequence[MissingConcept],
                     asked: Collection[str] = ()) -> FollowUp | None:
    """The follow-up to ask after an answer, or None when every candidate was asked.

    ``red_flags`` and ``missing`` are the analysed answer's; ``asked``: the follow-up
    texts already asked for this question (from the history), compared without case."""
    seen = {a.strip().casefold() for a in asked}

    def fresh(text: str) -> bool:
        return bool(text.strip()) and text.strip().casefold() not in seen

    # 1. The first thing said that a panel would push back on, in the order it was said.
    for hit in sorted(red_flags, key=lambda h: h.start):
        flag = bank.red_flags.get(hit.flag)
        text = flag.challenge if flag and flag.challenge else plain_challenge(hit.text)
        if fresh(text):
            return FollowUp(text, "red_flag", hit.flag)
    # 2. The question lists what it expects most important first: probe in that order.
    gaps = {m.concept: m for m in missing}
    for concept_id in [c for c in question.expects if c in gaps] + [
            m.concept for m in missing if m.concept not in question.expects]:
        concept = bank.concepts.get(concept_id)
        if concept is not None and concept.probe:
            text = concept.probe
        else:
            text = plain_probe(concept.label if concept else gaps[concept_id].label)
        if fresh(text):
            return FollowUp(text, "missing_concept", concept_id)
    # 3. Nothing to push on: the question's own follow-ups, the first not yet asked.
    for text in question.follow_ups:
        if fresh(text):
            return FollowUp(text.strip(), "bank", None)
    return None


def recovered_concepts(missing: Sequence[MissingConcept],
                       follow_up_covered: Iterable[Sequence[CoveredConcept]]
                       ) -> list[CoveredConcept]:
    """The concepts the first answer left out that a follow-up answer covered ("recovered":
    said when prompted, which is worth less than said unprompted), in the first answer's
    order, each with the evidence of the first follow-up that covered it."""
    found: dict[str, CoveredConcept] = {}
    for covered in follow_up_covered:
        for c in covered:
            found.setdefault(c.concept, c)
    return [found[m.concept] for m in missing if m.concept in found]
