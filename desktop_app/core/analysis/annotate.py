"""The one rule that places the report's findings on the transcript's words.

Review highlights and seeks with these tokens, and the Markdown and HTML reports mark
their words from the same tokens (render_marks), so an exported report and the Review page
can never highlight different words. The report says *what* was found and *when*; a
finding that gives its word index (and word count) marks exactly those words, else the
word starting at its time (within 50 ms, or the nearest word covering it). Pauses and
filled pauses have no word: they become markers between words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_app.core.analysis.report import Report
from desktop_app.core.analysis.tokens import normalise_word
from desktop_app.core.transcript import Transcript

TOLERANCE_S = 0.05
FILLED_PAUSE_SHOWN = "uh…"  # a filled pause has no word: Review shows this in its place


@dataclass
class Token:
    kind: str  # "word", "pause", "filled_pause", "unclear" (speech no word was heard in)
    text: str
    start: float
    end: float
    tags: set[str] = field(default_factory=set)  # "filler", "concept", "red_flag", "uncertain"
    notes: list[str] = field(default_factory=list)  # tooltips: what was found here

    @property
    def tooltip(self) -> str:
        return "\n".join(self.notes)


def _first_word_at(words: list[Token], start: float) -> int | None:
    """Index of the word starting at ``start`` (or the nearest one covering it)."""
    best: int | None = None
    best_gap = 1e9
    for i, w in enumerate(words):
        if w.start - TOLERANCE_S <= start <= w.end + TOLERANCE_S:
            gap = abs(w.start - start)
            if gap < best_gap:
                best, best_gap = i, gap
        elif w.start > start + 1.0:
            break
    return best


def _mark(words: list[Token], start: float, text: str, tag: str, note: str,
          index: int | None = None, count: int | None = None) -> bool:
    """Tag the word(s) a finding covers: by the report's word index when it gives one
    (exact), else by time (the word starting at ``start``)."""
    if not (index is not None and 0 <= index < len(words)):
        index = _first_word_at(words, start)
    if index is None:
        return False
    span = count if count is not None and count > 0 else max(1, len(text.split()))
    for w in words[index:index + span]:
        w.tags.add(tag)
        if note not in w.notes:
            w.notes.append(note)
    return True


def _filler_note(filler: str, words: list[Token], index: int | None) -> str:
    """What the tooltip says of a filler; a sound the recogniser wrote as another word
    ("arm" for "erm") says what was written, or the word would look accused."""
    note = f"Filler: “{filler}”"
    if index is not None and 0 <= index < len(words) and " " not in filler:
        written = " ".join(normalise_word(words[index].text))
        if written and written != filler:
            note += f" (a hesitation sound, written “{written}”)"
    return note


def annotate(transcript: Transcript | None, report: Report | None,
             concept_labels: dict[str, str] | None = None,
             flag_labels: dict[str, str] | None = None) -> list[Token]:
    """Words in order, tagged, with pause and filled-pause markers in between.

    ``transcript`` defaults to the report's; the labels default to the report's own."""
    concept_labels = concept_labels or {}
    flag_labels = flag_labels or {}
    heard = (transcript or (report.transcript if report is not None else None))
    heard_words = heard.words if heard is not None else []
    words = [Token("word", w.word.strip(), w.start, w.end) for w in heard_words]
    if report is None:
        return words
    extra: list[Token] = []
    # Words the recogniser was unsure of, by the bound the report was made with (older
    # reports have none: nothing is marked).
    for tok, w in zip(words, heard_words, strict=True):
        if w.probability < report.uncertain_probability:
            tok.tags.add("uncertain")
            tok.notes.append("The recogniser was unsure of this word: check what you said.")

    for item in report.fillers:
        if item.kind == "filled_pause" or not _mark(
                words, item.start, item.text, "filler", _filler_note(item.text, words,
                                                                     item.word_index),
                item.word_index, item.words):
            shown = FILLED_PAUSE_SHOWN if item.text in ("", "(filled pause)") else item.text
            extra.append(Token("filled_pause", shown, item.start, item.end, {"filler"},
                               [f"Filled pause of {item.end - item.start:.1f} s "
                                "(a voiced “uh” or “um”)"]))
    for cov in report.covered:
        label = concept_labels.get(cov.concept) or cov.label or cov.concept
        for ev in cov.evidence:
            _mark(words, ev.start, ev.text, "concept", f"Covers: {label}", ev.word_index,
                  ev.words)
    for flag in report.red_flags:
        label = flag_labels.get(flag.flag) or flag.label or flag.flag
        _mark(words, flag.start, flag.text, "red_flag", f"Red flag: {label}", flag.word_index,
              flag.words)
    for unclear in report.unclear_speech:
        duration = unclear.duration_s
        extra.append(Token("unclear", f"unclear speech, {duration:.1f} s", unclear.start,
                           unclear.end, set(),
                           [f"{duration:.1f} s of speech the recogniser could not make out: "
                            "listen back to what you said here"]))
    for pause in report.pauses:
        duration = pause.duration_s
        extra.append(Token("pause", f"{duration:.1f} s", pause.start, pause.end, set(),
                           [f"Pause of {duration:.1f} s"]))

    tokens = words + extra
    # Markers go after the word that ends where they start (stable for equal times). A
    # filled pause inside a word's time is a held sound the recogniser stretched the word
    # over: the word was said after it ("… we collect (uh…) Then we check").
    held = [t for t in extra if t.kind == "filled_pause"]

    def position(token: Token) -> tuple[float, int]:
        if token.kind != "word":
            return token.start, 1
        inside = [h.end for h in held if token.start < h.start and h.end <= token.end]
        return max(inside, default=token.start), 0

    tokens.sort(key=position)
    return tokens


def word_at(tokens: list[Token], t: float) -> int | None:
    """Index in ``tokens`` of the word being spoken at ``t`` seconds (for playback)."""
    current: int | None = None
    for i, tok in enumerate(tokens):
        if tok.kind != "word":
            continue
        if tok.start <= t + 0.02:
            current = i
            if t <= tok.end:
                return i
        else:
            break
    if current is not None and t - tokens[current].end > 0.6:
        return None  # in a silence: highlight nothing
    return current
