"""The eval's scorer on hand-made truths and reports: every count it makes, and the nulls."""

from __future__ import annotations

from typing import Any

from desktop_app.evaluation.corpus import CONDITIONS
from desktop_app.evaluation.scoring import (
    METRICS,
    Tally,
    align,
    lost_sentences,
    score_report,
    score_words,
)
from desktop_app.evaluation.scripts import SCRIPTS, pieces
from desktop_app.evaluation.table import format_table
from desktop_app.evaluation.truth import FillerEvent, Sentence, Truth
from desktop_app.evaluation.words import normalise_words


def _truth() -> Truth:
    return Truth(
        duration_s=12.0,
        sentences=[Sentence(("um", "we", "check", "the", "provenance"), 0.5, 3.0),
                   Sentence(("then", "we", "run", "red", "teaming", "before", "launch"),
                            5.0, 9.0)],
        fillers=[FillerEvent(0.5, 0.8, "um", "lexical")],
        silences=[(3.0, 5.0), (9.0, 9.35)],
        speech=[(0.5, 3.0), (5.0, 9.0)],
    )


def _report(fillers: list[tuple[float, float, str]] = (),  # type: ignore[assignment]
            pauses: list[tuple[float, float]] = (),  # type: ignore[assignment]
            concepts: tuple[str, ...] = (), flags: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "fillers": {"items": [{"text": "um", "start": a, "end": b, "kind": kind}
                              for a, b, kind in fillers]},
        "pauses": [{"start": a, "end": b} for a, b in pauses],
        "coverage": {"covered": [{"concept": c} for c in concepts]},
        "red_flags": [{"flag": f} for f in flags],
    }


def test_words_are_normalised_as_a_reader_would() -> None:
    assert normalise_words("Um, the held-out DATA set; R.L.H.F. 10") == [
        "um", "the", "held", "out", "dataset", "rlhf", "ten"]


def test_alignment_counts_edits_and_marks_recognised_words() -> None:
    edits, matched = align(["a", "b", "c", "d"], ["a", "x", "c", "d", "e"])
    assert edits == 2  # one substitution, one insertion
    assert matched == [True, False, True, True]
    assert align([], ["a"])[0] == 1


def test_a_sentence_with_fewer_than_half_its_words_is_lost() -> None:
    truth = _truth()
    heard = normalise_words("Um, we check the provenance. Then red teaming.")
    tally = score_words(truth, heard, plain=heard)
    assert tally.lost == 1  # 3 of the second sentence's 7 words
    assert tally.lost_plain == 1
    half = normalise_words("Um we check the provenance then we run red")
    _, matched = align(truth.words, half)
    assert lost_sentences(truth, matched) == 0  # 4 of 7: not lost
    assert tally.metrics()["wer"] == round(4 / 12, 3)


def test_a_filler_at_the_wrong_time_is_a_false_positive() -> None:
    tally = score_report(_truth(), _report(fillers=[(7.0, 7.3, "lexical")]), (), (), 1.5)
    assert (tally.fillers_found, tally.fillers_matched, tally.fillers_true) == (1, 0, 1)
    right = score_report(_truth(), _report(fillers=[(0.9, 1.0, "lexical")]), (), (), 1.5)
    assert right.fillers_matched == 1  # within 0.3 s of the true one


def test_filled_pauses_are_counted_per_minute_only_on_answers_without_fillers() -> None:
    without = _truth()
    without.fillers.clear()
    tally = score_report(without, _report(fillers=[(3.5, 4.0, "filled_pause")]), (), (), 1.5)
    assert tally.metrics()["filled_pause_false_per_min"] == 5.0  # one in 12 s
    with_fillers = score_report(_truth(), _report(fillers=[(3.5, 4.0, "filled_pause")]),
                                (), (), 1.5)
    assert with_fillers.metrics()["filled_pause_false_per_min"] is None


def test_a_pause_0_4_s_off_is_a_miss_and_0_2_s_off_a_hit() -> None:
    off = score_report(_truth(), _report(pauses=[(3.4, 5.0)]), (), (), 1.5)
    assert (off.pauses_true, off.pauses_hit) == (1, 0)  # the 0.35 s gap is no pause
    near = score_report(_truth(), _report(pauses=[(3.2, 4.8)]), (), (), 1.5)
    assert near.pauses_hit == 1


def test_concepts_and_red_flags_against_the_labels() -> None:
    tally = score_report(_truth(), _report(concepts=("provenance", "bias"),
                                           flags=("speed_over_safety",)),
                         ("provenance", "red_teaming"), (), 1.5)
    m = tally.metrics()
    assert (m["concept_recall"], m["concept_precision"]) == (0.5, 0.5)
    assert m["red_flag_recall"] is None  # nothing to find
    assert m["red_flag_precision"] == 0.0  # a flag on an answer that raised none


def test_every_metric_is_null_without_cases_and_tallies_add_up() -> None:
    empty = Tally().metrics()
    assert all(empty[k] is None for k in METRICS if k != "seconds")
    total = Tally()
    total += score_words(_truth(), _truth().words, None)
    total += score_words(_truth(), [], None)
    assert total.cases == 2 and total.metrics()["wer"] == 0.5
    assert total.metrics()["wer_plain"] is None and total.lost == 2


def test_scripts_are_labelled_against_the_bank_and_cut_into_pieces() -> None:
    from desktop_app.core.banks.library import load_bank
    from desktop_app.evaluation.runner import bank_path

    bank = load_bank(bank_path())
    questions = {q.id: q for q in bank.all_questions()}
    for script in SCRIPTS:
        assert set(script.concepts) <= set(questions[script.question].expects), script.id
        assert set(script.red_flags) <= set(bank.red_flags), script.id
    assert pieces("{So,} <um> we ask, {uh,} for consent.") == [
        ("filler", "So,"), ("sound", "um"), ("say", "we ask,"), ("filler", "uh,"),
        ("say", "for consent.")]
    quick = [s for s in SCRIPTS if s.quick]
    assert any(not s.has_fillers for s in quick) and any(s.red_flags for s in quick)


def test_the_text_table_has_a_row_per_condition_and_overall() -> None:
    result = {"conditions": [{"name": c, **Tally().metrics()} for c in CONDITIONS],
              "overall": score_words(_truth(), _truth().words, None).metrics()}
    lines = format_table(result).splitlines()
    assert [line.split()[0] for line in lines[2:2 + len(CONDITIONS) + 1]] == [
        *CONDITIONS, "overall"]
    assert "—" in lines[2]
