"""Concept coverage and red flags: stemming, phrases, acronyms, fuzzy limits, biasing."""

from __future__ import annotations

import dataclasses

import pytest

from desktop_app.core.analysis import analyze_answer, expected_hotwords
from desktop_app.core.banks.model import Concept
from desktop_app.core.settings import AnalysisSettings
from desktop_app.core.transcript import Segment, Transcript, Word
from tests.support.analysis import sample_bank, transcript_of


def covered(text: str, expects: tuple[str, ...], hotwords: list[str] | None = None
            ) -> dict[str, list[str]]:
    bank, question = sample_bank(expects)
    report = analyze_answer(transcript_of(text), question, bank, AnalysisSettings(),
                            hotwords=[] if hotwords is None else hotwords)
    return {c.concept: [e.text for e in c.evidence] for c in report.covered}


@pytest.mark.parametrize(
    ("text", "concept", "evidence"),
    [
        ("We trace the lineage of each set.", "provenance", ["lineage"]),
        ("Provenance matters.", "provenance", ["Provenance"]),
        ("We know where the data came from.", "provenance", ["where the data came from"]),
        ("We red-teamed it.", "red_teaming", ["red-teamed"]),
        ("Red teaming found issues.", "red_teaming", ["Red teaming"]),
        ("Adversarial tests found issues.", "red_teaming", ["Adversarial tests"]),
        ("The biases were large.", "bias", ["biases"]),
        ("We used RLHF.", "rlhf", ["RLHF"]),
        ("We used rlhf.", "rlhf", ["rlhf"]),
        ("We used R L H F.", "rlhf", ["R L H F"]),
        ("We used R.L.H.F. here.", "rlhf", ["R.L.H.F"]),
        ("We used RL HF here.", "rlhf", ["RL HF"]),
        ("We used R-L-H-F here.", "rlhf", ["R-L-H-F"]),
        ("The heldout set.", "evaluation", ["heldout set"]),
        ("Reinforcement learning from human feedback helps.", "rlhf",
         ["Reinforcement learning from human feedback"]),
        ("We removed P I I first.", "pii", ["P I I"]),
        ("Tokenisation costs money.", "tokenization", ["Tokenisation"]),
        ("Tokenizations differ.", "tokenization", ["Tokenizations"]),
        ("The studies found bias.", "bias", ["bias"]),
        ("It was biased.", "bias", ["biased"]),
        ("The tokanization step.", "tokenization", ["tokanization"]),  # ASR misspelling
    ],
)
def test_terms_match(text: str, concept: str, evidence: list[str]) -> None:
    assert covered(text, (concept,)).get(concept) == evidence


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("The bass was loud.", "bias"),  # short words never fuzzy-match
        ("Pick a date.", "data"),
        ("We had a lineup of tests.", "provenance"),
        ("Red is a colour; teaming up helps.", "red_teaming"),  # phrase broken apart
        ("The data came from logs.", "provenance"),  # not the whole phrase
        ("Our real life help.", "rlhf"),
        ("R L H is not enough.", "rlhf"),
        ("Token costs.", "tokenization"),
        ("The unbiased estimate.", "bias"),  # a different word, not an inflection
        ("A proven method.", "provenance"),  # same Snowball stem, different word
        ("Split the text into tokens.", "tokenization"),
    ],
)
def test_near_misses_do_not_match(text: str, concept: str) -> None:
    assert concept not in covered(text, (concept,))


def test_low_probability_biased_term_is_not_credited() -> None:
    text = "We trace the provenance@0.01 of data."
    assert "provenance" not in covered(text, ("provenance",), hotwords=["provenance"])
    # Without biasing, the recogniser's low confidence is not held against it.
    assert covered(text, ("provenance",), hotwords=[]) == {"provenance": ["provenance"]}
    # A confident occurrence counts even with biasing.
    assert covered("Provenance@0.9 again.", ("provenance",), hotwords=["provenance"])
    # Another occurrence with good probability still credits the concept.
    got = covered("The provenance@0.02 and lineage.@0.8", ("provenance",), ["provenance"])
    assert got == {"provenance": ["lineage"]}


def test_default_hotwords_are_the_expected_terms() -> None:
    bank, question = sample_bank(("provenance",))
    report = analyze_answer(transcript_of("Provenance@0.01 matters."), question, bank,
                            AnalysisSettings())
    assert [m.concept for m in report.missing] == ["provenance"]
    assert "provenance" in report.hotwords


