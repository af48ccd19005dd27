"""Transcript exports: txt, srt, vtt, json."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.errors import UserError
from desktop_app.core.transcript import Segment, Transcript, Word
from desktop_app.core.transcript_export import format_for_path, render

T = Transcript("faster-whisper", "tiny.en", "en", 3725.5, (
    Segment(0.0, 2.5, "Um, hello there.", (Word("Um,", 0.0, 0.4, 0.5), Word("hello", 0.5, 1.0),
                                           Word("there.", 1.1, 2.5))),
    Segment(3723.25, 3725.0, "A --> B", (Word("A", 3723.25, 3723.5), Word("-->", 3723.6, 3724.0),
                                         Word("B", 3724.2, 3725.0))),
))


def test_srt_numbers_cues_and_uses_commas() -> None:
    srt = render(T, "srt")
    assert srt.startswith("1\n00:00:00,000 --> 00:00:02,500\nUm, hello there.\n")
    assert "2\n01:02:03,250 --> 01:02:05,000\nA --> B\n" in srt


def test_vtt_header_dots_and_no_arrow_inside_cues() -> None:
    vtt = render(T, "vtt")
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nUm, hello there.\n")
    assert "01:02:03.250 --> 01:02:05.000\nA -> B\n" in vtt


def test_txt_and_json() -> None:
    assert render(T, "txt") == "Um, hello there.\nA --> B\n"
    data = json.loads(render(T, "json"))
    assert data["text"] == "Um, hello there. A --> B"
    assert data["segments"][0]["words"][0] == {"word": "Um,", "start": 0.0, "end": 0.4,
                                               "probability": 0.5}
    assert Transcript.from_dict(data) == T


def test_format_from_extension_and_unknown_format() -> None:
    assert format_for_path("out/answer.SRT") == "srt"
    assert format_for_path("answer.md") is None
    with pytest.raises(UserError):
        render(T, "docx")


def _spoken(text: str, wpm: float = 160.0, start: float = 0.0) -> Transcript:
    """One long Whisper segment (as a 25 s window gives), words at ``wpm``."""
    step, words = 60.0 / wpm, []
    for i, token in enumerate(text.split()):
        at = start + i * step
        words.append(Word(token, round(at, 3), round(at + step * 0.8, 3)))
    return Transcript("faster-whisper", "tiny.en", "en", words[-1].end + 1,
                      (Segment(words[0].start, words[-1].end, text, tuple(words)),))


LONG = ("I would start with provenance: where every example came from, who collected it and "
        "under which licence. Then I would measure bias across languages and dialects, "
        "because a model trained on skewed data repeats the skew at scale. Finally we red "
        "team the release with outside testers and stop the launch if harm goes up, "
        "whatever the trade -off with speed.")


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_cues_follow_subtitle_conventions(fmt: str) -> None:
    transcript = _spoken(LONG)
    assert transcript.segments[0].end - transcript.segments[0].start > 20
    out = render(transcript, fmt)
    sep = "," if fmt == "srt" else "."
    blocks = [b for b in out.split("\n\n") if "-->" in b]
    assert len(blocks) >= 4
    said = []
    previous_end = 0.0
    for block in blocks:
        lines = block.strip().splitlines()
        timing = next(i for i, line in enumerate(lines) if " --> " in line)
        start, end = (_seconds(t, sep) for t in lines[timing].split(" --> "))
        text_lines = lines[timing + 1:]
        assert end - start <= 7.0, block
        assert start >= previous_end - 1e-6, block
        previous_end = end
        assert 1 <= len(text_lines) <= 2, block
        assert all(len(line) <= 42 for line in text_lines), block
        said += " ".join(text_lines).split()
    # Every word is there once, in order; a hyphenated word is written whole.
    assert " ".join(said) == LONG.replace("trade -off", "trade-off")


def _seconds(clock: str, sep: str) -> float:
    hms, ms = clock.split(sep)
    h, m, s = (int(x) for x in hms.split(":"))
    return h * 3600 + m * 60 + s + int(ms) / 1000
