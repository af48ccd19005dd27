"""Finding bank terms (concept terms, red-flag phrases) in the transcript's tokens.

Both sides go through the same normalisation and the English Snowball stemmer, so
"evaluations" matches "evaluation" and "red-teamed" matches "red teaming", and a verb's
participle its noun ("represented" matches "representative"). Multi-word
terms match as consecutive tokens. An acronym term ("RLHF") also matches when spoken
letter by letter ("R L H F", "R.L.H.F.", "RL HF"). Words of at least ``fuzzy_min_length``
letters may match approximately (ASR misspellings); shorter words never do, so "bias"
cannot become "bass" nor "data" "date".

People paraphrase, so a phrase of two or more content words also matches with a few words
inserted ("ship first and fix *things* later"), with its function words left out or
replaced ("monitor *the outputs* after launch" for "monitor it after launch"), and a
two-word term also as "B of (the) A" ("provenance of the data" for "data provenance").
Every content word must still be there, in order, within one clause; an inserted word may
not be a conjunction or a negation, so "monitor before and after launch" and "ship first
and never fix later" are not the phrase.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from desktop_app.core.analysis.tokens import Token, normalise_phrase, stem

_VOWELS = frozenset("aeiou")
# Snowball also strips derivational suffixes ("tokenization" → "token", "provenance" →
# "proven"): two surface forms with the same stem are taken for inflections of one word
# only when, past their common beginning, neither has more than this many letters left
# ("biases"/"bias", "teamed"/"teaming", "studies"/"study"; not "tokens"/"tokenizer").
MAX_INFLECTION_CHARS = 3
# A verb's participle is also its nominalisation's word, though the two endings differ by
# more: "represented" says what a term "representative" does, "documented" "documentation",
# "reinforced" "reinforcement". Only these endings, and only with the same stem: a bare
# form or a plural ("specifics", "motives") stays apart from the noun ("specification",
# "motivation"). Over the accuracy corpus this credits "every dialect would be
# represented" for a bias concept whose terms are "representation" and "representative".
PARTICIPLE_ENDINGS = frozenset(["ed", "d", "ing"])
NOMINAL_ENDINGS = frozenset(["ation", "ations", "ative", "atives", "ment", "ments"])

# Paraphrase tolerance of multi-word phrases: words inserted between two consecutive
# words of the phrase, and in the whole phrase. A phrase of two content words says less,
# so it takes one inserted word at most ("the data is done" must not match "the data I
# have done").
MAX_GAP = 2
MAX_INSERTED = 3
MAX_INSERTED_TWO_WORDS = 1
# Words a phrase can lose or have replaced without changing what it says.
FUNCTION_WORDS = frozenset(
    [
        "a", "an", "the", "it", "its", "this", "that", "these", "those", "them", "they",
        "we", "i", "you", "our", "my", "your", "their", "of", "to", "and", "for", "in",
        "on", "at", "by", "with", "is", "are", "be", "been", "was", "were", "will",
        "would", "can", "could", "should", "just", "really", "then"
    ]
)
# Words that may not be inserted into a phrase: they join or reverse clauses.
GAP_BARRIERS = frozenset(
    [
        "and", "or", "but", "because", "so", "although", "though", "while", "whereas",
        "unless", "if", "not", "never", "no", "nor", "without", "instead", "rather",
        "than"
    ]
)


def _inflections(a: str, b: str) -> bool:
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    rest_a, rest_b = a[common:], b[common:]
    if len(rest_a) <= MAX_INFLECTION_CHARS and len(rest_b) <= MAX_INFLECTION_CHARS:
        return True
    return ((rest_a in PARTICIPLE_ENDINGS and rest_b in NOMINAL_ENDINGS)
            or (rest_b in PARTICIPLE_ENDINGS and rest_a in NOMINAL_ENDINGS))


@dataclass(frozen=True)
class TermPattern:
    term: str  # as written in the bank
    tokens: tuple[str, ...]  # normalised
    stems: tuple[str, ...]
    acronym: str | None  # lower-case letters when the term is an acronym
    # Per token: must it be there? Function words of a phrase with two or more content
    # words are optional, and such a phrase tolerates inserted words (see MAX_GAP).
    required: tuple[bool, ...] = ()
    flexible: bool = False

    @property
    def first_required(self) -> int:
        return self.required.index(True) if self.required else 0


def _content(tokens: tuple[str, ...]) -> tuple[bool, ...] | None:
    """Which words a paraphrase must keep; None when the phrase must match exactly (one
    content word, or a number in it)."""
    content = tuple(t not in FUNCTION_WORDS for t in tokens)
    if sum(content) < 2 or any(t.isdigit() for t in tokens):
        return None
    return content


def _pattern(term: str, tokens: tuple[str, ...], acronym: str | None = None) -> TermPattern:
    content = _content(tokens)
    return TermPattern(term, tokens, tuple(stem(t) for t in tokens), acronym,
                       content or tuple(True for _ in tokens), content is not None)


@dataclass(frozen=True)
class TermMatch:
    term: str
    first: int  # token indexes, inclusive
    last: int
    fuzzy: bool
    min_probability: float
    # The lowest probability among matched tokens that equal a hotword the recogniser
    # was biased with (1.0 when none does): biasing makes the recogniser "hear" them.
    biased_probability: float


def is_acronym(term: str) -> bool:
    letters = term.strip().replace(".", "")
    if not letters.isalnum() or not 2 <= len(letters) <= 6 or letters.isdigit():
        return False
    if letters.isupper():
        return True
    return len(letters) <= 5 and not (set(letters.lower()) & _VOWELS)


def compile_term(term: str) -> TermPattern | None:
    tokens = normalise_phrase(term)
    if not tokens:
        return None
    acronym = tokens[0] if len(tokens) == 1 and is_acronym(term) else None
    return _pattern(term, tokens, acronym)


def compile_variants(term: str) -> list[TermPattern]:
    """The term, plus each pair of neighbouring words written as one ("held-out set" also
    matches "heldout set", "red team" also "redteam"), as recognisers write compounds, and
    a two-word term turned round with "of" ("data provenance": "provenance of the data")."""
    base = compile_term(term)
    if base is None:
        return []
    out = [base]
    for k in range(len(base.tokens) - 1):
        tokens = (*base.tokens[:k], base.tokens[k] + base.tokens[k + 1], *base.tokens[k + 2 :])
        out.append(_pattern(term, tokens))
    if len(base.tokens) == 2 and all(base.required):
        first, second = base.tokens
        out.append(_pattern(term, (second, "of", first)))
    return out


class TokenIndex:
    """The transcript's tokens indexed by stem, for fast lookups of many terms."""

    def __init__(self, tokens: Sequence[Token], fuzzy_min_length: int, fuzzy_score: float) -> None:
        self.tokens = tokens
        self.fuzzy_min_length = fuzzy_min_length
        self.fuzzy_score = fuzzy_score
        self.by_stem: dict[str, list[int]] = defaultdict(list)
        self.by_text: dict[str, list[int]] = defaultdict(list)
        for i, t in enumerate(tokens):
            self.by_stem[t.stem].append(i)
            self.by_text[t.text].append(i)
        self._fuzzy_cache: dict[str, list[str]] = {}

    def _fuzzy_texts(self, word: str) -> list[str]:
        """Long transcript words close to ``word`` but not equal in stem."""
        if len(word) < self.fuzzy_min_length:
            return []
        cached = self._fuzzy_cache.get(word)
        if cached is None:
            target = stem(word)
            cached = [
                text
                for text in self.by_text
                if len(text) >= self.fuzzy_min_length
                and stem(text) != target
                and abs(len(text) - len(word)) <= 3
                and fuzz.ratio(word, text, score_cutoff=self.fuzzy_score)
            ]
            self._fuzzy_cache[word] = cached
        return cached

    def _token_matches(
        self, i: int, pattern: TermPattern, k: int, exact: bool
    ) -> tuple[bool, bool]:
        """(matches, by fuzzy) for pattern word ``k`` against token ``i``."""
        tok = self.tokens[i]
        if tok.stem == pattern.stems[k] and _inflections(tok.text, pattern.tokens[k]):
            return True, False
        if pattern.acronym and tok.text in (pattern.acronym + "s", pattern.acronym + "'s"):
            return True, False  # "LLMs"
        if not exact and tok.text in self._fuzzy_texts(pattern.tokens[k]):
            return True, True
        return False, False

    def find(
        self, pattern: TermPattern, hot_stems: frozenset[str] = frozenset(), exact: bool = False
    ) -> list[TermMatch]:
        """Every occurrence of ``pattern``; ``exact`` turns approximate matching off."""
        k0 = pattern.first_required
        starts = set(self.by_stem.get(pattern.stems[k0], ()))
        if pattern.acronym:
            starts.update(self.by_text.get(pattern.acronym + "s", ()))
        if not exact:
            for text in self._fuzzy_texts(pattern.tokens[k0]):
                starts.update(self.by_text[text])
        found: list[TermMatch] = []
        for i in sorted(starts):
            walked = self._walk(i, pattern, exact)
            if walked is not None:
                last, fuzzy = walked
                found.append(self._match(pattern.term, i, last, fuzzy, hot_stems))
        if pattern.acronym:
            found.extend(self._letters(pattern, hot_stems))
        return sorted(found, key=lambda m: m.first)

    def _walk(self, i: int, pattern: TermPattern, exact: bool) -> tuple[int, bool] | None:
        """Match ``pattern`` from its first required word at token ``i``: (last token,
        by fuzzy) or None. Exact phrases take consecutive tokens; flexible ones skip
        missing function words and allow a few inserted words within the clause."""
        tokens = self.tokens
        k0 = pattern.first_required
        ok, fuzzy = self._token_matches(i, pattern, k0, exact)
        if not ok:
            return None
        pos, inserted = i + 1, 0
        max_gap = MAX_GAP if pattern.flexible else 0
        for k in range(k0 + 1, len(pattern.tokens)):
            if not pattern.required[k]:
                if (pos < len(tokens) and not tokens[pos].clause_start
                        and self._token_matches(pos, pattern, k, True)[0]):
                    pos += 1
                continue
            for gap in range(max_gap + 1):
                j = pos + gap
                if j >= len(tokens) or tokens[j].clause_start:
                    return None
                if gap and tokens[j - 1].text in GAP_BARRIERS:
                    return None
                ok, by_fuzzy = self._token_matches(j, pattern, k, exact)
                if ok:
                    fuzzy = fuzzy or by_fuzzy
                    inserted += gap
                    pos = j + 1
                    break
            else:
                return None
        content = sum(pattern.required)
        if inserted > (MAX_INSERTED_TWO_WORDS if content == 2 else MAX_INSERTED):
            return None
        return pos - 1, fuzzy

    def _letters(self, pattern: TermPattern, hot_stems: frozenset[str]) -> list[TermMatch]:
        """The acronym spoken letter by letter, or in short pieces ("RL HF")."""
        letters = pattern.acronym or ""
        out: list[TermMatch] = []
        tokens = self.tokens
        for i, tok in enumerate(tokens):
            if not letters.startswith(tok.text) or len(tok.text) >= len(letters):
                continue
            spelled = tok.text
            j = i
            while len(spelled) < len(letters) and j + 1 < len(tokens):
                nxt = tokens[j + 1].text
                if not nxt.isalpha() or not letters.startswith(spelled + nxt):
                    break
                spelled += nxt
                j += 1
            if spelled == letters:
                out.append(self._match(pattern.term, i, j, False, hot_stems))
        return out

    def _match(
        self, term: str, first: int, last: int, fuzzy: bool, hot_stems: frozenset[str]
    ) -> TermMatch:
        span = self.tokens[first : last + 1]
        return TermMatch(
            term=term,
            first=first,
            last=last,
            fuzzy=fuzzy,
            min_probability=min(t.probability for t in span),
            biased_probability=min(
                (t.probability for t in span if t.stem in hot_stems), default=1.0
            ),
        )


def hotword_stems(hotwords: Iterable[str]) -> frozenset[str]:
    return frozenset(stem(t) for h in hotwords for t in normalise_phrase(h))
