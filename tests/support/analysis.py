"""Helpers for analysis tests: hand-written timed transcripts and a small bank."""

from __future__ import annotations

import re

from desktop_app.core.banks.model import Bank, Concept, Question, RedFlag, Stage, StageTiming
from desktop_app.core.transcript import Segment, Transcript, Word

_GAP = re.compile(r"^\[(\d+(?:\.\d+)?)\]$")
_PROB = re.compile(r"^(.*)@(0(?:\.\d+)?|1(?:\.0+)?)$")


def timed_words(text: str, start: float = 0.0, word_s: float = 0.3, gap_s: float = 0.1
                ) -> list[Word]:
    """Words with even timings. "[2.5]" inserts 2.5 s of extra gap; "word@0.3" sets a
    probability."""
    words: list[Word] = []
    t = start
    for piece in text.split():
        gap = _GAP.match(piece)
        if gap:
            t += float(gap.group(1))
            continue
        prob = 0.95
        m = _PROB.match(piece)
        if m:
            piece, prob = m.group(1), float(m.group(2))
        words.append(Word(piece, round(t, 3), round(t + word_s, 3), prob))
        t += word_s + gap_s
    return words


def transcript_of(text: str, duration_s: float | None = None, **kw: float) -> Transcript:
    words = timed_words(text, **kw)
    end = words[-1].end if words else 0.0
    seg = Segment(words[0].start if words else 0.0, end, " ".join(w.word for w in words),
                  tuple(words))
    return Transcript("test", "hand-written", "en", duration_s if duration_s else end, (seg,))


TIMING = StageTiming(prep_s=30, green_s=60, yellow_s=90, red_s=120)


def sample_bank(expects: tuple[str, ...] = ("provenance", "rlhf", "red_teaming", "bias",
                                             "tokenization")) -> tuple[Bank, Question]:
    concepts = {
        "provenance": Concept("provenance", "Data provenance and lineage",
                              ("provenance", "lineage", "where the data came from"),
                              "Interviewers want to know you can trace every example."),
        "rlhf": Concept("rlhf", "RLHF", ("RLHF", "reinforcement learning from human feedback"),
                        "It is how preference data shapes the model."),
        "red_teaming": Concept("red_teaming", "Red teaming", ("red teaming", "adversarial testing"),
                               "Shows you look for failures before users do."),
        "bias": Concept("bias", "Bias", ("bias", "fairness"), "Skewed data gives skewed models."),
        "tokenization": Concept("tokenization", "Tokenization", ("tokenization",),
                                "Costs and limits depend on it."),
        "data": Concept("data", "Data", ("data",), ""),
        "evaluation": Concept("evaluation", "Evaluation", ("held-out set", "benchmark"), ""),
        "pii": Concept("pii", "Personal data", ("PII", "personal data"), "Privacy law."),
    }
    flags = {
        "speed_over_safety": RedFlag("speed_over_safety", "Trades safety for speed",
                                     ("move fast", "break things", "ship first and fix later"),
                                     "Treat safety constraints as hard boundaries."),
    }
    question = Question("q1", "Design a data strategy.", "case-study", TIMING, expects, ())
    stage = Stage("case-study", "Case study", TIMING, (question,))
    bank = Bank("test-bank", "Test bank", "", concepts, flags, (stage,))
    return bank, question
