"""Transcript exports: plain text, SubRip (srt), WebVTT (vtt) and the DESIGN JSON.

Subtitles follow the usual conventions (cues.py): a cue at most 7 s, two lines of 42.
"""

from __future__ import annotations

import json

from desktop_app.core.errors import UserError
from desktop_app.core.transcript import Transcript
from desktop_app.core.transcript_cues import cues

FORMATS = ("json", "txt", "srt", "vtt")


def _clock(seconds: float, sep: str) -> str:
    ms_total = max(0, round(seconds * 1000))
    h, rest = divmod(ms_total, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_txt(transcript: Transcript) -> str:
    return "\n".join(s.text for s in transcript.segments if s.text) + "\n"


def to_srt(transcript: Transcript) -> str:
    blocks = []
    for i, cue in enumerate(cues(transcript), start=1):
        blocks.append(f"{i}\n{_clock(cue.start, ',')} --> {_clock(cue.end, ',')}\n{cue.text}\n")
    return "\n".join(blocks)


def to_vtt(transcript: Transcript) -> str:
    blocks = ["WEBVTT\n"]
    for cue in cues(transcript):
        # "-->" inside a cue would end it early.
        text = cue.text.replace("-->", "->")
        blocks.append(f"{_clock(cue.start, '.')} --> {_clock(cue.end, '.')}\n{text}\n")
    return "\n".join(blocks)


def to_json(transcript: Transcript) -> str:
    return json.dumps(transcript.to_dict(), indent=2, ensure_ascii=False) + "\n"


def render(transcript: Transcript, fmt: str) -> str:
    if fmt == "json":
        return to_json(transcript)
    if fmt == "txt":
        return to_txt(transcript)
    if fmt == "srt":
        return to_srt(transcript)
    if fmt == "vtt":
        return to_vtt(transcript)
    raise UserError(f"Unknown transcript format '{fmt}'; use one of: {', '.join(FORMATS)}.")


def format_for_path(path: str) -> str | None:
    """The format a file name asks for by its extension (e.g. answer.srt), if any."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return suffix if suffix in FORMATS else None
