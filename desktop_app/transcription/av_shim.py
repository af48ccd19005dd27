"""Lets faster_whisper be imported in installs that leave PyAV out.

faster_whisper/audio.py runs ``import av`` when faster_whisper is imported, but uses it
only in decode_audio(), which Stagecoach never calls: audio is decoded by
desktop_app.core.audio.audio_decode and handed to the model as samples. The desktop installer
leaves PyAV and its FFmpeg libraries (72 MB) out, and then that one import would stop
faster_whisper from loading at all.

ensure_importable() puts a placeholder ``av`` module in sys.modules when, and only
when, no real PyAV can be found. Any use of the placeholder (``av.open``,
``from av import x``, ``import av.audio``) raises ModuleNotFoundError saying why, so
nothing quietly runs on a fake; audio_decode treats that like a missing PyAV and falls
back to the ffmpeg program. A real PyAV is never shadowed.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import types

PLACEHOLDER_ORIGIN = "placeholder for the absent PyAV package (desktop_app.transcription.av_shim)"
_WHY = ("PyAV (the 'av' package) is not installed, and this 'av' is only a placeholder that "
        "lets faster_whisper be imported; Stagecoach decodes audio itself and passes samples, "
        "so faster_whisper.decode_audio and anything else that needs PyAV cannot be used")


class _AbsentPyAV(types.ModuleType):
    """The placeholder: a module with no attributes of its own, loud about it."""

    def __getattr__(self, name: str) -> object:
        # Dunder look-ups (__path__, __file__, __wrapped__, ...) are how the import
        # system, pickle and inspect probe a module; they get the usual AttributeError,
        # so that "import av.audio" fails as for any plain module that is not a package.
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        raise ModuleNotFoundError(f"av.{name}: {_WHY}.", name="av")


def is_placeholder(module: object) -> bool:
    return isinstance(module, _AbsentPyAV)


def ensure_importable() -> bool:
    """Make ``import faster_whisper`` work without PyAV; call it before that import.

    Returns True when the placeholder is in place (PyAV is absent), False when the real
    PyAV is importable or already imported. Calling it again changes nothing.
    """
    current = sys.modules.get("av")
    if current is not None:
        return is_placeholder(current)
    if importlib.util.find_spec("av") is not None:
        return False
    placeholder = _AbsentPyAV("av", f"Not PyAV: the {PLACEHOLDER_ORIGIN}.")
    # A spec, so that importlib.util.find_spec("av") answers (with this origin) instead
    # of raising ValueError for a module without one.
    placeholder.__spec__ = importlib.machinery.ModuleSpec("av", None, origin=PLACEHOLDER_ORIGIN)
    placeholder.__package__ = ""
    sys.modules["av"] = placeholder
    return True
