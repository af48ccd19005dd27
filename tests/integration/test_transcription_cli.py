"""`stagecoach transcribe`, `doctor` and `bench` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.transcription import speech

pytestmark = pytest.mark.model


def _run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speech("Um, the data came from three sources, and we checked each one.",
                  tmp_path_factory.mktemp("cli") / "clip.wav")


def test_transcribe_json_to_a_private_file(clip: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    r = _run("transcribe", str(clip), "--format", "json", "-o", str(out), "--hotword", "sources")
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text())
    assert data["engine"] == "faster-whisper" and data["model"] == "tiny.en"
    assert "sources" in data["text"] and data["segments"][0]["words"]
    assert out.stat().st_mode & 0o777 == 0o600


def test_transcribe_vtt_by_extension(clip: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.vtt"
    assert _run("transcribe", str(clip), "-o", str(out)).returncode == 0
    assert out.read_text().startswith("WEBVTT\n\n00:00:0")


@pytest.mark.parametrize("args,needle", [
    (["transcribe", "missing.wav"], "does not exist"),
    (["transcribe", "{garbage}"], "not an audio file"),
    (["transcribe", "{clip}", "--model", "base.en"],
     "Model 'base.en' isn't installed and can't be downloaded without internet; "
     "installed: tiny.en"),
    (["transcribe", "{clip}", "--model", "/no/model/here"], "does not exist"),
])
def test_bad_input_exits_2_with_one_sentence(clip: Path, tmp_path: Path, args: list[str],
                                             needle: str) -> None:
    garbage = tmp_path / "g.mp3"
    garbage.write_bytes(b"\x00\x01garbage" * 100)
    argv = [a.format(clip=clip, garbage=garbage) for a in args]
    r = _run(*argv)
    assert r.returncode == 2
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_doctor_reports_engines_models_and_data_folder() -> None:
    r = _run("doctor")
    assert r.returncode == 0, r.stderr
    assert "faster-whisper (default): installed" in r.stdout
    assert "tiny.en" in r.stdout and "hash verified" in r.stdout
    assert "permissions 0700" in r.stdout


def test_bench_json_shape(clip: Path, tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    r = _run("bench", "--format", "json", "-o", str(out), "--audio", str(clip),
             "--engines", "faster-whisper", "--no-live", "--no-startup")
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text())
    case = data["cases"][0]
    assert set(case) >= {"engine", "model", "compute_type", "audio_s", "load_s",
                         "transcribe_s", "rtf", "peak_rss_mb"}
    assert case["compute_type"] == "int8" and case["rtf"] > 0 and case["peak_rss_mb"] > 50
    assert set(data["live"]) >= {"audio_s", "stop_to_report_s"}
    assert set(data["startup"]) >= {"window_s"}


WORKER_WITH_JOB_BYTES = 120_000_000


def test_a_worker_that_crashes_twice_names_the_model_flag(tmp_path: Path) -> None:
    # The command line has no Settings: its sentence names --model instead.
    import os
    import signal
    import time

    import psutil

    from desktop_app.core.paths import resources_dir

    sample = resources_dir() / "sample" / "answer.wav"
    env = {**os.environ, "STAGECOACH_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen([sys.executable, "-m", "desktop_app", "transcribe", str(sample)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    killed: set[int] = set()
    deadline = time.monotonic() + 120
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                children = psutil.Process(proc.pid).children(recursive=True)
            except psutil.NoSuchProcess:
                break
            for child in children:
                # A worker is killed once it has the audio: its memory grows as it loads the
                # model for the job (about 45 MB idle, over 200 MB within a second). One killed
                # before the job reached it has crashed on no audio and does not count, as
                # happened when a loaded machine was slow to send the job.
                try:
                    is_worker = "spawn_main" in " ".join(child.cmdline())
                    has_job = child.memory_info().rss >= WORKER_WITH_JOB_BYTES
                except psutil.Error:
                    continue
                if is_worker and has_job and child.pid not in killed and len(killed) < 2:
                    os.kill(child.pid, signal.SIGKILL)
                    killed.add(child.pid)
            time.sleep(0.05)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert len(killed) == 2
    assert proc.returncode == 2, err
    assert out == b""
    assert err.decode() == ("The transcription worker stopped unexpectedly twice on this "
                            "audio; try again, or pick a smaller model with --model.\n")
