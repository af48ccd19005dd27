"""Review shows speech the recogniser could not make out where it was, unhighlighted."""

from __future__ import annotations

from typing import Any

from desktop_app.core.analysis.annotate import Token
from desktop_app.ui.review.transcript_view import TranscriptView


def test_unclear_speech_sits_between_the_words_with_its_note(qtbot: Any) -> None:
    view = TranscriptView()
    qtbot.addWidget(view)
    note = "2.2 s of speech the recogniser could not make out: listen back"
    view.set_tokens([
        Token("word", "We", 0.0, 0.3), Token("word", "start.", 0.4, 0.8),
        Token("unclear", "unclear speech, 2.2 s", 1.0, 3.2, set(), [note]),
        Token("word", "Then", 3.4, 3.7),
    ])
    assert view.toPlainText() == "We start. [unclear speech, 2.2 s] Then"
    start = view.spans[2][0]
    cursor = view.textCursor()
    cursor.setPosition(start + 1)
    fmt = cursor.charFormat()
    assert fmt.fontItalic() and fmt.toolTip() == note
    assert fmt.background().style().name == "NoBrush"  # not a finding: no highlight
