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


def test_unclear_speech_is_marked_between_the_words_in_review_and_exports() -> None:
    import dataclasses

    from desktop_app.core.analysis.pauses import UnclearSpeech
    from desktop_app.core.analysis.render import render_markdown
    from desktop_app.core.analysis.render_html import render_html

    bank, question = sample_bank(())
    report = analyze_answer(transcript_of("We start here. [2.5] Then we end."), question,
                            bank, AnalysisSettings(), hotwords=[])
    report = dataclasses.replace(report, unclear_speech=[UnclearSpeech(1.4, 3.6)])
    tokens = annotate(None, report)
    [marker] = [t for t in tokens if t.kind == "unclear"]
    assert marker.text == "unclear speech, 2.2 s"
    texts = [t.text for t in tokens]
    assert texts.index("here.") < tokens.index(marker) < texts.index("Then")
    assert "*[unclear speech 2.2 s]*" in render_markdown(report)
    assert "unclear speech 2.2 s</span>" in render_html(report)


def test_a_held_sound_a_word_was_stretched_over_is_shown_before_the_word() -> None:
    import dataclasses

    from desktop_app.core.analysis.render import render_markdown
    from desktop_app.core.analysis.report import FillerItem
    from desktop_app.core.transcript import Segment, Transcript, Word

    # The recogniser timed "Then" over a 2 s "uhhh" and the silence after it.
    words = (Word("we", 3.5, 3.8), Word("collect.", 3.8, 4.6), Word("Then", 4.6, 7.1, 0.07),
             Word("we", 7.1, 7.4), Word("check.", 7.4, 7.9))
    transcript = Transcript("test", "t", "en", 8.5,
                            (Segment(3.5, 7.9, "we collect. Then we check.", words),))
    bank, question = sample_bank(())
    report = analyze_answer(transcript, question, bank, AnalysisSettings(), hotwords=[])
    report = dataclasses.replace(report, fillers=[
        FillerItem("(filled pause)", 4.7, 6.3, "filled_pause")])
    tokens = annotate(None, report)
    assert [t.text for t in tokens] == ["we", "collect.", "uh…", "Then", "we", "check."]
    assert tokens[2].notes == ["Filled pause of 1.6 s (a voiced “uh” or “um”)"]
    assert "collect. *[filled pause 1.6 s]* Then" in render_markdown(report)
