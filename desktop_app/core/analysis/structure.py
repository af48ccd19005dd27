"""Structure: the point first, signposts kept, STAR told whole, and a real ending.

Everything is found by cue phrases on tokens (contractions expanded, so "I'd start by"
is "i would start by") and, for STAR, by tense: a story's situation is told in the past
progressive ("we were migrating"), its actions as "I" + a past-tense verb.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.analysis import structure_cues as cues
from desktop_app.core.analysis.tokens import Token


def _t(seconds: float) -> float:
    return round(float(seconds), 3)


@dataclass(frozen=True)
class Signpost:
    text: str
    start: float

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": _t(self.start)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Signpost:
        return cls(str(d.get("text", "")), float(d.get("start", 0.0)))


@dataclass(frozen=True)
class Star:
    situation: bool
    task: bool
    action: bool
    result: bool
    # Not in the JSON: where each part was first heard, and the result's numbers.
    at: dict[str, float] = field(default_factory=dict, compare=False)
    result_numbers: tuple[str, ...] = field(default=(), compare=False)

    @property
    def missing(self) -> list[str]:
        return [p for p in cues.STAR_PARTS if not getattr(self, p)]

    def to_dict(self) -> dict[str, bool]:
        return {p: bool(getattr(self, p)) for p in cues.STAR_PARTS}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Star | None:
        if not isinstance(d, dict):
            return None
        return cls(situation=bool(d.get("situation", False)), task=bool(d.get("task", False)),
                   action=bool(d.get("action", False)), result=bool(d.get("result", False)))


@dataclass(frozen=True)
class Structure:
    answer_first: bool
    position_at: float | None
    signposts: tuple[Signpost, ...] = ()
    promised: int | None = None
    delivered: int | None = None
    star: Star | None = None
    closing: bool = False
    # Not in the JSON: the window the position had to come in, and where the close is.
    first_window_s: float = field(default=0.0, compare=False)
    closing_at: float | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer_first": self.answer_first,
            "position_at": None if self.position_at is None else _t(self.position_at),
            "signposts": [s.to_dict() for s in self.signposts],
            "promised": self.promised,
            "delivered": self.delivered,
            "star": None if self.star is None else self.star.to_dict(),
            "closing": self.closing,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Structure | None:
        """The section ``to_dict`` wrote; None when missing or malformed."""
        try:
            return cls._read(d) if isinstance(d, dict) else None
        except (TypeError, ValueError, IndexError):
            return None

    @classmethod
    def _read(cls, d: dict[str, Any]) -> Structure:
        at = d.get("position_at")
        promised, delivered = d.get("promised"), d.get("delivered")
        return cls(
            answer_first=bool(d.get("answer_first", False)),
            position_at=None if at is None else float(at),
            signposts=tuple(Signpost.from_dict(s) for s in d.get("signposts") or ()
                            if isinstance(s, dict)),
            promised=None if promised is None else int(promised),
            delivered=None if delivered is None else int(delivered),
            star=Star.from_dict(d.get("star")),
            closing=bool(d.get("closing", False)),
        )


def first_window(tokens: Sequence[Token], first_s: float, fraction: float) -> float:
    """Seconds from the first word within which the point should come: ``first_s``, or
    ``fraction`` of a short answer, but never less than 10 s (a sentence or two)."""
    if not tokens:
        return first_s
    length = tokens[-1].end - tokens[0].start
    return min(first_s, max(10.0, fraction * length))


def find_structure(
    tokens: Sequence[Token],
    *,
    star: bool = False,
    first_s: float = 30.0,
    first_fraction: float = 0.2,
    closing_s: float = 20.0,
) -> Structure:
    """The answer's structure; STAR parts only when ``star`` (a behavioural question)."""
    texts = [t.text for t in tokens]
    window = first_window(tokens, first_s, first_fraction)
    origin = tokens[0].start if tokens else 0.0
    cued = next((tokens[i].start for i, _ in cues.find_cues(texts, cues.POSITION)), None)
    claimed = _claim_with_reason(tokens)
    if claimed is not None and claimed - origin > window:
        claimed = None  # a reason given later is the argument, not the answer's point
    found = [t for t in (cued, claimed) if t is not None]
    position = min(found) if found else None
    answer_first = position is not None and position - origin <= window
    signposts, promised, delivered = find_signposts(tokens)
    closing_at = find_closing(tokens, closing_s)
    return Structure(
        answer_first=answer_first,
        position_at=position,
        signposts=tuple(signposts),
        promised=promised,
        delivered=delivered,
        star=find_star(tokens) if star else None,
        closing=closing_at is not None,
        first_window_s=window,
        closing_at=closing_at,
    )


# A clause opening with these is background, not the answer's claim ("when I joined ...
# because", "if the data ... because").
_NOT_A_CLAIM = frozenset({"when", "if", "while", "after", "before", "since", "as", "once",
                          "although", "though", "so", "and", "but"})


