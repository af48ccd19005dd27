"""The words Review and the exports mark, and what their tooltips say."""

from __future__ import annotations

from desktop_app.core.analysis import analyze_answer
from desktop_app.core.analysis.annotate import Token, annotate
from desktop_app.core.settings import AnalysisSettings
from tests.support.analysis import sample_bank, transcript_of


def _tokens(text: str) -> list[Token]:
    bank, question = sample_bank(())
    report = analyze_answer(transcript_of(text), question, bank, AnalysisSettings(),
                            hotwords=[])
    return annotate(None, report)


def test_a_sound_written_as_a_word_says_what_was_written() -> None:
    arm = next(t for t in _tokens("Old archives. Our arm,@0.09 because more data.")
               if t.text == "arm,")
    assert "filler" in arm.tags and "uncertain" in arm.tags
    assert "Filler: “erm” (a hesitation sound, written “arm”)" in arm.notes


def test_a_filler_written_as_itself_says_only_the_filler() -> None:
    um = next(t for t in _tokens("Um, the plan is simple.") if t.text == "Um,")
    assert um.notes == ["Filler: “um”"]
