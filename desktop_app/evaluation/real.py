"""Real recordings for the "real" condition: those the project ships (``data/real/``: each
audio file beside a .txt of what was said; sources and licences in its SOURCES.md), and any
folder of recordings the user gives (`stagecoach eval --real DIR`, the same layout).

No package Stagecoach installs ships real speech (openai-whisper's and faster-whisper's test
clips stay in their source trees), so the clips whose use is clearly free are kept here:
John F. Kennedy's "ask not" and five sentences of a LibriVox audiobook (both public domain).
Nothing is ever downloaded.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop_app.core.audio.audio_decode import audio_duration_s
from desktop_app.core.errors import UserError
from desktop_app.evaluation.corpus import Case
from desktop_app.evaluation.truth import Sentence, Truth
from desktop_app.evaluation.words import normalise_words

AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".m4a", ".ogg")
SHIPPED = Path(__file__).with_name("data") / "real"


def truth_from_text(text: str, duration_s: float) -> Truth:
    sentences = [Sentence(tuple(normalise_words(s)))
                 for s in re.split(r"(?<=[.?!])\s+", text.strip()) if normalise_words(s)]
    return Truth(duration_s, sentences, timed=False)


def shipped_clips() -> list[tuple[Path, str]]:
    """The real recordings the project ships (none when its data folder was left out)."""
    return _clips(SHIPPED) if SHIPPED.is_dir() else []


def folder_clips(folder: Path) -> list[tuple[Path, str]]:
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder; give a folder of recordings, each "
                        "beside a .txt file of what was said.")
    found = _clips(folder)
    if not found:
        raise UserError(f"{folder} has no recordings with a .txt of what was said beside "
                        "them (answer.wav and answer.txt, for example).")
    return found


def _clips(folder: Path) -> list[tuple[Path, str]]:
    found = []
    for audio in sorted(folder.iterdir()):
        script = audio.with_suffix(".txt")
        if audio.suffix.lower() in AUDIO_SUFFIXES and script.is_file():
            found.append((audio, script.read_text(encoding="utf-8")))
    return found


def real_cases(folder: Path | None) -> list[Case]:
    clips = shipped_clips() + (folder_clips(folder) if folder is not None else [])
    return [Case(path.stem, "real", path, truth_from_text(text, audio_duration_s(path)), None)
            for path, text in clips]
