"""The cue phrases the structure checks look for, and a matcher over token texts.

Phrases are written as spoken and normalised like the transcript ("I'd" → "i would"),
so one list serves both spellings. Interview coaching material (the "bottom line up
front" of answer-first, STAR's four parts, closing on a decision) is the source of the
lists; they are kept short on purpose: a cue that is also common small talk ("as I
said") would credit a point that was never made.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from desktop_app.core.analysis.tokens import normalise_phrase

Phrases = dict[str, tuple[tuple[str, ...], ...]]  # first token → phrases, longest first


def phrases(items: Iterable[str]) -> Phrases:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for item in items:
        p = normalise_phrase(item)
        if p:
            by_first.setdefault(p[0], []).append(p)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}


def find_cues(texts: Sequence[str], cues: Phrases) -> Iterator[tuple[int, tuple[str, ...]]]:
    """(index, phrase) of each cue in ``texts``, left to right, never overlapping."""
    i, n = 0, len(texts)
    while i < n:
        options = cues.get(texts[i])
        if options:
            hit = next((p for p in options if tuple(texts[i : i + len(p)]) == p), None)
            if hit is not None:
                yield i, hit
                i += len(hit)
                continue
        i += 1


# A position or recommendation: the answer's point.
POSITION = phrases([
    "my recommendation", "I recommend", "I would recommend", "the short answer",
    "short answer is", "in short", "the bottom line", "bottom line is", "my answer is",
    "the answer is", "my position is", "my view is", "my take is", "I'd start by",
    "I'd start with", "I would prioritise", "I would prioritize", "I'd prioritise",
    "I'd prioritize", "I would choose", "I'd choose", "I would go with", "I'd go with",
    "I would pick", "I'd pick", "I would ship", "I would not ship", "I'd launch",
    "I would launch", "I would not launch", "I would delay", "we should", "we should not",
    "I would focus on", "I'd focus on", "I propose", "I suggest", "I'd suggest",
    "I would suggest", "my priority would be", "my first priority", "the first thing I would do",
    "I would say yes", "I would say no", "my decision", "I decided to", "the key is",
    "my approach would be", "my approach is", "I'd argue", "I would argue", "I'm confident",
    "I am confident", "I'd push back", "I would push back", "I'd make the call",
    "in a nutshell", "to answer directly", "I'd do", "I would do",
    # The issue's own example: "I would ..." opens a recommendation in an interview
    # answer far more often than it hides in a preamble.
    "I would", "I'd",
])

# Transitions that tell the listener where the answer is going.
TRANSITIONS = phrases([
    "to sum up", "to summarise", "to summarize", "in summary", "in conclusion", "to conclude",
    "to wrap up", "overall", "on the other hand", "for example", "for instance", "moving on",
    "the next step", "that brings me to", "in short", "the bottom line",
])

# Ordinals ordering points: their rank ("finally"/"lastly" is one past the last).
ORDINALS = {
    "first": 1, "firstly": 1, "second": 2, "secondly": 2, "third": 3, "thirdly": 3,
    "fourth": 4, "fourthly": 4, "fifth": 5, "finally": 0, "lastly": 0,
}
ORDINAL_AFTER = frozenset({"and", "then", "so", "the", "my", "is"})
# "a second", "by a third", "two thirds": time and fractions, not points.
ORDINAL_NOT_AFTER = frozenset({"at", "per", "one", "split", "every", "for", "our", "a", "two"})
ORDINAL_NOT_BEFORE = frozenset({
    "time", "times", "day", "days", "week", "year", "place", "hand", "half", "quarter",
    "version", "round", "date", "glance", "class", "party", "person", "language",
})
COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
PROMISE_NOUNS = frozenset({
    "things", "points", "reasons", "steps", "parts", "areas", "ways", "factors", "questions",
    "priorities", "options", "risks", "lessons", "considerations", "pillars", "buckets",
    "phases", "stages", "components", "ideas", "goals", "principles", "criteria", "levers",
    "dimensions", "angles", "problems", "issues", "metrics", "concerns", "changes", "pieces",
})
PROMISE_ADJECTIVES = frozenset({
    "main", "key", "big", "important", "major", "core", "different", "specific", "clear",
    "separate", "quick", "broad", "distinct", "critical",
})
NUMBER_WORDS = frozenset({
    "percent", "half", "double", "doubled", "tripled", "twice", "thousand", "million",
    "billion", "hundred", "ten", "twenty", "thirty", "forty", "fifty",
})

STAR_PARTS = ("situation", "task", "action", "result")
STAR = {
    "situation": phrases([
        "at the time", "when I was", "while I was", "I was working", "I was leading",
        "in my last role", "in my previous role", "at my previous", "at my last",
        "a few years ago", "last year", "the situation", "the context", "the background",
        "we were facing", "we had a problem", "the problem was", "the challenge was",
        "our team was", "back in", "I worked at", "I was a", "I was an", "I was the",
        "we were about to", "a couple of years ago",
    ]),
    "task": phrases([
        "my task", "my role", "my job was", "my goal", "the goal was", "I was responsible",
        "I was asked to", "I needed to", "I had to", "my responsibility", "I was tasked",
        "I owned", "the objective", "we needed to", "I was in charge", "it was up to me",
        "I had been asked", "my mandate",
    ]),
    "action": phrases([
        "I decided", "I proposed", "I built", "I led", "I organised", "I organized",
        "I set up", "I reached out", "I analysed", "I analyzed", "I wrote", "I created",
        "I started by", "first I", "then I", "I talked", "I spoke", "I met", "I ran",
        "I designed", "I introduced", "I worked with", "I convinced", "I negotiated",
        "I put together", "I changed", "I moved", "I asked", "I pushed", "I made",
        "what I did", "the steps I took", "I brought",
    ]),
    "result": phrases([
        "as a result", "the result", "the outcome", "in the end", "ended up", "which led to",
        "led to", "we shipped", "we launched", "we delivered", "the impact", "resulted in",
        "we reduced", "we increased", "we cut", "we saved", "it reduced", "it cut", "we hit",
        "we grew", "went from", "went down", "went up", "by the end", "that cut",
        "which cut", "which reduced", "which saved", "we improved", "it improved",
    ]),
}
# Irregular past tenses that follow "I" in a story's actions.
_IRREGULAR_PAST = frozenset({
    "built", "led", "wrote", "ran", "made", "took", "spoke", "met", "brought", "set", "put",
    "went", "sent", "told", "chose", "drove", "found", "got", "gave", "began", "sat", "kept",
    "held", "caught", "sought", "taught", "thought", "did", "rewrote", "split", "cut",
})
_NOT_PAST = frozenset({"need", "used", "red", "bed", "shed", "seed", "feed", "speed"})


def is_past_tense(text: str) -> bool:
    return text in _IRREGULAR_PAST or (
        len(text) > 3 and text.endswith("ed") and text not in _NOT_PAST
    )


# Closing: a summary, a decision or a lesson in the last seconds.
CLOSING = phrases([
    "to sum up", "in summary", "to summarise", "to summarize", "so overall", "overall",
    "in short", "the bottom line", "my recommendation", "I would recommend", "I recommend",
    "that is why", "that's why", "which is why", "so the answer", "in conclusion",
    "to conclude", "the lesson", "I learned", "I learnt", "looking back", "next time",
    "going forward", "we should", "the key takeaway", "the takeaway", "ultimately",
    "so my answer", "so I would", "so I'd", "that's how", "that is how", "in the end",
    "my decision", "I decided", "I'd do it again", "I would do it again", "since then",
    "in hindsight",
    # A consequence drawn in the last third ("so we set hard constraints before ...") is the
    # answer's decision, not a trail-off: a trail-off stops on "so" (TRAILING_WORDS).
    "so we", "so that's", "so that is",
])
# An answer that stops on one of these, with no full stop, trailed off.
TRAILING_WORDS = frozenset({
    "and", "so", "but", "or", "um", "uh", "because", "like", "then", "the", "a", "which",
})
