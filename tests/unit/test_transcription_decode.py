"""audio_decode: every format, rate, channel count and sample width; every bad-file class."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.audio_decode import audio_duration_s, load_audio
from desktop_app.core.errors import UserError
from tests.transcription_support import speech


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speech("Hello, this is a short test of the audio decoder.",
                  tmp_path_factory.mktemp("decode") / "clip.wav")


def _convert(src: Path, out: Path, *args: str) -> Path:
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(src), *args, str(out)],
                   check=True, timeout=60)
    return out


@pytest.mark.parametrize("name,args", [
    ("clip.flac", []),
    ("clip.mp3", []),
    ("clip.m4a", []),
    ("clip.ogg", []),
    ("stereo44k24.wav", ["-ac", "2", "-ar", "44100", "-c:a", "pcm_s24le"]),
    ("rate8k.wav", ["-ar", "8000"]),
])
def test_formats_decode_to_the_same_16k_mono_signal(clip: Path, tmp_path: Path, name: str,
                                                     args: list[str]) -> None:
    reference = load_audio(clip)
    other = load_audio(_convert(clip, tmp_path / name, *args))
    assert other.dtype == np.float32 and other.ndim == 1
    # Same length within codec padding (m4a/mp3 add up to a few tens of ms).
    assert abs(len(other) - len(reference)) < 0.06 * 16000
    n = min(len(other), len(reference))
    corr = np.corrcoef(reference[:n], other[:n])[0, 1]
    assert corr > (0.9 if "8k" in name else 0.98)
    assert float(np.max(np.abs(other))) <= 1.0
    assert audio_duration_s(tmp_path / name) == pytest.approx(len(reference) / 16000, abs=0.06)


def test_stereo_is_averaged_not_clipped(tmp_path: Path) -> None:
    # Two identical full-scale channels: a summing downmix would clip at 1.0.
    t = np.arange(16000) / 16000
    tone = (0.9 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    import soundfile as sf

    sf.write(tmp_path / "st.wav", np.stack([tone, tone], axis=1), 16000, subtype="PCM_24")
    out = load_audio(tmp_path / "st.wav")
    assert float(np.max(np.abs(out))) == pytest.approx(0.9, abs=0.01)


@pytest.mark.parametrize("kind", ["missing", "empty", "folder", "garbage", "text", "truncated",
                                  "video_without_audio"])
def test_bad_files_are_one_plain_sentence_naming_the_file(clip: Path, tmp_path: Path,
                                                          kind: str) -> None:
    path = tmp_path / f"{kind}.wav"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "folder":
        path.mkdir()
    elif kind == "garbage":
        path.write_bytes(np.random.default_rng(1).bytes(4000))
    elif kind == "text":
        path.write_text("this is not audio\n" * 20)
    elif kind == "truncated":
        path.write_bytes(clip.read_bytes()[:44])  # a WAV header and no samples
    elif kind == "video_without_audio":
        path = tmp_path / "silent.mp4"
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                        "color=c=black:s=32x32:d=1", str(path)], check=True, timeout=60)
    with pytest.raises(UserError) as err:
        load_audio(path)
    message = err.value.message
    assert path.name in message
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message
