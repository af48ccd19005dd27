"""Transcript exports: txt, srt, vtt, json."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.errors import UserError
from desktop_app.core.transcript import Segment, Transcript, Word
from desktop_app.transcription.export import format_for_path, render

T = Transcript("faster-whisper", "tiny.en", "en", 3725.5, (
    Segment(0.0, 2.5, "Um, hello there.", (Word("Um,", 0.0, 0.4, 0.5), Word("hello", 0.5, 1.0),
                                           Word("there.", 1.1, 2.5))),
    Segment(3723.25, 3725.0, "A --> B", (Word("A", 3723.25, 3723.5),)),
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
