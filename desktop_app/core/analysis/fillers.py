"""Lexical fillers: lexicon words and phrases found on tokens, with context rules.

A rule's position is judged from punctuation the recogniser wrote, from silences
between words (a gap of at least ``clause_gap_s``) and from neighbouring fillers.
Tokens taken by one filler are never part of another ("kind of like" is one "kind of";
"like" then needs its own context).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core.analysis.lexicon import FillerRule, Lexicon
from desktop_app.core.analysis.tokens import Token

# A hesitation sound the recogniser took for a word is written as the nearest word, and
# unsure: a filled "um" came back as "arm," (probability 0.09) in a reverberant room. A
# word it is this unsure of, one letter from one of the lexicon's sounds ("erm") and set
# off after it, is counted as that sound. Over the accuracy corpus no other word is that
# unsure, that close to a sound and set off; the nearest, "up" (0.2, "this up for"), is not
# set off.
MISHEARD_SOUND_P = 0.2


@dataclass(frozen=True)
class FillerHit:
    text: str
    start: float
    end: float
    word_index: int
    words: int  # transcript words it spans
    kind: str = "lexical"


class _Context:
    def __init__(self, tokens: Sequence[Token], lexicon: Lexicon, clause_gap_s: float) -> None:
        self.tokens = tokens
        self.gap = clause_gap_s
        known: dict[str, bool] = {}
        for t in tokens:
            if t.text not in known:
                known[t.text] = lexicon.is_unconditional(t.text)
        self.unconditional = [known[t.text] for t in tokens]
        # Last tokens of fillers that opened a clause: what follows them opens it too
        # ("Okay, so ..." or "Um, well ...").
        self.opening: set[int] = set()

    def _gap_before(self, i: int) -> bool:
        return i > 0 and self.tokens[i].start - self.tokens[i - 1].end >= self.gap

    def clause_start(self, i: int) -> bool:
        return (
            i == 0 or self.tokens[i].clause_start or self._gap_before(i) or (i - 1) in self.opening
        )

    def after_comma(self, i: int) -> bool:
        """A comma, and no sentence end or opening filler, comes before token ``i``."""
        return (i > 0 and self.tokens[i].comma_before and not self.tokens[i].clause_start
                and (i - 1) not in self.opening)

    def break_before(self, i: int) -> bool:
        return self.clause_start(i) or self.tokens[i].comma_before or self.unconditional[i - 1]

    def break_after(self, j: int) -> bool:
        """Is the token at ``j`` (the phrase's last) followed by a break?"""
        tok = self.tokens[j]
        if j + 1 >= len(self.tokens) or tok.comma_after or tok.clause_end_after:
            return True
        return self.tokens[j + 1].start - tok.end >= self.gap or self.unconditional[j + 1]

    def punct_before(self, i: int) -> bool:
        return i == 0 or self.tokens[i].clause_start or self.tokens[i].comma_before

    def punct_after(self, j: int) -> bool:
        tok = self.tokens[j]
        return tok.comma_after or tok.clause_end_after

    def matches(self, i: int, phrase: tuple[str, ...]) -> bool:
        n = len(phrase)
        if i < 0 or i + n > len(self.tokens):
            return False
        return all(self.tokens[i + k].text == phrase[k] for k in range(n))

    def followed_by(self, j: int, phrase: tuple[str, ...]) -> bool:
        """Tokens after ``j`` spell ``phrase`` with no punctuation inside."""
        if not self.matches(j + 1, phrase):
            return False
        return not any(self.punct_after(j + k) for k in range(len(phrase)))

    def preceded_by(self, i: int, phrase: tuple[str, ...]) -> bool:
        start = i - len(phrase)
        if not self.matches(start, phrase):
            return False
        return not any(self.punct_before(start + k + 1) for k in range(len(phrase)))


def _position_ok(ctx: _Context, rule: FillerRule, i: int, j: int) -> bool:
    position = rule.position
    if position == "anywhere":
        return True
    if position == "clause_start":
        return ctx.clause_start(i)
    if position == "set_off":
        return ctx.break_after(j)
    if position == "break":
        return ctx.break_before(i) or ctx.break_after(j)
    if position == "parenthetical":
        return ctx.break_before(i) and ctx.break_after(j)
    if position == "clause_start_or_set_off":
        # After a comma the word joins two clauses ("it looked similar, so we shipped it")
        # even when the speaker took a breath there; it is a filler only if set off.
        return (ctx.clause_start(i) and not ctx.after_comma(i)) or ctx.break_after(j)
    if position == "tag_or_standalone":
        tag = ctx.tokens[j].question_after and (
            j + 1 >= len(ctx.tokens) or ctx.tokens[j + 1].clause_start
        )
        return tag or (ctx.clause_start(i) and ctx.break_after(j))
    return False


def _rule_applies(ctx: _Context, rule: FillerRule, i: int) -> bool:
    if not ctx.matches(i, rule.phrase):
        return False
    j = i + len(rule.phrase) - 1
    if not _position_ok(ctx, rule, i, j):
        return False
    tokens = ctx.tokens
    if (
        i > 0
        and tokens[i - 1].text in rule.after_last_words
        and any(ctx.preceded_by(i, p) for p in rule.not_after)
    ):
        return False
    # A comma after the phrase sets it off: "I mean, that ..." is a filler.
    if ctx.punct_after(j) or j + 1 >= len(tokens):
        return True
    if tokens[j + 1].text not in rule.before_first_words:
        return True
    return not any(ctx.followed_by(j, p) for p in rule.not_before)


def find_fillers(
    tokens: Sequence[Token], lexicon: Lexicon, clause_gap_s: float = 0.5
) -> list[FillerHit]:
    """Every lexical filler in ``tokens``, in order."""
    ctx = _Context(tokens, lexicon, clause_gap_s)
    hits: list[FillerHit] = []
    by_first: dict[str, list[FillerRule]] = {}
    for r in lexicon.rules:  # already longest first
        by_first.setdefault(r.phrase[0], []).append(r)
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if ctx.unconditional[i]:
            hits.append(FillerHit(tok.text, tok.start, tok.end, tok.word_index, 1))
            if ctx.clause_start(i):
                ctx.opening.add(i)
            i += 1
            continue
        sound = (lexicon.sound_resembled(tok.text)
                 if tok.probability < MISHEARD_SOUND_P and ctx.break_after(i) else None)
        if sound is not None:
            hits.append(FillerHit(sound, tok.start, tok.end, tok.word_index, 1))
            i += 1
            continue
        candidates = by_first.get(tok.text)
        if candidates:
            rule = next((r for r in candidates if _rule_applies(ctx, r, i)), None)
            if rule is not None:
                last = tokens[i + len(rule.phrase) - 1]
                if ctx.clause_start(i):
                    ctx.opening.add(i + len(rule.phrase) - 1)
                hits.append(
                    FillerHit(
                        rule.text,
                        tok.start,
                        last.end,
                        tok.word_index,
                        last.word_index - tok.word_index + 1,
                    )
                )
                i += len(rule.phrase)
                continue
        i += 1
    return hits
