"""Filler rules on hand-written transcripts: each rule both ways."""

from __future__ import annotations

import pytest

from desktop_app.core.analysis.fillers import find_fillers
from desktop_app.core.analysis.lexicon import load_lexicon
from desktop_app.core.analysis.tokens import normalise_word, tokenize
from desktop_app.core.errors import UserError
from tests.support.analysis import timed_words


def fillers(text: str, extra: tuple[str, ...] = ()) -> list[str]:
    lex = load_lexicon(extra)
    return [h.text for h in find_fillers(tokenize(timed_words(text), lex.keep_whole), lex)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # unconditional, including ASR spellings and punctuation
        ("Um, the plan is simple.", ["um"]),
        ("The plan, uh, is simple.", ["uh"]),
        ("Umm... we tried. Uhh, again. Mhm. Hmm. Erm, okay then.",
         ["umm", "uhh", "mhm", "hmm", "erm"]),
        ("Ummmm we tried.", ["ummmm"]),
        ("Mm-hmm, that works.", ["mm-hmm"]),
        # how the recogniser writes a held "uhhh" of two seconds
        ("We collect. Eh... Then we check. Ehh, again.", ["eh", "ehh"]),
        # how the recogniser writes a hummed "ummm"
        ("We check each subgroup. Our hum, because the labels drift.", ["hum"]),
        ("A horror hum, every contributor agreed.", ["hum"]),
        ("The hum of the fans was loud.", []),
        ("There was a low hum, then silence.", []),
        ("We heard the hum, and stopped.", []),
        # never substrings
        ("The number of humans summed up.", []),
        ("We also chose a thumbnail.", []),
        ("The M L team", []),
        # like
        ("I like this approach.", []),
        ("It looks like a cache.", []),
        ("Do it like this.", []),
        ("I would like to add metrics.", []),
        ("I'd like to add metrics.", []),
        ("Something like a funnel.", []),
        ("It was, like, huge.", ["like"]),
        ("Like, we never checked.", ["like"]),
        ("We had um like no data.", ["um", "like"]),
        # so
        ("So, the first step is data.", ["so"]),
        ("So the first step is data.", ["so"]),
        ("We checked it, so we shipped.", []),
        # a breath after the comma does not make the conjunction a filler; set off, it is
        ("We checked it, [0.6] so we shipped.", []),
        ("We checked it, [0.6] so, um, we shipped.", ["so", "um"]),
        ("We labelled it so that we could train.", []),
        ("So that we could train, we labelled it.", []),
        ("There was so much data.", []),
        ("So far it works.", []),
        ("I think so.", []),
        ("Ten minutes or so.", []),
        ("Metrics and so on.", []),
        ("We waited. So we shipped.", ["so"]),
        ("We waited [0.8] so we shipped.", ["so"]),
        # right
        ("That is the metric, right?", ["right"]),
        ("Right, so the plan.", ["right", "so"]),
        ("Pick the right metric.", []),
        ("Right now we ship.", []),
        ("Is that right?", []),
        ("Turn right after the launch.", []),
        # well
        ("Well, it depends.", ["well"]),
        ("Well we tried.", ["well"]),
        ("It went well.", []),
        ("It works as well.", []),
        ("Well known models fail.", []),
        # actually / basically / literally
        ("Actually, it failed.", ["actually"]),
        ("It was, actually, fine.", ["actually"]),
        ("What actually happened was drift.", []),
        ("It basically works.", ["basically"]),
        ("It literally broke.", ["literally"]),
        ("Do not take it literally.", []),
        # okay
        ("Okay, so the plan.", ["okay", "so"]),
        ("That is okay.", []),
        ("We ship it, okay?", ["okay"]),
        # phrases
        ("It was, you know, hard.", ["you know"]),
        ("Do you know the answer?", []),
        ("You know what the metric is.", []),
        ("I mean, it is hard.", ["i mean"]),
        ("What I mean is drift.", []),
        ("It is kind of hard.", ["kind of"]),
        ("What kind of data?", []),
        ("It is sort of broken.", ["sort of"]),
        ("A different sort of test.", []),
        ("You see, the model drifts.", ["you see"]),
        ("As you see here.", []),
        ("If you see drift, stop.", []),
    ],
)
def test_filler_rules(text: str, expected: list[str]) -> None:
    assert fillers(text) == expected


def test_extra_fillers_from_settings_count_everywhere() -> None:
    assert fillers("We did it, to be honest, quickly.", ("to be honest", "anyway")) == [
        "to be honest"
    ]
    assert fillers("Anyway we did it.", ("anyway",)) == ["anyway"]
    assert fillers("Anyway we did it.") == []


def test_user_lexicon_file_is_merged(stagecoach_home: object) -> None:
    from desktop_app.core.analysis.lexicon import user_lexicon_path

    path = user_lexicon_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[unconditional]\nwords = ["yeah"]\n\n[[rule]]\ntext = "like"\n'
                    'position = "anywhere"\n', encoding="utf-8")
    assert fillers("Yeah I like it.") == ["yeah", "like"]


def test_broken_user_lexicon_is_a_user_error(stagecoach_home: object) -> None:
    from desktop_app.core.analysis.lexicon import user_lexicon_path

    path = user_lexicon_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[[rule]]\ntext = "like"\nposition = "sometimes"\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"fillers\.toml"):
        load_lexicon()


def test_filler_items_keep_timestamps() -> None:
    lex = load_lexicon()
    words = timed_words("We did, um, the thing, you know?", start=1.0)
    hits = find_fillers(tokenize(words, lex.keep_whole), lex)
    assert [(h.text, h.start, h.words) for h in hits] == [("um", 1.8, 1), ("you know", 3.0, 2)]
    assert hits[1].end == words[6].end


@pytest.mark.parametrize(
    ("raw", "tokens"),
    [
        ("So,", ["so"]),
        ("RLHF's", ["rlhf's"]),
        ("R.L.H.F.", ["rlhf"]),
        ("state-of-the-art", ["state", "of", "the", "art"]),
        ("don't", ["do", "not"]),
        ("can’t", ["can", "not"]),
        ("I'd", ["i", "would"]),
        ("1,000", ["1000"]),
        ("3.5", ["3.5"]),
        ("20%", ["20", "percent"]),
        ("A/B", ["a", "b"]),
        ("...", []),
        ("“Quoted”", ["quoted"]),
    ],
)
def test_normalise_word(raw: str, tokens: list[str]) -> None:
    assert normalise_word(raw) == tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A filled "um" the recogniser wrote as an unsure word one letter from a sound.
        ("Old archives. Our arm,@0.09 because more data.", ["erm"]),
        ("We tried hum.@0.1 Then it worked.", ["hm"]),
        ("We tried ahm@0.15 [0.6] then it worked.", ["ah"]),
        # Sure of the word, not set off, or not one letter from a sound: a word.
        ("He broke his arm, because he fell.", []),
        ("The arm@0.09 broke.", []),
        ("The tie,@0.05 then the knot.", []),
        # Two-letter words are too often real words near a sound.
        ("We looked at,@0.05 then moved.", []),
    ],
)
def test_an_unsure_word_spelled_like_a_sound_is_that_sound(text: str,
                                                            expected: list[str]) -> None:
    assert fillers(text) == expected


def test_an_extra_filler_word_does_not_make_its_neighbours_fillers() -> None:
    # "yeah" counts everywhere, but it is a word, not a sound: "yea" stays a word.
    assert fillers("Yeah, we said yea,@0.05 then left.", extra=("yeah",)) == ["yeah"]
