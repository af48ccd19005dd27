"""Praise only what earned it, and the most important finding first (real analysis, real
store, the Review page)."""

from __future__ import annotations

from typing import Any

from tests.support.qt import QUESTION_ID, store_answer, timed_transcript

# One expected concept in five (provenance), no filler, no red flag, spoken fast.
SHORT = ("data provenance matters because we need to know where every example came from "
         "and who collected it and whether the people in it agreed to that use of their "
         "words in our training sets today and next year")
# Every expected concept of the question, at an easy pace, for a good length.
FULL = ("training data is a safety constraint because provenance tells us where each "
        "example came from and data poisoning can plant a backdoor while bias in the data "
        "becomes bias in the model and specification gaming means the model exploits what "
        "the data rewards so we set hard constraints before we collect anything at all")


def _review(window: Any, text: str, wpm: float, used_s: float) -> Any:
    ctx = window.context
    bank = ctx.bank("ai-lab-data-pm")
    answer = store_answer(ctx.store(), bank, bank.question(QUESTION_ID),
                          timed_transcript(text, wpm=wpm), used_s=used_s)
    window.open_review(answer)
    return window.page("review"), ctx.store().get_report(answer).to_dict()


def _rows(box: Any) -> list[str]:
    return [box.item(i).text() for i in range(box.count())]


def test_a_short_fast_thin_answer_is_not_praised(window: Any) -> None:
    review, report = _review(window, SHORT, wpm=217, used_s=12)
    assert report["pace"]["wpm"] > 200 and report["timing"]["zone"] == "under"
    assert len(report["coverage"]["covered"]) == 1 and len(report["coverage"]["missing"]) == 4
    assert not report["fillers"]["items"] and not report["red_flags"]
    assert _rows(review.findings_list) == ["No fillers, long pauses or red flags."]
    # What matters most leads: the missing concepts, then the length, then the pace.
    areas = [f["area"] for f in report["findings"]]
    assert areas[:6] == ["coverage"] * 4 + ["timing", "pace"]
    assert [f["level"] for f in report["findings"][:6]] == ["warn"] * 6
    advice = _rows(review.advice_list)
    assert advice[0].startswith("▲  Not mentioned:")
    assert not any("▲" in a for a in advice[advice.index(next(
        a for a in advice if a.startswith("✓"))):])  # praise comes last, after problems


def test_an_answer_that_earned_it_is_praised(window: Any) -> None:
    review, report = _review(window, FULL, wpm=150, used_s=70)
    assert report["timing"]["zone"] == "green" and not report["coverage"]["missing"]
    assert all(f["level"] == "good" for f in report["findings"]), report["findings"]
    assert _rows(review.findings_list) == ["No fillers, long pauses or red flags. Well done."]
