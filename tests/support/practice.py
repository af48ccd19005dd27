"""Analysed answers for the practice-plan tests: hand-written transcripts of what a
candidate said, run through the real analyser against the shipped bank."""

from __future__ import annotations

from desktop_app.core.analysis import analyze_answer
from desktop_app.core.analysis.report import Report
from desktop_app.core.banks.library import find_bank
from desktop_app.core.banks.model import Bank
from desktop_app.core.settings import Settings
from tests.support.analysis import transcript_of

BANK_ID = "ai-lab-data-pm"

# What a candidate said, by question: a weak answer and a strong one.
WEAK = {
    "cs-new-web-dataset": "so I think more data is always better and we should move fast "
                          "and just check the provenance later",
    "td-rlhf-vs-dpo": "well RLHF is what everyone uses so I would just use that",
    "ms-why-safety-lab": "I like the company and the people seem nice",
}
STRONG = {
    "cs-new-web-dataset": "first I would trace provenance and data lineage for every source, "
                          "check consent and licensing, scan for PII and personally "
                          "identifiable information, test for data poisoning, run a bias "
                          "audit, and then make a clear go/no-go call with the team",
    "td-rlhf-vs-dpo": "RLHF trains a reward model on preferences while DPO optimises the "
                      "policy directly; I would track labeler disagreement and data quality "
                      "before choosing",
    "ms-why-safety-lab": "the safety mission matters to me because data quality decides "
                         "what a model learns, hard constraints stop harm before launch, and "
                         "I look for failure modes and second-order effects",
}


def bank() -> Bank:
    return find_bank(BANK_ID, Settings())


def report_for(question_id: str, text: str, used_s: float | None = None) -> Report:
    """The real analyser's report of ``text`` said as the answer to ``question_id``, lasting
    ``used_s`` (default: inside the question's green-to-yellow band)."""
    b = bank()
    q = b.question(question_id)
    assert q is not None
    seconds = used_s if used_s is not None else (q.timing.green_s + q.timing.yellow_s) / 2
    transcript = transcript_of(text, duration_s=seconds)
    return analyze_answer(transcript, q, b, Settings().analysis)
