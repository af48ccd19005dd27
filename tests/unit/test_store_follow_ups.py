"""Follow-up answers in the history store (real SQLite): linked to their parent, asked once
per question, deleted and brought back with their parent, recovered concepts counted."""

from __future__ import annotations

import json
import time

from desktop_app.core.analysis.coverage import CoveredConcept, MissingConcept
from desktop_app.core.analysis.follow_up import FollowUp, recovered_concepts
from desktop_app.core.analysis.report import Report
from desktop_app.core.history import follow_ups
from desktop_app.core.history.store import Store
from desktop_app.pipeline.follow_up import asked_question, follow_up_question, follow_up_timing
from tests.support.analysis import sample_bank

PROBE = FollowUp("Where did the data come from?", "missing_concept", "provenance")
CHALLENGE = FollowUp("What would have to be true before you would ship?", "red_flag",
                     "speed_over_safety")


def _report(covered: list[str], missing: list[str], flags: tuple[str, ...] = ()) -> Report:
    return Report.from_dict({
        "question": {"bank": "test-bank", "stage": "case-study", "id": "q1"},
        "timing": {"used_s": 30.0, "zone": "green"},
        "coverage": {"covered": [{"concept": c, "evidence": []} for c in covered],
                     "missing": missing},
        "red_flags": [{"flag": f, "text": "move fast", "start": 1.0} for f in flags],
    })


def test_a_follow_up_is_linked_to_its_parent_and_counted_as_asked() -> None:
    with Store() as store:
        sid = store.create_session()
        parent = store.create_answer(sid, "test-bank", "case-study", "q1")
        first = store.create_answer(sid, "test-bank", "case-study", "q1")
        second = store.create_answer(sid, "test-bank", "case-study", "q1")
        other = store.create_answer(sid, "test-bank", "case-study", "q2")
        follow_ups.link(store, first, parent, PROBE)
        follow_ups.link(store, second, parent, CHALLENGE)
        assert [(a.answer_id, a.follow_up) for a in follow_ups.follow_ups_of(store, parent)] \
            == [(first, PROBE), (second, CHALLENGE)]
        asked = follow_ups.parent_of(store, first)
        assert asked is not None and (asked.parent_id, asked.follow_up) == (parent, PROBE)
        assert follow_ups.parent_of(store, parent) is None
        assert follow_ups.asked_for_question(store, "q1") == [PROBE.text, CHALLENGE.text]
        assert follow_ups.asked_for_question(store, "q2") == []
        assert follow_ups.follow_up_ids(store) == {first, second}
        row = store._query("SELECT parent_answer_id, follow_up_json FROM answers WHERE id = ?",
                           (first,))[0]
        assert row["parent_answer_id"] == parent
        assert json.loads(row["follow_up_json"]) == PROBE.to_dict()
        assert other not in follow_ups.follow_up_ids(store)


def test_deleting_a_parent_takes_its_follow_ups_and_undo_brings_them_back() -> None:
    with Store() as store:
        sid = store.create_session()
        parent = store.create_answer(sid, "b", "s", "q")
        child = store.create_answer(sid, "b", "s", "q")
        alone = store.create_answer(sid, "b", "s", "q")
        follow_ups.link(store, child, parent, PROBE)
        follow_ups.link(store, alone, parent, CHALLENGE)
        assert follow_ups.delete_with_follow_ups(store, alone)  # a follow-up on its own
        assert store.get_answer(parent) is not None
        assert follow_ups.delete_with_follow_ups(store, parent)
        assert store.get_answer(parent) is None and store.get_answer(child) is None
        assert follow_ups.asked_for_question(store, "q") == []
        assert follow_ups.restore_with_follow_ups(store, parent)
        assert store.get_answer(parent) is not None and store.get_answer(child) is not None
        assert store.get_answer(alone) is None  # deleted before, on its own: stays deleted
        assert follow_ups.delete_with_follow_ups(store, parent)
        # Purged together: the follow-ups go first, as their link may not outlive the parent.
        assert store.purge_deleted(0, now=time.time() + 60) == 3
        assert store._query("SELECT COUNT(*) AS n FROM answers")[0]["n"] == 0


def test_recovered_concepts_are_those_the_follow_up_covered() -> None:
    missing = [MissingConcept("provenance", "Provenance", ""), MissingConcept("rlhf", "RLHF", "")]
    later = [[CoveredConcept("bias", "Bias", [])],
             [CoveredConcept("rlhf", "RLHF", []), CoveredConcept("bias", "Bias", [])]]
    assert [c.concept for c in recovered_concepts(missing, later)] == ["rlhf"]
    assert recovered_concepts([], later) == []


def test_a_follow_up_is_timed_with_its_stage_budget() -> None:
    bank, question = sample_bank()
    timing = follow_up_timing(bank, question)  # no follow_up_s: a third of red (120 s)
    assert (timing.prep_s, timing.green_s, timing.yellow_s, timing.red_s) == (0, 20, 30, 40)
    asked = follow_up_question(bank, question, PROBE)
    assert asked.prompt == PROBE.text and asked.id == question.id
    assert asked.expects == question.expects and asked.timing == timing


def test_a_follow_up_answer_is_analysed_again_against_what_it_was_asked() -> None:
    # "Transcribe again" on a follow-up answer used the first question: its prompt, its
    # two-minute clock and all its concepts, so the follow-up's report changed meaning.
    bank, question = sample_bank()
    with Store() as store:
        sid = store.create_session()
        parent = store.create_answer(sid, "test-bank", "case-study", "q1")
        first = store.create_answer(sid, "test-bank", "case-study", "q1")
        second = store.create_answer(sid, "test-bank", "case-study", "q1")
        store.save_report(parent, _report(["red_teaming", "bias"], ["provenance", "rlhf"]))
        follow_ups.link(store, first, parent, PROBE)
        follow_ups.link(store, second, parent, CHALLENGE)
        store.save_report(first, _report(["provenance"], ["rlhf"]))
        assert asked_question(store, bank, question, parent) is question
        asked_first = asked_question(store, bank, question, first)
        assert asked_first.prompt == PROBE.text and asked_first.timing.red_s == 40
        # It was asked when provenance and RLHF were missing; what it recovered stays
        # expected, so analysed again it shows as recovered, not as unasked.
        assert asked_first.expects == ("provenance", "rlhf")
        asked_second = asked_question(store, bank, question, second)
        assert asked_second.prompt == CHALLENGE.text
        assert asked_second.expects == ("rlhf",)  # provenance came back in the first one
