"""Transcript words → normalised tokens that keep their timestamps.

Whisper words carry punctuation and case ("So,", "RLHF's", "state-of-the-art",
"R.L.H.F.", "don't"). Every rule downstream (fillers, concept terms, red flags) works
on tokens, never on substrings of the text, so "um" is never found inside "number".
One transcript word can give several tokens (hyphens, slashes, contractions); each
token remembers the word it came from, its timestamps and whether punctuation or a
break separates it from its neighbours.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer

from desktop_app.core.transcript import Word

# Punctuation that ends a clause: what follows starts a new one.
CLAUSE_END = frozenset(".!?;:…")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_DOTTED_LETTERS = re.compile(r"^(?:[a-z]\.){2,}[a-z]?\.?$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
_SPLIT = re.compile(r"[-/–—_+&]+")
_EDGE = re.compile(r"^[^\w']+|[^\w']+$")
_INNER_JUNK = re.compile(r"[^\w'.%]")

# Contractions expanded the same way on both sides of every comparison, so "I'd like"
# reads as "i would like" to the filler rules and "don't" matches a term "do not".
_CONTRACTIONS = {
    "can't": ("can", "not"),
    "won't": ("will", "not"),
    "shan't": ("shall", "not"),
    "ain't": ("is", "not"),
    "let's": ("let", "us"),
}
_SUFFIXES = (
    ("n't", ("not",)),
    ("'re", ("are",)),
    ("'ve", ("have",)),
    ("'ll", ("will",)),
    ("'m", ("am",)),
    ("'d", ("would",)),
)

_STEMMER = snowballstemmer.stemmer("english")


class Token(NamedTuple):
    """One normalised word piece of the transcript (a tuple: cheap to make by the
    thousand)."""

    text: str  # lower case, no punctuation; "'s" kept for the stemmer to strip
    stem: str
    start: float
    end: float
    probability: float
    word_index: int  # index into Transcript.words
    clause_start: bool  # first token of the answer or after . ! ? ; :
    comma_before: bool  # a comma (or dash) separates it from the previous token
    comma_after: bool  # a comma (or dash) follows it
    clause_end_after: bool  # . ! ? ; : follows it
    question_after: bool  # a "?" follows it


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def normalise_word(raw: str) -> list[str]:
    """The token texts of one word: lower case, no punctuation, hyphens split."""
    return list(_normalise_cached(raw))


@lru_cache(maxsize=65536)
def _normalise_cached(raw: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKC", raw).translate(_APOSTROPHES).lower().strip()
    text = text.replace("%", " percent ")
    pieces: list[str] = []
    for chunk in text.split():
        if _DOTTED_LETTERS.match(chunk):  # "r.l.h.f." → "rlhf"
            pieces.append(chunk.replace(".", ""))
            continue
        for part in _SPLIT.split(chunk):
            part = _EDGE.sub("", part)
            if not part:
                continue
            if _NUMBER.match(part):  # "1,000" → "1000"; "3.5" stays
                pieces.append(part.replace(",", ""))
                continue
            part = _INNER_JUNK.sub("", part).strip(".'")
            if part:
                pieces.extend(_expand_contraction(part))
    return tuple(pieces)


def _expand_contraction(word: str) -> tuple[str, ...]:
    if "'" not in word:
        return (word,)
    if word in _CONTRACTIONS:
        return _CONTRACTIONS[word]
    for suffix, expansion in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return (word[: -len(suffix)], *expansion)
    return (word,)  # "model's", "users'": the stemmer strips possessives


def normalise_phrase(phrase: str) -> tuple[str, ...]:
    """A lexicon or bank term as a token sequence (same rules as the transcript)."""
    return tuple(t for w in phrase.split() for t in normalise_word(w))


def stem_phrase(phrase: str) -> tuple[str, ...]:
    return tuple(stem(t) for t in normalise_phrase(phrase))


def _trailing_punct(raw: str) -> str:
    stripped = raw.rstrip()
    i = len(stripped)
    while i > 0 and not (stripped[i - 1].isalnum() or stripped[i - 1] in "%'’"):
        i -= 1
    return stripped[i:]


def _leading_punct(raw: str) -> str:
    stripped = raw.lstrip()
    i = 0
    while i < len(stripped) and not (stripped[i].isalnum() or stripped[i] in "'’"):
        i += 1
    return stripped[:i]


def tokenize(words: Sequence[Word], keep_whole: Iterable[str] = ()) -> list[Token]:
    """Tokens of ``words`` in order. Words in ``keep_whole`` (e.g. "mm-hmm") stay one token."""
    whole = frozenset(keep_whole)
    tokens: list[Token] = []
    pending_clause = True  # start of the answer
    pending_comma = False
    for index, word in enumerate(words):
        raw = word.word
        info = _word_info(raw, whole)
        pending_clause = pending_clause or info.clause_before
        pending_comma = pending_comma or info.comma_before
        texts = info.texts
        if not texts:  # a word of punctuation only ("-", "...")
            _mark_previous(tokens, raw)
            continue
        clause_after = info.clause_after
        comma_after = info.comma_after
        question = info.question
        last = len(texts) - 1
        for j, text in enumerate(texts):
            # Positional: keyword construction of a NamedTuple costs twice as much, and
            # this runs for every word of the answer.
            tokens.append(Token(
                text,  # text
                stem(text),  # stem
                word.start,
                word.end,
                word.probability,
                index,  # word_index
                pending_clause and j == 0,  # clause_start
                pending_comma and j == 0,  # comma_before
                comma_after and j == last,  # comma_after
                clause_after and j == last,  # clause_end_after
                question and j == last,  # question_after
            ))
        pending_clause = clause_after
        pending_comma = comma_after
    return tokens


@dataclass(frozen=True, slots=True)
class _WordInfo:
    texts: tuple[str, ...]
    clause_before: bool
    comma_before: bool
    clause_after: bool
    comma_after: bool
    question: bool


@lru_cache(maxsize=65536)
def _word_info(raw: str, whole: frozenset[str]) -> _WordInfo:
    """What one raw word contributes; cached, as answers repeat their words a lot."""
    lead = _leading_punct(raw)
    trail = _trailing_punct(raw)
    key = _EDGE.sub("", raw.lower().translate(_APOSTROPHES).strip())
    texts = (key,) if key in whole else _normalise_cached(raw)
    if not texts:  # punctuation only: all of it counts as "before" the next word
        lead = raw
    return _WordInfo(
        texts=texts,
        clause_before=any(c in CLAUSE_END for c in lead),
        comma_before=any(c in ",–—-" for c in lead),
        clause_after=any(c in CLAUSE_END for c in trail),
        comma_after=any(c in ",–—" for c in trail) or trail.endswith("-"),
        question="?" in trail,
    )


def _mark_previous(tokens: list[Token], raw: str) -> None:
    """A stand-alone punctuation word belongs to the token before it."""
    if not tokens:
        return
    prev = tokens[-1]
    tokens[-1] = prev._replace(
        comma_after=prev.comma_after or any(c in ",–—-" for c in raw),
        clause_end_after=prev.clause_end_after or any(c in CLAUSE_END for c in raw),
        question_after=prev.question_after or "?" in raw,
    )


@lru_cache(maxsize=65536)
def counts_as_word(raw: str) -> bool:
    """A transcript word that is spoken (has a letter or digit), for word counts; cached,
    as answers repeat their words."""
    return any(c.isalnum() for c in raw)
