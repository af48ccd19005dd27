"""How closely two transcripts of the same audio agree, word by word and in time.

`stagecoach bench` uses it to compare the live (chunked) transcript of an answer with a
whole-file pass over the same recording; the tests use it the same way.
"""

from __future__ import annotations

import difflib
import re

from desktop_app.core.transcript import Transcript, Word


def norm(word: str) -> str:
    return re.sub(r"[^a-z0-9']", "", word.lower())


def align(a: list[Word], b: list[Word]) -> list[tuple[Word, Word]]:
    """Pairs of words that match in text, in order (difflib over normalised words)."""
    na = [norm(w.word) for w in a]
    nb = [norm(w.word) for w in b]
    sm = difflib.SequenceMatcher(a=na, b=nb, autojunk=False)
    pairs = []
    for block in sm.get_matching_blocks():
        for k in range(block.size):
            pairs.append((a[block.a + k], b[block.b + k]))
    return pairs


def agreement(reference: Transcript, other: Transcript, tolerance_s: float = 0.3) -> float:
    """Share of the reference's words found in ``other`` with start and end within tolerance."""
    ref_words = [w for w in reference.words if norm(w.word)]
    if not ref_words:
        return 0.0
    pairs = align(ref_words, [w for w in other.words if norm(w.word)])
    good = sum(1 for x, y in pairs
               if abs(x.start - y.start) <= tolerance_s and abs(x.end - y.end) <= tolerance_s)
    return good / len(ref_words)
