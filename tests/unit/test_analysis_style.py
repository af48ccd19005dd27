"""Hedges, repetition and structure on labelled answers, and their report sections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.analysis.analyzer import analyze_answer
from desktop_app.core.analysis.hedges import Hedges, find_hedges, load_hedges
from desktop_app.core.analysis.repetition import Repetition, find_repetition
from desktop_app.core.analysis.report import Report
from desktop_app.core.analysis.structure import Structure, find_structure
from desktop_app.core.analysis.tokens import tokenize
from desktop_app.core.banks.library import load_bank
from desktop_app.core.banks.model import Bank, Question, Stage, StageTiming
from desktop_app.core.errors import UserError
from desktop_app.core.settings import AnalysisSettings
from desktop_app.core.transcript import Segment, Transcript
from tests.support.banks import LINE, VALID_BANK, problem_lines, replace_line, write_bank
from tests.support.style_cases import HEDGES, REPETITION, STRUCTURE, Score, timed


def _tokens(text: str, wpm: float = 150.0):  # type: ignore[no-untyped-def]
    return tokenize(timed(text, wpm))


def hedge_score() -> Score:
    lexicon = load_hedges()
    score = Score()
    for text, truth in HEDGES:
        found = find_hedges(_tokens(text), lexicon, 60.0)
        score.add([i.text for i in found.items], truth)
    return score


def repetition_score() -> Score:
    score = Score()
    for text, question, truth in REPETITION:
        found = find_repetition(_tokens(text), question)
        score.add([" ".join(i.text.split()) for i in found.items], truth)
    return score


def structure_scores() -> dict[str, Score]:
    scores = {k: Score() for k in ("answer_first", "promise", "star", "closing")}
    for case in STRUCTURE:
        st = find_structure(_tokens(case.text, case.wpm), star=case.star is not None)
        if case.star is None:
            scores["answer_first"].add_bool(st.answer_first, case.answer_first)
        if case.promised is not None:
            scores["promise"].add_bool(
                (st.promised, st.delivered) == (case.promised, case.delivered), True
            )
        if case.star is not None and st.star is not None:
            # A part is "found missing" when the detector says it is absent.
            for part, truth in zip(("situation", "task", "action", "result"), case.star,
                                   strict=True):
                scores["star"].add_bool(not getattr(st.star, part), not truth)
        scores["closing"].add_bool(not st.closing, not case.closing)  # trailing off found
    return scores


def test_hedges_precision_and_recall_on_labelled_sentences() -> None:
    score = hedge_score()
    assert score.precision >= 0.9, score
    assert score.recall >= 0.9, score


def test_just_in_time_is_not_a_hedge_but_i_think_we_should_is() -> None:
    lexicon = load_hedges()
    found = find_hedges(_tokens("I think we should build it just-in-time."), lexicon, 6.0)
    assert [i.text for i in found.items] == ["i think"]
    assert found.per_minute == pytest.approx(10.0)


def test_the_users_hedge_file_and_extra_hedges_are_merged(stagecoach_home: Path) -> None:
    stagecoach_home.mkdir(parents=True, exist_ok=True)
    (stagecoach_home / "hedges.toml").write_text('[unconditional]\nwords = ["roughly"]\n')
    lexicon = load_hedges(["if that makes sense"])
    text = "It costs roughly ten dollars, if that makes sense."
    assert [i.text for i in find_hedges(_tokens(text), lexicon, 60).items] == [
        "roughly", "if that makes sense"]


def test_a_broken_hedge_file_is_one_sentence(stagecoach_home: Path) -> None:
    stagecoach_home.mkdir(parents=True, exist_ok=True)
    (stagecoach_home / "hedges.toml").write_text("[[rule]]\ntext = 3\nposition = 'nowhere'\n")
    with pytest.raises(UserError, match=r"The hedge lexicon .* is malformed"):
        load_hedges()


def test_repetition_precision_and_recall_on_labelled_answers() -> None:
    score = repetition_score()
    assert score.precision >= 0.8, score
    assert score.recall >= 0.8, score


def test_repetition_counts_and_times_lets_say() -> None:
    text, question, _ = REPETITION[0]
    found = find_repetition(_tokens(text), question)
    assert found.items[0].text == "let us say"
    assert found.items[0].count == 4
    assert found.items[0].starts == pytest.approx((0.0, 2.4, 5.6, 8.8))


def test_a_long_answer_earns_more_uses_of_a_phrase() -> None:
    # "let's say" 4 times in about 1,000 words is normal for a long answer.
    filler = " ".join(f"Batch{i} passed review{i}." for i in range(300))
    text = "Let's say one. " + filler + " Let's say two. Let's say three. Let's say four."
    assert find_repetition(_tokens(text), "").items == ()
    assert find_repetition(_tokens(text), "", words_per_repeat=1000).items[0].count == 4


def test_structure_detectors_on_labelled_answers() -> None:
    scores = structure_scores()
    for name, score in scores.items():
        assert score.precision >= 0.8, (name, score)
        assert score.recall >= 0.8, (name, score)


def test_a_buried_point_is_found_late_and_named() -> None:
    st = find_structure(_tokens(STRUCTURE[1].text))
    assert not st.answer_first
    assert st.position_at is not None and st.position_at > 30


def test_a_thesis_given_with_its_reason_leads_and_a_drawn_consequence_closes() -> None:
    thesis = ("Training data is a safety constraint, because provenance tells us where each "
              "example came from. Poisoning can plant a backdoor and bias in the data becomes "
              "bias in the model. So we set hard constraints before we collect anything.")
    st = find_structure(_tokens(thesis))
    assert st.answer_first and st.position_at == _tokens(thesis)[0].start
    assert st.closing
    # Background that merely has a reason is not the point, nor a reason given late.
    background = ("When I joined the team because of a reorg, we had no owner for the data. "
                  + "We talked about it for weeks and weeks with everyone involved. " * 3
                  + "It mattered because the audit was coming, and then we moved on")
    late = find_structure(_tokens(background))
    assert not late.answer_first and late.position_at is None
    assert not late.closing  # it stops on "on", after a narrative with no decision drawn


def test_a_star_story_without_its_task_names_it() -> None:
    st = find_structure(_tokens(STRUCTURE[8].text), star=True)
    assert st.star is not None and st.star.missing == ["task"]
    assert st.star.result_numbers == ("forty thousand",)


def _bank(structure: str = "") -> tuple[Bank, Question]:
    timing = StageTiming(0, 60, 90, 120)
    q = Question("q", "How would you handle a late data vendor?", "s", timing,
                 structure=structure)
    return Bank("b", "B", "", {}, {}, (Stage("s", "S", timing, (q,)),)), q


def _transcript(text: str) -> Transcript:
    words = tuple(timed(text))
    return Transcript("test", "tiny.en", "en", words[-1].end + 0.5,
                      (Segment(words[0].start, words[-1].end, text, words),))


def test_the_report_carries_the_new_sections_and_reads_them_back() -> None:
    bank, question = _bank(structure="star")
    report = analyze_answer(_transcript(STRUCTURE[8].text + " " + REPETITION[0][0]), question,
                            bank, AnalysisSettings(), hotwords=[])
    d = json.loads(json.dumps(report.to_dict()))
    assert d["delivery"] == {"pitch": None, "loudness": None}
    assert set(d["hedges"]) == {"count", "per_minute", "items"}
    assert d["repetition"]["items"][0]["text"] == "let us say"
    assert d["structure"]["star"] == {"situation": True, "task": False, "action": True,
                                      "result": True}
    assert set(d["structure"]) == {"answer_first", "position_at", "signposts", "promised",
                                   "delivered", "star", "closing"}
    back = Report.from_dict(d)
    assert back.to_dict() == d
    assert any(f.area == "structure" and "Task" in f.message for f in report.findings)
    assert any(f.area == "repetition" and "let us say" in f.message for f in report.findings)


def test_reports_without_the_sections_or_with_broken_ones_read_as_none() -> None:
    assert Hedges.from_dict(None) is None
    assert Repetition.from_dict({"items": [{"count": "many"}]}) is None
    assert Structure.from_dict({"position_at": "soon"}) is None
    assert Structure.from_dict({}) == Structure(answer_first=False, position_at=None)


def test_a_question_marked_star_is_read_and_a_wrong_structure_is_located(
        tmp_path: Path) -> None:
    lines = VALID_BANK.split("\n")
    prompt_line = LINE["q1_prompt"]
    good = replace_line(VALID_BANK, prompt_line,
                        lines[prompt_line - 1] + '\nstructure = "star"')
    path = write_bank(tmp_path, good)
    assert problem_lines(path) == []
    bank = load_bank(path)
    assert [q.structure for q in bank.all_questions()][:2] == ["star", ""]
    bad = replace_line(VALID_BANK, prompt_line, lines[prompt_line - 1] + '\nstructure = "stars"')
    problems = problem_lines(write_bank(tmp_path, bad))
    assert len(problems) == 1
    assert f":{prompt_line + 1}:" in problems[0] and "unknown structure 'stars'" in problems[0]


def test_fractions_and_times_are_not_signposts() -> None:
    st = find_structure(_tokens("Disagreement fell by a third, and it took a second, then "
                                "the first time we tried it worked. Two thirds stayed."))
    assert st.signposts == ()
