"""The banks shipped in question_banks/: valid, and as complete as the app promises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop_app.core import paths
from desktop_app.core.banks.library import DEFAULT_BANK_ID, load_bank, validate_bank_file
from desktop_app.core.banks.model import Bank

SHIPPED = sorted(paths.shipped_banks_dir().glob("*.toml"))


def _bank(name: str) -> Bank:
    return load_bank(paths.shipped_banks_dir() / name)


def test_there_are_shipped_banks() -> None:
    assert [p.name for p in SHIPPED] == ["ai-lab-data-pm.toml", "behavioural-star.toml"]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_bank_validates(path: Path) -> None:
    assert validate_bank_file(path) == []
    bank = load_bank(path)
    assert bank.id == path.stem  # the file is named after its id
    for question in bank.all_questions():
        assert 3 <= len(question.expects) <= 6, question.id
        assert 1 <= len(question.follow_ups) <= 3, question.id
        assert question.prompt.endswith(("?", ".")), question.id
    for concept in bank.concepts.values():
        assert concept.terms and concept.explain, concept.id
    for flag in bank.red_flags.values():
        assert flag.terms and flag.advice, flag.id
    used = {c for q in bank.all_questions() for c in q.expects}
    assert used == set(bank.concepts), "every concept is expected by some question"


def test_default_bank_has_the_five_stages_in_order() -> None:
    bank = _bank("ai-lab-data-pm.toml")
    assert bank.id == DEFAULT_BANK_ID
    assert [s.title for s in bank.stages] == [
        "Mission-alignment screen",
        "Data case study",
        "Technical deep dive",
        "Safety and ethics simulation",
        "Final cross-functional loop",
    ]
    assert [len(s.questions) for s in bank.stages] == [9, 9, 9, 9, 9]
    assert len(bank.concepts) >= 25
    # The example from the design document exists as written there.
    q = bank.question("cs-helpful-vs-harmful")
    assert q is not None and q.stage_id == "case-study"
    assert {"provenance", "red_teaming", "bias"} <= set(q.expects)


def test_default_bank_timings_fit_each_stage() -> None:
    timing = {s.id: s.timing for s in _bank("ai-lab-data-pm.toml").stages}
    screen = timing["mission-screen"]
    assert (screen.prep_s, screen.green_s, screen.yellow_s, screen.red_s) == (20, 60, 90, 120)
    case = timing["case-study"]
    assert 60 <= case.prep_s <= 120  # time to structure the case before answering
    assert case.green_s >= 180 and case.red_s >= 360  # several minutes of analysis
    for t in timing.values():
        assert 0 < t.green_s < t.yellow_s < t.red_s


def test_default_bank_covers_the_required_concepts() -> None:
    bank = _bank("ai-lab-data-pm.toml")
    required = [
        "provenance", "bias", "adversarial_robustness", "data_poisoning", "red_teaming",
        "rlhf", "dpo", "reward_modeling", "annotator_calibration", "labeler_disagreement",
        "harm_taxonomy", "specification_gaming", "distribution_shift",
        "granularity_token_cost", "consent_licensing", "pii", "evaluation_sets", "go_no_go",
        "audit_documentation",
    ]
    assert set(required) <= set(bank.concepts)
    terms = {cid: {t.lower() for t in c.terms} for cid, c in bank.concepts.items()}
    # Acronyms: as written, letter by letter (as speech recognition writes them) and
    # spelled out.
    for cid, acronym, spelled in [
        ("rlhf", "rlhf", "reinforcement learning from human feedback"),
        ("dpo", "dpo", "direct preference optimization"),
        ("pii", "pii", "personally identifiable information"),
    ]:
        assert {acronym, " ".join(acronym), spelled} <= terms[cid], cid
    assert "lineage" in terms["provenance"]


def test_default_bank_red_flags_are_specific_phrases() -> None:
    bank = _bank("ai-lab-data-pm.toml")
    flags = bank.red_flags
    assert {"speed_over_safety", "volume_over_provenance", "reactive_only_monitoring",
            "roadmap_without_premise"} <= set(flags)
    assert {"move fast", "break things", "ship first and fix later"} <= set(
        flags["speed_over_safety"].terms)
    assert {"we'll just monitor", "filter it afterwards"} <= set(
        flags["reactive_only_monitoring"].terms)
    for flag in flags.values():
        for term in flag.terms:
            # A single common word would fire on good answers ("we monitor drift...").
            assert len(term.split()) >= 2, (flag.id, term)


def test_no_red_flag_phrase_appears_in_any_prompt_or_concept_term() -> None:
    for path in SHIPPED:
        bank = load_bank(path)
        texts = [q.prompt.lower() for q in bank.all_questions()]
        texts += [t.lower() for c in bank.concepts.values() for t in c.terms]
        for flag in bank.red_flags.values():
            for term in flag.terms:
                pattern = re.compile(rf"\b{re.escape(term.lower())}\b")
                assert not any(pattern.search(t) for t in texts), (flag.id, term)


def test_behavioural_bank_has_star_questions() -> None:
    bank = _bank("behavioural-star.toml")
    assert len(bank.all_questions()) >= 15
    assert {"situation", "task", "action", "result", "metrics_impact", "learning",
            "ownership", "conflict_resolution", "stakeholder_management"} <= set(bank.concepts)
    ids = [q.id for q in bank.all_questions()]
    assert len(ids) == len(set(ids))
