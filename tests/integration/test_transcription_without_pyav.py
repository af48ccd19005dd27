"""`stagecoach transcribe` in an install without PyAV, as the desktop installer ships it.

The command and the worker process it spawns both run without PyAV (tests/without_pyav):
faster_whisper must import through the placeholder, the m4a must be decoded by the ffmpeg
program, and without that program the user gets one sentence and exit status 2.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.audio.audio_decode import _install_hint as install_hint
from tests.support.decode import PROJECT_ROOT, convert, env_without_pyav
from tests.support.transcription import norm, speech, wer

pytestmark = pytest.mark.model

SENTENCE = "Um, the data came from three sources, and we checked each one."


def _transcribe(*args: str, path_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop_app", "transcribe", *args],
                          capture_output=True, text=True, timeout=600, cwd=PROJECT_ROOT,
                          env=env_without_pyav(path_dir))


@pytest.fixture(scope="module")
def m4a(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("no-pyav")
    return convert(speech(SENTENCE, folder / "clip.wav"), folder / "clip.m4a")


def test_m4a_is_transcribed_through_the_ffmpeg_program(m4a: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    done = _transcribe(str(m4a), "--format", "json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text())
    assert data["engine"] == "faster-whisper" and data["model"] == "tiny.en"
    words = [w for w in (norm(x) for x in data["text"].split()) if w]
    expected = [w for w in (norm(x) for x in SENTENCE.split()) if w]
    assert wer(expected, words) <= 0.2, data["text"]
    assert data["duration_s"] == pytest.approx(3.9, abs=1.0)
    assert data["segments"][0]["words"]


def test_without_ffmpeg_an_m4a_is_one_sentence_and_exit_2(m4a: Path, tmp_path: Path) -> None:
    no_ffmpeg = tmp_path / "bin"
    no_ffmpeg.mkdir()
    done = _transcribe(str(m4a), path_dir=no_ffmpeg)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"{m4a} is an M4A file, which needs FFmpeg to read: install ffmpeg "
        f"({install_hint()}), or convert the file to WAV, FLAC, MP3 or OGG.")


@pytest.mark.parametrize("with_ffmpeg", [True, False])
def test_a_corrupt_file_is_still_called_corrupt(tmp_path: Path, with_ffmpeg: bool) -> None:
    garbage = tmp_path / "broken.m4a"
    garbage.write_bytes(np.random.default_rng(7).bytes(6000))
    no_ffmpeg = tmp_path / "bin"
    no_ffmpeg.mkdir()
    done = _transcribe(str(garbage), path_dir=None if with_ffmpeg else no_ffmpeg)
    assert done.returncode == 2
    formats = "wav, flac, mp3, m4a or ogg" if with_ffmpeg else "wav, flac, mp3 or ogg"
    assert done.stderr.strip() == (f"{garbage} is not an audio file Stagecoach can read "
                                   f"(it may be corrupt); use {formats}.")
