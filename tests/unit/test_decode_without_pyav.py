"""Decoding in an install without PyAV: the ffmpeg program when on PATH, else a sentence.

Each test runs a real Python process in which PyAV cannot be found (tests/without_pyav),
once with the system's PATH and once with a PATH that has no ffmpeg program.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from desktop_app.core.audio import audio_decoders as decoders
from desktop_app.core.audio.audio_decode import _install_hint as install_hint
from desktop_app.core.audio.audio_decode import load_audio
from tests.support.decode import aligned_difference, convert, run_without_pyav
from tests.support.transcription import speech

DECODE_ALL = """
import json, sys
from pathlib import Path
import numpy as np
from desktop_app.core.audio.audio_decode import audio_duration_s, load_audio
from desktop_app.core.errors import UserError
folder = Path(sys.argv[1])
results = {}
for path in sorted(folder.iterdir()):
    if path.suffix == ".npy":
        continue
    try:
        audio = load_audio(path)
    except UserError as exc:
        results[path.name] = ["error", exc.message]
        continue
    np.save(folder / (path.name + ".npy"), audio)
    results[path.name] = ["ok", len(audio), audio_duration_s(path)]
print(json.dumps({"results": results, "av_imported": "av" in sys.modules}))
"""

LIBSNDFILE_FORMATS = ("clip.wav", "clip.flac", "clip.mp3", "clip.ogg", "clip.opus",
                      "clip.aiff", "stereo44k24.wav")
FFMPEG_FORMATS = ("clip.m4a", "stereo.m4a", "clip.webm", "wma.wav", "flac_in.ogg")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("without-pyav")
    clip = speech("Hello, this is a short test of the audio decoder.", folder / "clip.wav")
    for name, args in (("clip.flac", []), ("clip.mp3", []), ("clip.ogg", []),
                       ("clip.opus", []), ("clip.aiff", []), ("clip.m4a", []),
                       ("clip.webm", []), ("stereo.m4a", ["-ac", "2", "-ar", "44100"]),
                       ("stereo44k24.wav", ["-ac", "2", "-ar", "44100", "-c:a", "pcm_s24le"]),
                       ("wma.wav", ["-c:a", "wmav2"]), ("flac_in.ogg", ["-c:a", "flac"])):
        convert(clip, folder / name, *args)
    (folder / "garbage.m4a").write_bytes(np.random.default_rng(1).bytes(4000))
    (folder / "text.wav").write_text("this is not audio\n" * 20)
    (folder / "header.wav").write_bytes(clip.read_bytes()[:44])
    flac = (folder / "clip.flac").read_bytes()
    (folder / "cut.flac").write_bytes(flac[: len(flac) // 2])
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "color=c=black:s=32x32:d=1", str(folder / "silent.mp4")], check=True,
                   timeout=60)
    return folder


def _decode_all(files: Path, tmp_path: Path, path_dir: Path | None) -> dict[str, list[Any]]:
    work = tmp_path / "files"
    work.mkdir()
    for f in files.iterdir():
        if f.suffix != ".npy":
            (work / f.name).write_bytes(f.read_bytes())
    done = run_without_pyav(DECODE_ALL, path_dir=path_dir, args=(str(work),))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["av_imported"] is False
    results: dict[str, list[Any]] = out["results"]
    for name, result in results.items():
        if result[0] == "ok":
            result.append(np.load(work / (name + ".npy")))
    return results


def _check_libsndfile_formats(files: Path, results: dict[str, list[Any]]) -> None:
    for name in LIBSNDFILE_FORMATS:
        status, _, _, audio = results[name]
        assert status == "ok", name
        # The same soundfile path as with PyAV installed: the same samples, bit for bit.
        np.testing.assert_array_equal(audio, load_audio(files / name), err_msg=name)


def _check_kept_and_refused(work: Path, results: dict[str, list[Any]], formats: str) -> None:
    for name in ("garbage.m4a", "text.wav"):
        # Damaged or not audio at all: never sent off to install FFmpeg.
        assert results[name] == ["error", f"{work / name} is not an audio file Stagecoach "
                                 f"can read (it may be corrupt); use {formats}."]
    assert results["header.wav"] == [
        "error", f"{work / 'header.wav'} contains no audio samples; record or pick another file."]
    # A damaged tail after good audio is kept.
    whole = len(load_audio(work / "clip.wav"))
    assert results["cut.flac"][0] == "ok" and 0.3 * whole < results["cut.flac"][1] < 0.7 * whole


def test_ffmpeg_program_decodes_what_libsndfile_cannot(files: Path, tmp_path: Path) -> None:
    results = _decode_all(files, tmp_path, path_dir=None)
    _check_libsndfile_formats(files, results)
    for name in ("clip.m4a", "stereo.m4a", "wma.wav"):
        status, n, duration, audio = results[name]
        assert status == "ok", name
        pyav = decoders.decode_pyav(files / name, 16000)  # here, in the test's own process
        assert n == len(pyav) and duration == pytest.approx(n / 16000, abs=0.06)
        lag, rel = aligned_difference(pyav, audio)
        assert lag == 0 and rel < 1e-4, name
    source = load_audio(files / "clip.wav")
    # Lossless FLAC in OGG: the very samples of the source.
    np.testing.assert_array_equal(results["flac_in.ogg"][3], source)
    # PyAV keeps part of Opus's pre-skip in webm (4.3 ms late): compared with the source.
    webm = results["clip.webm"][3]
    lag, rel = aligned_difference(source, webm)
    assert len(webm) == len(source) and lag == 0 and rel < 0.05
    work = tmp_path / "files"
    assert results["silent.mp4"] == [
        "error", f"{work / 'silent.mp4'} has no audio in it; pick a file with recorded sound."]
    _check_kept_and_refused(work, results, "wav, flac, mp3, m4a or ogg")


def test_without_ffmpeg_a_valid_file_gets_the_way_forward(files: Path, tmp_path: Path) -> None:
    no_ffmpeg = tmp_path / "bin"
    no_ffmpeg.mkdir()  # PATH is this empty folder: no ffmpeg program to find
    results = _decode_all(files, tmp_path, path_dir=no_ffmpeg)
    _check_libsndfile_formats(files, results)
    work = tmp_path / "files"
    for name, described in (("clip.m4a", "an M4A file"), ("stereo.m4a", "an M4A file"),
                            ("clip.webm", "a WebM file"),
                            ("wma.wav", "a WAV file with WMA audio"),
                            ("flac_in.ogg", "an OGG file with FLAC audio"),
                            ("silent.mp4", "an MP4 file")):
        assert results[name] == [
            "error", f"{work / name} is {described}, which needs FFmpeg to read: install "
            f"ffmpeg ({install_hint()}), or convert the file to WAV, FLAC, MP3 or OGG."]
    # Without FFmpeg, m4a is no longer offered as a format to use.
    _check_kept_and_refused(work, results, "wav, flac, mp3 or ogg")


def test_every_ffmpeg_format_is_covered(files: Path) -> None:
    # Keeps the two lists above honest: each FFmpeg-only file really is one libsndfile
    # refuses, and each libsndfile file is one it reads.
    for name in FFMPEG_FORMATS:
        with pytest.raises(decoders.DecodeFailure):
            decoders.decode_soundfile(files / name, 16000)
    for name in LIBSNDFILE_FORMATS:
        assert len(decoders.decode_soundfile(files / name, 16000))
