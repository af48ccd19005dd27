"""Bad audio of every kind through the decoder and the real commands: one sentence, exit 2.

Damaged or disguised files once made the libraries raise exceptions no one caught (exit 1
in 26 of 113 runs), a named pipe hung `analyze`, /dev/zero was called "empty", and a good
file under a name that is not UTF-8 could not be read at all.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.cli import main
from desktop_app.core.audio.audio_decode import audio_duration_s, load_audio
from desktop_app.core.errors import UserError
from tests.support.bad_audio import RANDOM_SUFFIXES, Case, bad_cases, made

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CASES = {case.name: case for case in bad_cases()}
QUESTION = "cs-helpful-vs-harmful"


def _one_sentence(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text and "Error:" not in text and "Exception" not in text
    assert lines[0].endswith("."), lines[0]
    return lines[0]


@pytest.mark.parametrize("name", list(CASES))
def test_decoding_gives_audio_or_one_sentence(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    with made(case, tmp_path / "in") as path:
        if case.valid:
            audio = load_audio(path)
            assert audio.dtype == np.float32 and len(audio) == 4 * 16000
            assert audio_duration_s(path) == 4.0
            return
        with pytest.raises(UserError) as err:
            load_audio(path)
        _one_sentence(err.value.message)
        assert str(path) in err.value.message
        try:  # a header may still state a length (a cut FLAC): only never a crash
            assert audio_duration_s(path) > 0
        except UserError as exc:
            _one_sentence(exc.message)


def test_device_pipe_and_socket_say_what_they_are(tmp_path: Path) -> None:
    expected = {"/dev/zero": "a device", "named pipe": "a named pipe", "socket": "a socket"}
    for name, kind in expected.items():
        with made(CASES[name], tmp_path / name.strip("/").replace(" ", "-")) as path:
            with pytest.raises(UserError) as err:
                load_audio(path)
            assert err.value.message == (
                f"{path} is not a regular audio file (it is {kind}); give the path of a "
                "recorded audio file.")


def test_a_file_past_three_hours_is_refused_by_its_header(tmp_path: Path) -> None:
    with (made(CASES["WAV claiming 1 Hz (a year of audio)"], tmp_path) as path,
          pytest.raises(UserError) as err):
        load_audio(path)
    assert err.value.message == (
        f"{path} is longer than 3 hours, the longest answer Stagecoach analyses; cut it "
        "down to the answer and try again.")


@pytest.mark.parametrize("name", list(CASES))
def test_analyze_exits_2_with_one_sentence(name: str, tmp_path: Path,
                                           capfd: pytest.CaptureFixture[str]) -> None:
    case = CASES[name]
    if case.valid:
        pytest.skip("the valid file is analysed in test_a_name_that_is_not_utf8_is_read")
    with made(case, tmp_path / "in") as path:
        code = main(["analyze", str(path), "--question", QUESTION])
    out, err = capfd.readouterr()
    assert code == 2 and out == ""
    assert str(path) in _one_sentence(err)


def _stagecoach(*args: str, home: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "STAGECOACH_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, timeout=300, check=False)


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if not c.valid])
def test_transcribe_exits_2_with_one_sentence(name: str, tmp_path: Path,
                                              stagecoach_home: Path) -> None:
    with made(CASES[name], tmp_path / "in") as path:
        result = _stagecoach("transcribe", str(path), home=stagecoach_home)
    assert result.returncode == 2, result.stderr
    assert result.stdout == b""
    assert os.fsencode(path.name) in result.stderr
    _one_sentence(result.stderr.decode("utf-8", "replace"))


def test_a_name_that_is_not_utf8_is_read(tmp_path: Path, stagecoach_home: Path) -> None:
    case: Case = CASES["valid WAV with a non-UTF-8 name"]
    with made(case, tmp_path / "in") as path:
        transcribed = _stagecoach("transcribe", str(path), "--format", "txt",
                                  home=stagecoach_home)
        analysed = _stagecoach("analyze", str(path), "--question", QUESTION,
                               home=stagecoach_home)
    assert transcribed.returncode == 0, transcribed.stderr
    assert transcribed.stderr == b""
    assert len(transcribed.stdout.split()) >= 3  # a few words of the sample answer
    assert analysed.returncode == 0, analysed.stderr
    assert b'"used_s": 4.0' in analysed.stdout


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(min_size=1, max_size=6000), suffix=st.sampled_from(RANDOM_SUFFIXES),
       header=st.sampled_from([b"", b"RIFF\x24\x00\x00\x00WAVEfmt ", b"fLaC", b"OggS",
                               b"ID3\x03\x00\x00\x00\x00\x00\x00", b"\xff\xfb\x90\x00",
                               b"\x00\x00\x00\x18ftypM4A "]))
def test_any_bytes_give_audio_or_one_sentence(data: bytes, suffix: str, header: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzzed{suffix}"
        path.write_bytes(header + data)
        try:
            audio = load_audio(path)
        except UserError as exc:
            _one_sentence(exc.message)
            return
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert np.all(np.isfinite(audio)) and float(np.max(np.abs(audio), initial=0.0)) <= 1.0
