"""How closely two transcripts of the same audio agree, word by word and in time, and
how far a transcript is from the script that was read.

`stagecoach bench` uses it to compare the live (chunked) transcript of an answer with a
whole-file pass over the same recording, and each engine with the sample's script; the
tests use it the same way.
"""

from __future__ import annotations

import bisect
import difflib
import re
from pathlib import Path

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
    """Share of the reference's words that ``other`` has too, as the same word starting and
    ending within ``tolerance_s`` of it (each of ``other``'s words counts once).

    Matching is by time, not by aligning the two texts: an answer that says the same
    sentence twice would let a text alignment pair one saying with the other, 80 s away.
    """
    ref_words = [w for w in reference.words if norm(w.word)]
    if not ref_words:
        return 0.0
    candidates = sorted((w for w in other.words if norm(w.word)), key=lambda w: w.start)
    starts = [w.start for w in candidates]
    used = [False] * len(candidates)
    good = 0
    for word in ref_words:
        text = norm(word.word)
        lo = bisect.bisect_left(starts, word.start - tolerance_s)
        hi = bisect.bisect_right(starts, word.start + tolerance_s)
        for k in range(lo, hi):
            c = candidates[k]
            if not used[k] and norm(c.word) == text and abs(c.end - word.end) <= tolerance_s:
                used[k] = True
                good += 1
                break
    return good / len(ref_words)


def word_error_rate(reference: list[str], hypothesis: list[str]) -> float:
    """(substitutions + deletions + insertions) / reference words, on normalised words."""
    previous = list(range(len(hypothesis) + 1))
    for i, r in enumerate(reference, 1):
        current = [i] + [0] * len(hypothesis)
        for j, h in enumerate(hypothesis, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h))
        previous = current
    return previous[-1] / max(1, len(reference))


def script_words(script: Path) -> list[str]:
    """The words of a script (plain text, or SSML as the sample's is), normalised."""
    text = re.sub(r"<[^>]+>", " ", script.read_text(encoding="utf-8"))
    return [w for w in (norm(x) for x in text.split()) if w]


def transcript_words(transcript: Transcript) -> list[str]:
    return [w for w in (norm(x.word) for x in transcript.words) if w]
