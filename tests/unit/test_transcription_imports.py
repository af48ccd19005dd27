"""Importing the CLI, the UI and the app-side transcription modules never loads ML libraries."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("torch", "whisper", "ctranslate2", "faster_whisper", "onnxruntime", "tokenizers",
         "numba", "huggingface_hub", "piper")

SCRIPT = """
import importlib, json, sys
import desktop_app.cli as cli
cli.build_parser()
for name in ("desktop_app.ui", "desktop_app.ui.app", "desktop_app.transcription.worker",
             "desktop_app.transcription.live", "desktop_app.transcription.service",
             "desktop_app.transcription.models", "desktop_app.transcription.convert",
             "desktop_app.bench.transcription", "desktop_app.commands.doctor",
             "desktop_app.voice.speech", "desktop_app.commands.say"):
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
print(json.dumps(sorted(m.split(".")[0] for m in sys.modules)))
"""


def test_no_heavy_imports_in_the_app_process() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         check=True, timeout=120)
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert "desktop_app" in loaded
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_doctor_does_not_import_engines() -> None:
    script = ("import sys, json\nfrom desktop_app.cli import main\ncode = main(['doctor'])\n"
              "print(json.dumps([code, sorted(m.split('.')[0] for m in sys.modules)]))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    code, loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert code in (0, 2)
    assert not set(loaded) & set(HEAVY)
