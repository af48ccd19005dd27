"""Subtitle cues as subtitles are usually made: at most 7 s, two lines of 42 characters.

A Whisper segment ran up to 30 s and hundreds of characters, one cue on one line. Cues
are built from the words and their times instead: a cue ends at a sentence end once it
holds some text, before a silence, or when the next word would break either limit; its
text is then cut into at most two lines as even as they can be.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.transcript import Transcript, Word

MAX_CUE_S = 7.0
MAX_LINE = 42
MAX_LINES = 2
GAP_S = 1.5  # a silence this long ends a cue: the text is not on screen while nobody speaks
SENTENCE_END = (".", "?", "!")
CLAUSE_END = (",", ";", ":")
# A cue that holds this much may end at a comma or sentence end (not too short to read).
END_AT_SENTENCE = 0.4 * MAX_LINE
PUNCTUATION = set(",.?!;:")


def _attaches(word: str) -> bool:
    """Written without a space before it: "-off" of "trade-off", "'s", a lone comma."""
    if all(c in PUNCTUATION for c in word):
        return True
    return len(word) > 1 and word[0] in "-'’" and word[1].isalnum()


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def join_words(words: list[str]) -> str:
    """Words as written: "trade" + "-off" is "trade-off", "it" + "'s" is "it's"."""
    out = ""
    for word in words:
        word = word.strip()
        if not word:
            continue
        out += word if (not out or _attaches(word)) else " " + word
    return out


def wrap(text: str, width: int = MAX_LINE) -> tuple[str, ...]:
    """``text`` on one line, or on two as even as possible (each at most ``width`` when
    the words allow it)."""
    if len(text) <= width:
        return (text,)
    words = text.split(" ")
    best: tuple[int, tuple[str, str]] | None = None
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        longest = max(len(first), len(second))
        if best is None or longest < best[0]:
            best = (longest, (first, second))
    return best[1] if best is not None else (text,)


def _fits(words: list[str]) -> bool:
    text = join_words(words)
    return all(len(line) <= MAX_LINE for line in wrap(text)) and len(wrap(text)) <= MAX_LINES


def _group(words: list[Word]) -> list[list[Word]]:
    groups: list[list[Word]] = []
    current: list[Word] = []
    for word in words:
        if current:
            texts = [w.word for w in current]
            too_long = word.end - current[0].start > MAX_CUE_S
            too_wide = not _fits([*texts, word.word])
            silence = word.start - current[-1].end >= GAP_S
            said = join_words(texts)
            full_enough = len(said) >= END_AT_SENTENCE
            pause_point = said.endswith(SENTENCE_END) or (
                said.endswith(CLAUSE_END) and len(said) >= MAX_LINE)
            if too_long or too_wide or silence or (full_enough and pause_point):
                groups.append(current)
                current = []
        current.append(word)
    if current:
        groups.append(current)
    return groups


def _even_words(transcript: Transcript) -> list[Word]:
    """Words with times: the recogniser's, or for a segment without them, its words
    spread evenly over the segment."""
    out: list[Word] = []
    for segment in transcript.segments:
        if segment.words:
            out.extend(w for w in segment.words if w.word.strip())
            continue
        texts = segment.text.split()
        if not texts:
            continue
        step = max(segment.end - segment.start, 0.001) / len(texts)
        out.extend(Word(t, segment.start + i * step, segment.start + (i + 1) * step, 1.0)
                   for i, t in enumerate(texts))
    return out


def cues(transcript: Transcript) -> list[Cue]:
    """The transcript cut into subtitle cues (at most 7 s and two lines of 42)."""
    result: list[Cue] = []
    for group in _group(_even_words(transcript)):
        start = group[0].start
        end = min(max(group[-1].end, start + 0.001), start + MAX_CUE_S)
        result.append(Cue(start, end, wrap(join_words([w.word for w in group]))))
    return result
