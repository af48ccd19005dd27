"""The follow-up's JSON form, kept in reports and in the history, read back exactly."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from desktop_app.core.analysis import analyze_answer
from desktop_app.core.analysis.follow_up import FollowUp, plain_probe, why_text
from desktop_app.core.analysis.report import Report
from desktop_app.core.settings import AnalysisSettings
from tests.support.analysis import sample_bank, transcript_of


def test_a_follow_up_round_trips() -> None:
    fu = FollowUp("Where did the data come from?", "missing_concept", "provenance")
    assert fu.to_dict() == {"text": "Where did the data come from?",
                            "reason": "missing_concept", "target": "provenance"}
    assert FollowUp.from_dict(fu.to_dict()) == fu
    assert FollowUp.from_dict({"text": "Why?", "reason": "bank", "target": None}).target is None


@pytest.mark.parametrize("bad", [
    {"reason": "bank", "target": None},
    {"text": " ", "reason": "bank", "target": None},
    {"text": "Why?", "reason": "mood", "target": None},
    {"text": "Why?", "reason": "red_flag", "target": 3},
])
def test_a_malformed_follow_up_is_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        FollowUp.from_dict(bad)


def test_plain_probes_keep_acronyms() -> None:
    assert plain_probe("Data provenance and lineage") == (
        "You did not mention data provenance and lineage. Where does it fit in your answer?")
    assert plain_probe("RLHF (human feedback)").startswith("You did not mention RLHF (human")


def test_the_report_keeps_its_follow_up_through_json() -> None:
    bank, question = sample_bank()
    report = analyze_answer(transcript_of("We track provenance for every record."),
                            question, bank, AnalysisSettings())
    assert report.follow_up is not None
    # rlhf is the first expected concept left out, and the test bank has no probes.
    assert (report.follow_up.reason, report.follow_up.target) == ("missing_concept", "rlhf")
    assert report.follow_up.text == ("You did not mention RLHF. Where does it fit in your "
                                     "answer?")
    data = report.to_dict()
    again = Report.from_dict(data)
    assert again.follow_up == report.follow_up and again.to_dict() == data
    # A report stored before follow-ups existed reads with none.
    del data["follow_up"]
    assert Report.from_dict(data).follow_up is None


def test_why_names_what_decided_the_follow_up() -> None:
    bank, _question = sample_bank()
    assert why_text(FollowUp("Why?", "red_flag", "speed_over_safety"), bank) == (
        "Asked because the answer trades safety for speed.")
    assert why_text(FollowUp("Where from?", "missing_concept", "provenance"), bank) == (
        "Asked because the answer left out Data provenance and lineage.")
    assert why_text(FollowUp("What now?", "bank", None), bank) == (
        "Asked because the answer covered what the question expects, so this is one of its "
        "own follow-ups.")
    assert why_text(FollowUp("Where from?", "missing_concept", "gone"), None) == (
        "Asked because the answer left out something the question expects.")


def test_the_markdown_and_html_reports_show_the_follow_up() -> None:
    from desktop_app.core.analysis.render import render_html, render_markdown

    bank, question = sample_bank()
    report = analyze_answer(transcript_of("We track provenance for every record."),
                            question, bank, AnalysisSettings())
    md = render_markdown(report)
    assert ("## The interviewer's follow-up\n\n> You did not mention RLHF. Where does it fit "
            "in your answer?\n\nAsked because the answer left out something the question "
            "expects.") in md
    html = render_html(report)
    assert ("<h2>The interviewer's follow-up</h2><blockquote>You did not mention RLHF. Where "
            "does it fit in your answer?</blockquote>") in html
    assert "interviewer's follow-up" not in render_markdown(
        dataclasses.replace(report, follow_up=None))


def test_a_follow_up_answers_report_names_the_question_it_followed() -> None:
    from desktop_app.core.analysis.render import render_html, render_markdown

    bank, question = sample_bank()
    asked = dataclasses.replace(question, prompt="Where does RLHF fit?")
    report = analyze_answer(transcript_of("Preference labels train the reward model."),
                            asked, bank, AnalysisSettings())
    md = render_markdown(report, follows="How would you build the data pipeline?")
    assert ("A follow-up to: How would you build the data pipeline?\n\n"
            "> Where does RLHF fit?") in md
    html = render_html(report, follows="Is A < B?")
    assert ('<p class="meta">A follow-up to: Is A &lt; B?</p>'
            '<p class="prompt">Where does RLHF fit?</p>') in html
    # A first answer names no other question.
    assert "A follow-up to" not in render_markdown(report)
    assert "A follow-up to" not in render_html(report)