def _claim_with_reason(tokens: Sequence[Token]) -> float | None:
    """Where the first claim given with its reason starts: a clause of three words or more
    then "because" ("training data is a safety constraint because ..."). A thesis stated
    that way is the answer's point even without "I would" or "my recommendation"."""
    for i, tok in enumerate(tokens):
        if tok.text != "because":
            continue
        start = i
        while start > 0 and not tokens[start].clause_start:
            start -= 1
        if i - start >= 3 and tokens[start].text not in _NOT_A_CLAIM:
            return tokens[start].start
    return None


def _ordinal_ok(tokens: Sequence[Token], i: int) -> bool:
    """An ordinal that orders points ("First, ...", "the second reason"), not "the first
    time", "at first" or "a second"."""
    tok = tokens[i]
    prev = tokens[i - 1].text if i > 0 else ""
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
    if prev in cues.ORDINAL_NOT_AFTER or nxt in cues.ORDINAL_NOT_BEFORE:
        return False
    return tok.clause_start or tok.comma_before or tok.comma_after or prev in cues.ORDINAL_AFTER


def find_signposts(tokens: Sequence[Token]) -> tuple[list[Signpost], int | None, int | None]:
    """Signposts in order, the first promised count, and how many of its points came."""
    texts = [t.text for t in tokens]
    out: list[Signpost] = []
    promised: int | None = None
    promise_at = -1
    for i, phrase in cues.find_cues(texts, cues.TRANSITIONS):
        out.append(Signpost(" ".join(phrase), tokens[i].start))
    for i, text in enumerate(texts):
        count = cues.COUNT_WORDS.get(text)
        if count is not None and promised is None and _promise_noun(texts, i):
            promised, promise_at = count, i
            out.append(Signpost(" ".join(texts[i : i + 2]), tokens[i].start))
        elif text in cues.ORDINALS and _ordinal_ok(tokens, i):
            out.append(Signpost(text, tokens[i].start))
    out.sort(key=lambda s: s.start)
    if promised is None:
        return out, None, None
    return out, promised, _delivered(tokens, promise_at)


def _promise_noun(texts: Sequence[str], i: int) -> bool:
    """"three things", "two main reasons", "three key risks"."""
    for k in (1, 2):
        if i + k < len(texts) and texts[i + k] in cues.PROMISE_NOUNS:
            return k == 1 or texts[i + 1] in cues.PROMISE_ADJECTIVES
    return False


def _delivered(tokens: Sequence[Token], promise_at: int) -> int:
    """The highest point reached after the promise: "first … second … finally" is 3."""
    reached = 0
    for i in range(promise_at + 2, len(tokens)):
        text = tokens[i].text
        if text in cues.ORDINALS and _ordinal_ok(tokens, i):
            rank = cues.ORDINALS[text]
            reached = reached + 1 if rank == 0 else max(reached, rank)
        elif cues.COUNT_WORDS.get(text) is not None and _promise_noun(
            [t.text for t in tokens[i : i + 3]], 0
        ):
            break  # a second promise starts another list
    return reached


def find_star(tokens: Sequence[Token]) -> Star:
    texts = [t.text for t in tokens]
    at: dict[str, float] = {}
    for part in cues.STAR_PARTS:
        hit = next(iter(cues.find_cues(texts, cues.STAR[part])), None)
        if hit is not None:
            at[part] = tokens[hit[0]].start
    for i in range(len(texts) - 1):
        nxt = texts[i + 1]
        if "situation" not in at and texts[i] in ("was", "were") and nxt.endswith("ing"):
            at["situation"] = tokens[i].start  # past progressive sets a scene
        if "action" not in at and texts[i] == "i" and cues.is_past_tense(nxt):
            at["action"] = tokens[i].start
    numbers: list[str] = []
    if "result" in at:
        numbers = _numbers([t for t in tokens if t.start >= at["result"]])[:3]
    return Star(situation="situation" in at, task="task" in at, action="action" in at,
                result="result" in at, at=at, result_numbers=tuple(numbers))


def _numbers(tokens: Sequence[Token]) -> list[str]:
    """Numbers said, runs kept together: "20 percent", "forty thousand"."""
    out: list[str] = []
    run: list[str] = []
    for t in [*tokens, None]:
        if t is not None and (t.text[:1].isdigit() or t.text in cues.NUMBER_WORDS):
            run.append(t.text)
            continue
        if run:
            out.append(" ".join(run))
        run = []
    return out


def find_closing(tokens: Sequence[Token], closing_s: float) -> float | None:
    """Where a summary or decision starts in the answer's last ``closing_s`` seconds (the
    last third of a short answer: its opening is not its close), or None when the answer
    trails off: no such cue, or it stops on "and", "so", "um" (with or without the dots
    the recogniser writes after a word left hanging)."""
    if not tokens or tokens[-1].text in cues.TRAILING_WORDS:
        return None
    length = tokens[-1].end - tokens[0].start
    since = tokens[-1].end - min(closing_s, max(5.0, length / 3))
    first = next((i for i, t in enumerate(tokens) if t.start >= since), len(tokens))
    texts = [t.text for t in tokens[first:]]
    hit = next(iter(cues.find_cues(texts, cues.CLOSING)), None)
    return None if hit is None else tokens[first + hit[0]].start
