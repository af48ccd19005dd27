"""The corpus scripts and their labels: what each synthetic answer says, and what is true of it.

A script's body is a sequence of sentences (strings) and silences (seconds, inserted after
the sentence before). Inside a sentence, ``{um,}`` marks a spoken filler and ``<uh>`` /
``<um>`` a filled pause made as a sound (``<uhhh>`` / ``<ummm>``: one held 1.5 to 2 s, as a
hesitant speaker draws one out); each of these is synthesised as a piece of its own, so its
time in the answer is known exactly. Everything else is ordinary speech.

Labels are about meaning, not about the bank's wording: a red flag said in other words
("we moved fast and broke things") is a red flag; one that is rejected ("we would never
...") is not; a concept named with an inflection or a word a recogniser tends to mishear
("provenance", "tokenizers") is covered. The eval measures how often the pipeline agrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BANK_FILE = "eval_bank.toml"
PREFERENCE = "eval-preference-data"
LANGUAGES = "eval-new-languages"

# A piece: ("say", text), ("filler", text) or ("sound", name of a filled pause).
Piece = tuple[str, str]
_MARK = re.compile(r"\{([^}]*)\}|<(uhhh|ummm|uh|um)>")


@dataclass(frozen=True)
class Script:
    id: str
    question: str
    body: tuple[str | float, ...]
    concepts: tuple[str, ...]  # the question's concepts the answer really covers
    red_flags: tuple[str, ...] = ()  # red flags really said (not rejected)
    quick: bool = False  # part of `stagecoach eval --quick`

    @property
    def has_fillers(self) -> bool:
        return any(isinstance(s, str) and _MARK.search(s) for s in self.body)


def pieces(sentence: str) -> list[Piece]:
    """A sentence cut into speech, filler and filled-pause pieces, in order."""
    out: list[Piece] = []
    at = 0
    for match in _MARK.finditer(sentence):
        before = sentence[at : match.start()].strip()
        if before:
            out.append(("say", before))
        if match.group(1) is not None:
            out.append(("filler", match.group(1).strip()))
        else:
            out.append(("sound", match.group(2)))
        at = match.end()
    rest = sentence[at:].strip()
    if rest:
        out.append(("say", rest))
    return out


SCRIPTS: tuple[Script, ...] = (
    Script(
        "fillers-and-pauses", PREFERENCE,
        ("{Um,} I would start with the provenance of every dataset we collect.", 2.0,
         "Then we check the labels for bias across each subgroup, <uh> and we run red "
         "teaming before every launch.", 0.8,
         "The reward model is trained with reinforcement learning from human feedback, "
         "{you know,} on careful comparisons.", 3.0,
         "I like this approach because it finds problems early."),
        ("provenance", "bias", "red_teaming", "rlhf"), quick=True,
    ),
    Script(
        "no-fillers-negated-flag", LANGUAGES,
        ("Adding ten new languages starts with the tokenizer, because a poor tokenizer makes "
         "every sentence longer and more expensive.", 1.8,
         "We would never move fast and break things with data that people did not agree to "
         "share.",
         "Every source needs consent, and the licensing terms have to allow training.", 2.5,
         "Then we compare each language on a held out evaluation set before anything ships."),
        ("tokenization", "consent", "evaluation"), quick=True,
    ),
    Script(
        "paraphrased-flags", PREFERENCE,
        ("{Uh,} honestly, we moved fast and broke things on the last project.", 1.6,
         "We scraped everything we could find, {like,} forums and old archives, <um> because "
         "more data is always better.",
         "If something goes wrong, we will just monitor it after launch.", 2.2,
         "The red teamers were brought in at the very end."),
        ("red_teaming",), ("speed_over_safety", "volume_over_provenance",
                           "reactive_only_monitoring"), quick=True,
    ),
    Script(
        "inflected-terms", LANGUAGES,
        ("Our tokenizers split rare scripts into far too many pieces.", 1.5,
         "We licensed the new corpora and asked every contributor for consent.",
         "Skewed samples from one region showed up in the benchmarks, so that we had to "
         "rebalance them.", 3.5,
         "The evaluations now report each language on its own."),
        ("tokenization", "consent", "bias", "evaluation"),
    ),
    Script(
        "misheard-prone", PREFERENCE,
        ("Data lineage tells us where the data came from and who labelled it.", 2.0,
         "The annotators rank pairs of answers, and those rankings train the reward model "
         "through RLHF.",
         "Stress testing with external testers finds jailbreaks that we missed.", 1.7,
         "Underrepresented dialects get extra review."),
        ("provenance", "rlhf", "red_teaming", "bias"),
    ),
    Script(
        "many-fillers", LANGUAGES,
        ("{So,} <um> the first thing is, {uh,} consent from every publisher.", 1.5,
         "{You know,} the tokenizer for Thai is, {like,} really inefficient today.",
         "<uh> We would measure that on a held out set, {um,} per language.", 2.0,
         "{I mean,} it is the only honest way to compare them."),
        ("consent", "tokenization", "evaluation"),
    ),
    Script(
        "public-data-flag", LANGUAGES,
        ("Most of the text is on public websites, and it is public so it is fine to use.",
         2.4,
         "Nobody reads the terms anyway, and the crawl finished in a week.",
         "We checked the tokenization of each language against English.", 1.6,
         "Quality looked similar, so we shipped it."),
        ("tokenization",), ("public_means_fair_game",),
    ),
    Script(
        "rejected-flags", PREFERENCE,
        ("Some people say more data is always better, but I disagree.", 1.9,
         "We never filter it out later; bad examples are removed at the source of the data.",
         "Each release waits until red team findings are fixed.", 2.8,
         "Preference labels come from human feedback with clear guidelines."),
        ("provenance", "red_teaming", "rlhf"),
    ),
    Script(
        "long-pauses-no-fillers", PREFERENCE,
        ("I would begin by auditing the comparisons for demographic skew.", 4.0,
         "Then I would trace the lineage of each batch of comparisons.", 1.5,
         "After that, adversarial testing shows where the policy fails.", 3.0,
         "Finally, the policy is tuned with reinforcement learning from human feedback."),
        ("bias", "provenance", "red_teaming", "rlhf"),
    ),
    Script(
        "traps-no-fillers", LANGUAGES,
        ("I like this problem because each language has its own writing system.", 1.8,
         "We collected text so that every dialect would be represented, with licences we "
         "could check.",
         "The right answer depends on the evaluation we choose.", 2.0,
         "Well designed tokenizers keep the cost per sentence close to English."),
        ("consent", "evaluation", "bias", "tokenization"),
    ),
    Script(
        "held-hesitations", LANGUAGES,
        ("For ten new languages I would start with the tokenizer. <uhhh> Then we count how "
         "many pieces each script needs.", 1.8,
         "<ummm> Every contributor gives consent, <uhhh> and each language gets a held out "
         "evaluation set.",
         "Only then would we ship it."),
        ("tokenization", "consent", "evaluation"),
    ),
)


def quick_scripts() -> tuple[Script, ...]:
    return tuple(s for s in SCRIPTS if s.quick)
