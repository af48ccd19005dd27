"""Place the report's findings on the transcript's words (for highlighting and seeking).

Qt-free. The report says *what* was found and *when* (start times); this module finds
the words those times point at, so the view can colour them, and lists pauses and
filled pauses (which have no word) as markers between words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TOLERANCE_S = 0.05


@dataclass
class Token:
    kind: str  # "word", "pause", "filled_pause"
    text: str
    start: float
    end: float
    tags: set[str] = field(default_factory=set)  # "filler", "concept", "red_flag", "uncertain"
    notes: list[str] = field(default_factory=list)  # tooltips: what was found here

    @property
    def tooltip(self) -> str:
        return "\n".join(self.notes)


def transcript_words(transcript: dict[str, Any] | None) -> list[dict[str, Any]]:
    words: list[dict[str, Any]] = []
    for seg in (transcript or {}).get("segments") or []:
        for w in seg.get("words") or []:
            try:
                words.append({"word": str(w["word"]).strip(), "start": float(w["start"]),
                              "end": float(w["end"]),
                              "probability": float(w.get("probability", 1.0))})
            except (KeyError, TypeError, ValueError):
                continue
    return words


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
          item: dict[str, Any] | None = None) -> bool:
    """Tag the word(s) a finding covers: by the report's word index when it gives one
    (exact), else by time (the word starting at ``start``)."""
    item = item or {}
    index = item.get("word_index")
    if not (isinstance(index, int) and 0 <= index < len(words)):
        index = _first_word_at(words, start)
    if index is None:
        return False
    count = item.get("words")
    span = count if isinstance(count, int) and count > 0 else max(1, len(text.split()))
    for w in words[index:index + span]:
        w.tags.add(tag)
        if note not in w.notes:
            w.notes.append(note)
    return True


def annotate(transcript: dict[str, Any] | None, report: dict[str, Any] | None,
             concept_labels: dict[str, str] | None = None,
             flag_labels: dict[str, str] | None = None) -> list[Token]:
    """Words in order, tagged, with pause and filled-pause markers in between."""
    report = report or {}
    concept_labels = concept_labels or {}
    flag_labels = flag_labels or {}
    heard = transcript_words(transcript or report.get("transcript"))
    words = [Token("word", w["word"], w["start"], w["end"]) for w in heard]
    extra: list[Token] = []
    # Words the recogniser was unsure of, by the bound the report was made with (older
    # reports have none: nothing is marked).
    unsure_below = float((report.get("analysis") or {}).get("uncertain_probability") or 0.0)
    for tok, w in zip(words, heard, strict=True):
        if w["probability"] < unsure_below:
            tok.tags.add("uncertain")
            tok.notes.append("The recogniser was unsure of this word: check what you said.")

    for item in (report.get("fillers") or {}).get("items") or []:
        start = float(item.get("start", 0.0))
        text = str(item.get("text", ""))
        if item.get("kind") == "filled_pause" or not _mark(
                words, start, text, "filler", f"Filler: “{text}”", item):
            end = float(item.get("end", start + 0.3))
            shown = "uh…" if text in ("", "(filled pause)") else text
            extra.append(Token("filled_pause", shown, start, end, {"filler"},
                               ["Filled pause (a voiced “uh” or “um”)"]))
    for cov in (report.get("coverage") or {}).get("covered") or []:
        concept = str(cov.get("concept", ""))
        label = concept_labels.get(concept, concept)
        for ev in cov.get("evidence") or []:
            _mark(words, float(ev.get("start", 0.0)), str(ev.get("text", "")), "concept",
                  f"Covers: {label}", ev)
    for flag in report.get("red_flags") or []:
        fid = str(flag.get("flag", ""))
        label = flag_labels.get(fid) or str(flag.get("label") or fid)
        _mark(words, float(flag.get("start", 0.0)), str(flag.get("text", "")), "red_flag",
              f"Red flag: {label}", flag)
    for pause in report.get("pauses") or []:
        start, end = float(pause.get("start", 0.0)), float(pause.get("end", 0.0))
        duration = float(pause.get("duration_s", end - start))
        extra.append(Token("pause", f"{duration:.1f} s", start, end, set(),
                           [f"Pause of {duration:.1f} s"]))

    tokens = words + extra
    # Markers go after the word that ends where they start (stable for equal times).
    tokens.sort(key=lambda t: (t.start, 0 if t.kind == "word" else 1))
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
