"""A mock interview's scorecard from the store: every stage in order, skipped ones said,
text written safely in Markdown and HTML."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desktop_app.core.analysis.report import Report
from desktop_app.core.banks.library import find_bank
from desktop_app.core.history.store import Store
from desktop_app.core.interview.scorecard import (
    build_scorecard,
    render_html,
    render_markdown,
    write_scorecard,
)


def test_scorecard_of_a_stored_mock_interview(stagecoach_home: Path, tmp_path: Path) -> None:
    bank = find_bank("ai-lab-data-pm")
    question = bank.stages[1].questions[0]
    with Store() as store:
        session = store.create_session("mock")
        answer = store.create_answer(session, bank.id, question.stage_id, question.id)
        store.mark_recorded(answer, 95.0)
        store.save_report(answer, Report.from_dict({
            "timing": {"used_s": 95.0, "zone": "green"}, "pace": {"wpm": 141.2},
            "fillers": {"per_minute": 2.5}, "red_flags": [{"flag": "x"}],
            "coverage": {"covered": [{"concept": "bias"}], "missing": ["provenance"]}}))
        card = build_scorecard(store, bank, session)
    assert [s.answered for s in card.stages] == [i == 1 for i in range(len(bank.stages))]
    done = card.stages[1]
    assert (done.zone, done.wpm, done.red_flags) == ("green", 141.2, 1)
    assert done.missed == (bank.concepts["provenance"].label,)
    assert card.overall() == (f"1 of {len(bank.stages)} stages answered in 1.6 minutes; 1 "
                              "finished in the green or yellow zone; average coverage 50 %; "
                              "1 red flag.")
    md = render_markdown(card)
    row = next(line for line in md.splitlines() if line.startswith(f"| {bank.stages[1].title}"))
    assert row.split(" | ")[1:7] == ["1:35", "Green", "141", "2.5", "50 %", "1"]
    out = write_scorecard(tmp_path / "card", card)
    assert out.suffix == ".md" and oct(out.stat().st_mode & 0o777) == "0o600"


def test_bank_text_cannot_break_the_table_or_the_page(stagecoach_home: Path) -> None:
    bank = find_bank("ai-lab-data-pm")
    with Store() as store:
        card = build_scorecard(store, bank, store.create_session("mock"))
    odd = replace(card, bank_title="A | <script>x</script>",
                  stages=(replace(card.stages[0], stage="Screen | <b>one</b>"),))
    md = render_markdown(odd)
    assert "| Screen \\| <b>one</b> | skipped |" in md
    assert "No answers were recorded" in md
    page = render_html(odd)
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>one</b>" not in page
