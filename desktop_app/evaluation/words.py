"""Words compared the way a reader would: case, punctuation and number style ignored."""

from __future__ import annotations

import re

_NUMBERS = {
    "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
    "7": "seven", "8": "eight", "9": "nine", "10": "ten", "11": "eleven", "12": "twelve",
    "20": "twenty", "100": "hundred",
}
# "held-out" and "held out", "R.L.H.F." and "RLHF" are the same words to a reader.
_SPLIT = re.compile(r"[\s\-–—/]+")
_DROP = re.compile(r"[^a-z0-9']")
# Spellings in one or two words that a reader takes for the same word.
_COMPOUNDS = {("data", "set"): "dataset", ("data", "sets"): "datasets"}


def normalise_words(text: str) -> list[str]:
    out: list[str] = []
    for raw in _SPLIT.split(text.lower()):
        word = _DROP.sub("", raw).strip("'")
        if word:
            word = _NUMBERS.get(word, word)
            if out and (out[-1], word) in _COMPOUNDS:
                out[-1] = _COMPOUNDS[(out[-1], word)]
            else:
                out.append(word)
    return out
