"""Real recordings for the "real" condition: speech that installed packages ship, with the
words said, and any folder of recordings the user gives (`stagecoach eval --real DIR`:
each audio file beside a .txt of what was said).

No package installed by Stagecoach ships real speech today (openai-whisper's and
faster-whisper's test clips stay in their source trees), so without --real the condition
has no cases and its figures are null. Nothing is ever downloaded.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from desktop_app.core.audio.audio_decode import audio_duration_s
from desktop_app.core.errors import UserError
from desktop_app.evaluation.corpus import Case
from desktop_app.evaluation.truth import Sentence, Truth
from desktop_app.evaluation.words import normalise_words

AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".m4a", ".ogg")
_JFK = ("And so my fellow Americans, ask not what your country can do for you, "
        "ask what you can do for your country.")
# (module, path inside the installed module's folder, what is said), where a package would
# ship a clip if it did.
KNOWN_CLIPS = (
    ("whisper", "assets/jfk.flac", _JFK),
    ("faster_whisper", "assets/jfk.flac", _JFK),
)


def truth_from_text(text: str, duration_s: float) -> Truth:
    sentences = [Sentence(tuple(normalise_words(s)))
                 for s in re.split(r"(?<=[.?!])\s+", text.strip()) if normalise_words(s)]
    return Truth(duration_s, sentences, timed=False)


def shipped_clips() -> list[tuple[Path, str]]:
    found = []
    for module, relative, text in KNOWN_CLIPS:
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            path = Path(folder) / relative
            if path.is_file():
                found.append((path, text))
    return found


def folder_clips(folder: Path) -> list[tuple[Path, str]]:
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder; give a folder of recordings, each "
                        "beside a .txt file of what was said.")
    found = []
    for audio in sorted(folder.iterdir()):
        script = audio.with_suffix(".txt")
        if audio.suffix.lower() in AUDIO_SUFFIXES and script.is_file():
            found.append((audio, script.read_text(encoding="utf-8")))
    if not found:
        raise UserError(f"{folder} has no recordings with a .txt of what was said beside "
                        "them (answer.wav and answer.txt, for example).")
    return found


def real_cases(folder: Path | None) -> list[Case]:
    clips = shipped_clips() + (folder_clips(folder) if folder is not None else [])
    return [Case(path.stem, "real", path, truth_from_text(text, audio_duration_s(path)), None)
            for path, text in clips]