def test_missing_concepts_carry_explain() -> None:
    bank, question = sample_bank(("provenance", "bias"))
    d = analyze_answer(transcript_of("Bias matters."), question, bank, AnalysisSettings(),
                       hotwords=[]).to_dict()
    assert d["coverage"]["missing"] == ["provenance"]
    assert d["coverage"]["missing_detail"] == [
        {"concept": "provenance", "label": "Data provenance and lineage",
         "explain": "Interviewers want to know you can trace every example."}
    ]
    assert d["coverage"]["covered"][0]["evidence"][0] == {
        "text": "Bias", "start": 0.0, "end": 0.3, "term": "bias", "fuzzy": False,
        "word_index": 0, "words": 1, "uncertain": False}


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("We should move fast here.", ["move fast"]),
        ("We moved fast and kept breaking things.", ["moved fast", "breaking things"]),
        ("Ship first and fix later is my motto.", ["Ship first and fix later"]),
        ("We would never move fast and break things.", []),
        ("We don't move fast.", []),
        ("No. We move fast.", ["move fast"]),
        ("The fast movers win.", []),
    ],
)
def test_red_flags(text: str, flagged: list[str]) -> None:
    bank, question = sample_bank(())
    report = analyze_answer(transcript_of(text), question, bank, AnalysisSettings())
    assert [r.text for r in report.red_flags] == flagged
    for r in report.red_flags:
        assert r.advice == "Treat safety constraints as hard boundaries."


def test_red_flag_json_has_design_fields_and_advice() -> None:
    bank, question = sample_bank(())
    d = analyze_answer(transcript_of("Well we move fast."), question, bank,
                       AnalysisSettings()).to_dict()
    flag = d["red_flags"][0]
    assert {k: flag[k] for k in ("flag", "text", "start")} == {
        "flag": "speed_over_safety", "text": "move fast", "start": 0.8}
    assert flag["label"] == "Trades safety for speed"
    assert flag["advice"]


def test_expected_hotwords_are_short_and_distinctive() -> None:
    bank, question = sample_bank()
    words = expected_hotwords(question, bank)
    assert words[:5] == ["provenance", "RLHF", "red teaming", "bias", "tokenization"]
    assert len(", ".join(words)) <= 200
    assert "where the data came from" not in words  # long phrases are no hotwords
    assert len(", ".join(expected_hotwords(question, bank, max_chars=30))) <= 30


def _with_probability(text: str, unsure: set[str]) -> Transcript:
    """``text`` with the words in ``unsure`` heard at probability 0.1 (others 0.95)."""
    t = transcript_of(text)
    words = tuple(Word(w.word, w.start, w.end, 0.1 if w.word.strip(".,") in unsure else 0.95)
                  for w in t.words)
    return Transcript(t.engine, t.model, t.language, t.duration_s,
                      (Segment(words[0].start, words[-1].end, t.text, words),))


def test_a_concept_credited_only_through_an_unsure_word_says_so() -> None:
    bank, question = sample_bank(("provenance", "bias"))
    d = analyze_answer(_with_probability("Provenance and bias matter.", {"Provenance"}),
                       question, bank, AnalysisSettings(), hotwords=[]).to_dict()
    covered = {c["concept"]: c for c in d["coverage"]["covered"]}
    assert covered["provenance"]["uncertain"] is True
    assert covered["provenance"]["evidence"][0]["uncertain"] is True
    assert covered["bias"]["uncertain"] is False
    assert d["analysis"]["uncertain_probability"] == 0.35
    notes = [f for f in d["findings"] if f["area"] == "coverage"]
    assert [f["level"] for f in notes] == ["note"]
    assert "unsure" in notes[0]["message"] and "Provenance" in notes[0]["message"]
    # No praise for full coverage resting on a word the recogniser doubted.
    assert not any("Every expected concept" in f["message"] for f in d["findings"])


def test_one_sure_mention_makes_the_concept_certain() -> None:
    bank, question = sample_bank(("provenance",))
    d = analyze_answer(_with_probability("Provenance first, and lineage too.", {"Provenance"}),
                       question, bank, AnalysisSettings(), hotwords=[]).to_dict()
    (cov,) = d["coverage"]["covered"]
    assert cov["uncertain"] is False
    assert [e["uncertain"] for e in cov["evidence"]] == [True, False]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A verb's participle says what its nominalisation says.
        ("Every dialect would be represented.", ["represented"]),
        ("We kept representing each dialect.", ["representing"]),
        ("The findings were documented.", ["documented"]),
        ("The policy was reinforced.", ["reinforced"]),
        # The terms themselves, and their plurals, as before.
        ("Each representative sample.", ["representative"]),
        ("Documentations differ.", ["Documentations"]),
        # A plural or bare form is not the participle: it stays apart from the noun.
        ("The specifics matter.", []),
        ("Their motives differ.", []),
        ("It represents a dialect.", []),
    ],
)
def test_participles_match_their_nominalisations(text: str, found: list[str]) -> None:
    bank, question = sample_bank(("family",))
    family = Concept("family", "Word family", ("representative", "documentation",
                                               "reinforcement", "specification", "motivation"),
                     "")
    bank = dataclasses.replace(bank, concepts={**bank.concepts, "family": family})
    report = analyze_answer(transcript_of(text), question, bank, AnalysisSettings(), hotwords=[])
    got = {c.concept: [e.text for e in c.evidence] for c in report.covered}
    assert got.get("family", []) == found
