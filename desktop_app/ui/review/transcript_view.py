"""The annotated transcript: words as links (click to seek), findings highlighted,
the word being played outlined as playback moves."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from desktop_app.core.analysis.annotate import Token, word_at
from desktop_app.core.transcript_cues import join_words
from desktop_app.ui.theme import current_theme
from desktop_app.ui.widgets.plain_label import plain_tooltip

TAG_ORDER = ("red_flag", "filler", "concept")  # which colour wins when tags overlap


def _written_together(before: Token, word: Token) -> bool:
    """Whisper gives "trade-off" as "trade" and "-off": shown as written, as the subtitle
    files write it (one rule for both)."""
    return (before.kind == word.kind == "word"
            and join_words([before.text, word.text]) == before.text.strip() + word.text.strip())


class TranscriptView(QTextBrowser):
    seek_requested = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName("Transcript")
        self.setToolTip("Click a word to play from there")
        self.anchorClicked.connect(self._on_anchor)
        self.tokens: list[Token] = []
        self.spans: list[tuple[int, int]] = []  # document positions per token
        self.current_index: int | None = None
        font = QFont(self.font())
        font.setPointSizeF(12.5)
        self.document().setDefaultFont(font)

    def set_tokens(self, tokens: list[Token],
                   empty_text: str = "No words were transcribed for this answer.") -> None:
        self.tokens = tokens
        self.spans = []
        self.current_index = None
        theme = current_theme()
        hl = theme.highlights
        # Built off-screen and attached at the end: inserting into the shown document
        # would lay it out again after every word (seconds for a long answer).
        doc = QTextDocument(self)
        doc.setUndoRedoEnabled(False)
        doc.setDefaultFont(self.document().defaultFont())
        cursor = QTextCursor(doc)
        block = cursor.blockFormat()
        block.setLineHeight(150, 1)  # proportional line height: easier to read and click
        cursor.setBlockFormat(block)
        plain = QTextCharFormat()
        plain.setForeground(theme.colour("text"))
        if not tokens:
            cursor.insertText(empty_text, plain)
        for i, tok in enumerate(tokens):
            if i and not _written_together(tokens[i - 1], tok):
                cursor.insertText(" ", plain)
            fmt = QTextCharFormat(plain)
            fmt.setAnchor(True)
            fmt.setAnchorHref(f"t:{i}")
            fmt.setToolTip(plain_tooltip(tok.tooltip or f"{tok.start:.1f} s"))
            if tok.kind == "pause":
                fmt.setBackground(QColor(hl["pause"]))
                fmt.setForeground(theme.colour("text_muted"))
                fmt.setFontItalic(True)
                text = f"‖ {tok.text}"
            elif tok.kind == "filled_pause":
                fmt.setBackground(QColor(hl["filler"]))
                fmt.setFontItalic(True)
                text = f"({tok.text})"
            elif tok.kind == "unclear":  # no highlight: it is not a finding, a gap in one
                fmt.setForeground(theme.colour("text_muted"))
                fmt.setFontItalic(True)
                text = f"[{tok.text}]"
            else:
                text = tok.text
                for tag in TAG_ORDER:
                    if tag in tok.tags:
                        fmt.setBackground(QColor(hl[tag]))
                        break
                if "red_flag" in tok.tags:
                    fmt.setFontUnderline(True)
                    fmt.setUnderlineColor(theme.colour("danger"))
                elif "uncertain" in tok.tags:  # a dotted line: "heard, but not surely"
                    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                    fmt.setUnderlineColor(theme.colour("text_muted"))
            start = cursor.position()
            cursor.insertText(text, fmt)
            self.spans.append((start, cursor.position()))
        self.setDocument(doc)  # the previous document (ours) is deleted by the editor
        self.setExtraSelections([])
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("t:"):
            try:
                index = int(text[2:])
            except ValueError:
                return
            if 0 <= index < len(self.tokens):
                self.seek_requested.emit(self.tokens[index].start)

    def word_text(self, index: int) -> str:
        start, end = self.spans[index]
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText()

    def highlight_time(self, t: float) -> None:
        """Outline the word spoken at ``t`` seconds (None in silences)."""
        index = word_at(self.tokens, t)
        if index == self.current_index:
            return
        self.current_index = index
        if index is None:
            self.setExtraSelections([])
            return
        hl = current_theme().highlights
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        start, end = self.spans[index]
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(hl["current"]))
        fmt.setForeground(QColor(hl["current_text"]))
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
        sel.format = fmt
        self.setExtraSelections([sel])
        # Keep the current word in view without jumping the page on every word.
        rect = self.cursorRect(cursor)
        if not self.viewport().rect().contains(rect):
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
