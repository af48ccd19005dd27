"""The filler lexicon: shipped resources/fillers.toml, the user's copy, and extra words.

The file format is documented at the top of resources/fillers.toml. A broken user file
is reported as a UserError rather than silently ignored: the user edited it on purpose.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from desktop_app.core import paths
from desktop_app.core.analysis.tokens import normalise_phrase
from desktop_app.core.errors import UserError

POSITIONS = frozenset(
    {
        "anywhere",
        "clause_start",
        "set_off",
        "break",
        "parenthetical",
        "clause_start_or_set_off",
        "tag_or_standalone",
    }
)


@dataclass(frozen=True)
class FillerRule:
    phrase: tuple[str, ...]  # normalised tokens
    position: str = "anywhere"
    not_after: tuple[tuple[str, ...], ...] = ()
    not_before: tuple[tuple[str, ...], ...] = ()

    @property
    def text(self) -> str:
        return " ".join(self.phrase)

    @cached_property
    def after_last_words(self) -> frozenset[str]:
        """Last words of the not_after phrases: a quick first check."""
        return frozenset(p[-1] for p in self.not_after if p)

    @cached_property
    def before_first_words(self) -> frozenset[str]:
        return frozenset(p[0] for p in self.not_before if p)


@dataclass(frozen=True)
class Lexicon:
    words: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    keep_whole: frozenset[str]
    rules: tuple[FillerRule, ...]  # longest phrase first

    def is_unconditional(self, token_text: str) -> bool:
        return token_text in self.words or any(p.fullmatch(token_text) for p in self.patterns)

    def is_sound(self, text: str) -> bool:
        """Whether a filler's text is a hesitation sound ("uh", "ummm"), not a word."""
        token = text.strip(" ,.;:!?…").lower()
        return any(p.fullmatch(token) for p in self.patterns)

    def sound_resembled(self, token_text: str) -> str | None:
        """The hesitation sound ("erm", "um") that ``token_text`` is one letter away from,
        if any: the spellings a recogniser gives a sound it took for a word ("arm"). Only
        the lexicon's sounds (its words that its patterns describe) count, never an extra
        word a user added ("so" must not make "to" a filler). Two-letter words are too
        often real words one letter from a sound ("at", "up", "us", "an")."""
        if not 3 <= len(token_text) <= 4 or not token_text.isalpha():
            return None
        return next((s for s in self._sounds if Levenshtein.distance(token_text, s) == 1),
                    None)

    @cached_property
    def _sounds(self) -> tuple[str, ...]:
        return tuple(sorted(filter(self.is_sound, self.words), key=lambda w: (len(w), w)))

    def with_extra(self, extra: Iterable[str]) -> Lexicon:
        """Add words or phrases that count wherever they occur (Settings extra_fillers)."""
        words = set(self.words)
        rules = list(self.rules)
        for item in extra:
            phrase = normalise_phrase(item)
            if len(phrase) == 1:
                words.add(phrase[0])
            elif phrase:
                rules.append(FillerRule(phrase=phrase))
        return Lexicon(frozenset(words), self.patterns, self.keep_whole, _ordered(rules))


def _ordered(rules: Iterable[FillerRule]) -> tuple[FillerRule, ...]:
    return tuple(sorted(rules, key=lambda r: -len(r.phrase)))


FILLERS_FILE = "fillers.toml"


def shipped_lexicon_path() -> Path:
    return paths.resources_dir() / FILLERS_FILE


def user_lexicon_path() -> Path:
    return paths.data_home() / FILLERS_FILE


def parse_lexicon(data: dict[str, Any], source: str, what: str = "filler lexicon") -> Lexicon:
    """Build a lexicon from parsed TOML; UserError naming ``source`` when malformed.

    ``what`` names the lexicon in that sentence (the hedge lexicon has the same format)."""
    try:
        unconditional = data.get("unconditional", {})
        words = frozenset(t for w in unconditional.get("words", []) for t in _single(w))
        patterns = tuple(re.compile(p) for p in unconditional.get("patterns", []))
        keep_whole = frozenset(str(w).lower() for w in unconditional.get("keep_whole", []))
        rules = []
        for entry in data.get("rule", []):
            position = str(entry.get("position", "anywhere"))
            if position not in POSITIONS:
                raise ValueError(f"unknown position {position!r}")
            phrase = normalise_phrase(str(entry["text"]))
            if not phrase:
                raise ValueError("a rule has an empty text")
            rules.append(
                FillerRule(
                    phrase=phrase,
                    position=position,
                    not_after=tuple(normalise_phrase(str(p)) for p in entry.get("not_after", [])),
                    not_before=tuple(normalise_phrase(str(p)) for p in entry.get("not_before", [])),
                )
            )
    except (KeyError, TypeError, ValueError, AttributeError, re.error) as exc:
        raise UserError(
            f"The {what} {source} is malformed ({exc}); fix it or delete it."
        ) from exc
    return Lexicon(words, patterns, keep_whole, _ordered(rules))


def _single(word: Any) -> tuple[str, ...]:
    text = str(word).lower().strip()
    return (text,) if "-" in text else normalise_phrase(text)


def read_lexicon_file(path: Path, what: str = "filler lexicon") -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UserError(
            f"The {what} {path} cannot be read ({exc}); fix it or delete it."
        ) from exc


def merge(base: Lexicon, extra: Lexicon) -> Lexicon:
    """The user's rules replace shipped rules for the same phrase; words add up."""
    by_phrase = {r.phrase: r for r in base.rules}
    by_phrase.update({r.phrase: r for r in extra.rules})
    return Lexicon(
        base.words | extra.words,
        base.patterns + extra.patterns,
        base.keep_whole | extra.keep_whole,
        _ordered(by_phrase.values()),
    )


@lru_cache(maxsize=8)
def _load_cached(shipped: Path, user: Path, user_mtime: float, what: str) -> Lexicon:
    lexicon = parse_lexicon(read_lexicon_file(shipped, what), str(shipped), what)
    if user_mtime >= 0:
        lexicon = merge(lexicon, parse_lexicon(read_lexicon_file(user, what), str(user), what))
    return lexicon


def load_lexicon_file(name: str, what: str, extra: Iterable[str] = ()) -> Lexicon:
    """``resources/<name>`` merged with the user's ``<data folder>/<name>`` if any, plus
    ``extra``; read again only when the user's file changes. Fillers and hedges share
    this (one format, one loader)."""
    user = paths.data_home() / name
    try:
        mtime = user.stat().st_mtime
    except OSError:
        mtime = -1.0
    lexicon = _load_cached(paths.resources_dir() / name, user, mtime, what)
    extra = tuple(extra)
    return lexicon.with_extra(extra) if extra else lexicon


def load_lexicon(extra: Iterable[str] = ()) -> Lexicon:
    """The shipped lexicon, merged with the user's fillers.toml if any, plus ``extra``."""
    return load_lexicon_file(FILLERS_FILE, "filler lexicon", extra)
