"""Red flags and concept terms said in other words: inserted words, dropped or replaced
function words, "B of the A"; negations and near misses still do not match.

Against the shipped default bank, whose phrases are what users are scored on.
"""

from __future__ import annotations

import pytest

from desktop_app.core.analysis import analyze_answer
from desktop_app.core.banks.library import find_bank
from desktop_app.core.settings import AnalysisSettings
from tests.support.analysis import transcript_of

BANK = find_bank("ai-lab-data-pm")


def _any_question() -> object:
    return next(q for s in BANK.stages for q in s.questions)


def flags(text: str) -> list[tuple[str, str]]:
    report = analyze_answer(transcript_of(text), _any_question(), BANK,  # type: ignore[arg-type]
                            AnalysisSettings())
    return [(r.flag, r.text) for r in report.red_flags]


@pytest.mark.parametrize(
    ("text", "flag", "evidence"),
    [
        # The issue's own sentence: two paraphrased flags in one answer.
        ("I think we should just ship first and fix things later.", "speed_over_safety",
         "ship first and fix things later"),
        ("And monitor the outputs after launch.", "reactive_only_monitoring",
         "monitor the outputs after launch"),
        ("We ship first and then fix later.", "speed_over_safety",
         "ship first and then fix later"),
        ("Honestly we can scrape basically everything.", "volume_over_provenance",
         "scrape basically everything"),
        ("We can filter toxic data out later.", "reactive_only_monitoring",
         "filter toxic data out later"),
    ],
)
def test_paraphrased_red_flags_are_found(text: str, flag: str, evidence: str) -> None:
    found = flags(text)
    assert (flag, evidence) in found, found


@pytest.mark.parametrize(
    "text",
    [
        # Negated, with the paraphrase's inserted words.
        "We would never ship first and fix things later.",
        "We should not monitor the outputs after launch only.",
        "Ship first and never fix later is not a plan.",
        # Near misses: the content words are not all there, or a clause comes between.
        "We monitor before and after launch.",
        "We ship first drafts to reviewers. Then we fix later issues.",
        "We ship first and test later.",
        "Monitor the pipeline, and after launch we review incidents weekly.",
        "The data I have done analysis on is clean.",
    ],
)
def test_negations_and_near_misses_are_not_flagged(text: str) -> None:
    assert flags(text) == [], text


def covered(text: str, concept: str) -> list[str]:
    question = next(q for s in BANK.stages for q in s.questions if concept in q.expects)
    report = analyze_answer(transcript_of(text), question, BANK, AnalysisSettings())
    return [e.text for c in report.covered if c.concept == concept for e in c.evidence]


def test_a_two_word_term_turned_round_with_of_is_credited() -> None:
    concept = next(c for c in BANK.concepts.values()
                   if any(t.lower() == "data provenance" for t in c.terms)
                   or any(t.lower() == "data lineage" for t in c.terms))
    term = next(t for t in concept.terms if t.lower() in ("data provenance", "data lineage"))
    noun = term.split()[1]
    assert covered(f"We checked the {noun} of the data first.", concept.id) == [
        f"{noun} of the data"]


def test_a_phrase_of_one_content_word_stays_exact() -> None:
    from desktop_app.core.analysis.matching import compile_term

    pattern = compile_term("the model")
    assert pattern is not None and not pattern.flexible
    flexible = compile_term("monitor it after launch")
    assert flexible is not None and flexible.flexible
    assert flexible.required == (True, False, True, True)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Some people say more data is always better, but I disagree.", False),
        ("More data is always better, which is wrong for safety work.", False),
        ("My manager argued that we should ship first and fix later.", False),
        ("There is the idea that more data is always better.", False),
        # Held by the speaker: still flagged.
        ("I think more data is always better.", True),
        ("I said we should ship first and fix later.", True),
        ("More data is always better. I disagree with the slow approach of the others, "
         "honestly we should just scrape everything and move on.", True),
    ],
)
def test_views_reported_or_rejected_are_not_flagged(text: str, flagged: bool) -> None:
    assert bool(flags(text)) is flagged, flags(text)
