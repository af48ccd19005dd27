"""av_shim: faster_whisper imports without PyAV, and the placeholder fails loudly on use."""

from __future__ import annotations

import json
import sys

from desktop_app.transcription.av_shim import PLACEHOLDER_ORIGIN, ensure_importable, is_placeholder
from tests.support.decode import run_without_pyav

WITHOUT_PYAV = """
import importlib.util, json, sys
out = {}
try:
    import faster_whisper
    out["before"] = "imported"
except ModuleNotFoundError as exc:
    out["before"] = exc.name
from desktop_app.transcription.av_shim import ensure_importable
out["ensure"] = [ensure_importable(), ensure_importable()]
import av
import faster_whisper
from faster_whisper import WhisperModel
out["spec_origin"] = importlib.util.find_spec("av").origin
out["same_module"] = sys.modules["av"] is av
out["has_path"] = hasattr(av, "__path__")
for label, code in (("attribute", "av.open"), ("from_import", "from av import AudioResampler"),
                    ("submodule", "import av.audio"),
                    ("decode_audio", "faster_whisper.decode_audio('clip.wav')")):
    try:
        exec(code)
        out[label] = None
    except ImportError as exc:
        out[label] = [type(exc).__name__, str(exc)]
print(json.dumps(out))
"""


def test_placeholder_lets_faster_whisper_import_and_refuses_every_use() -> None:
    done = run_without_pyav(WITHOUT_PYAV)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["before"] == "av"  # without the placeholder, faster_whisper does not import
    assert out["ensure"] == [True, True]
    assert out["spec_origin"] == PLACEHOLDER_ORIGIN and out["same_module"]
    assert out["has_path"] is False
    for label in ("attribute", "from_import", "decode_audio"):
        kind, message = out[label]
        assert kind == "ModuleNotFoundError", label
        assert "PyAV (the 'av' package) is not installed" in message, label
    assert out["submodule"][0] == "ModuleNotFoundError"
    assert "'av' is not a package" in out["submodule"][1]


def test_a_real_pyav_is_never_shadowed() -> None:
    assert ensure_importable() is False
    assert "av" not in sys.modules or not is_placeholder(sys.modules["av"])
    import av

    assert not is_placeholder(av) and callable(av.open)
    assert ensure_importable() is False
