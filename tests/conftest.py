"""Shared fixtures: an isolated data folder for every test, Qt offscreen, real audio."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# pytest-qt aborts the process when Qt has no platform: default to offscreen
# (set before any test module imports Qt).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.support.audio import PulseServer, refresh_portaudio

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def stagecoach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty data folder."""
    home = tmp_path / "stagecoach-home"
    monkeypatch.setenv("STAGECOACH_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PulseServer]:
    """One PulseAudio server with a null sink for the whole run (the virtual microphone)."""
    server = PulseServer(tmp_path_factory.mktemp("pulse"))
    server.start()
    server.apply_to_environ()
    refresh_portaudio()
    yield server
    server.stop()


@pytest.fixture
def private_pulse(tmp_path: Path) -> Iterator[PulseServer]:
    """A server of the test's own, for tests that kill it. Restores the shared one after."""
    saved = {k: os.environ.get(k) for k in ("PULSE_RUNTIME_PATH", "PULSE_SERVER",
                                             "PULSE_SOURCE", "PULSE_SINK")}
    server = PulseServer(tmp_path / "pulse")
    server.start()
    server.apply_to_environ()
    refresh_portaudio()
    yield server
    server.stop()
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    refresh_portaudio()


@pytest.fixture
def no_audio_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No PulseAudio server reachable: no microphone and no speakers."""
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/stagecoach-test/native")
    refresh_portaudio()
    yield
    monkeypatch.undo()
    refresh_portaudio()
    assert "nonexistent" not in os.environ.get("PULSE_SERVER", "")


_exit_status: int | None = None


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _exit_status
    _exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave as soon as the results are reported.

    Interpreter shutdown joins multiprocessing feeder threads and Qt tears down its
    objects; a test that killed a worker mid-transfer can leave such a join waiting
    forever after every result is in. The results and the exit status are final here.
    Workers end with their parent by themselves (see transcription.worker_child).
    """
    if _exit_status is None or os.environ.get("STAGECOACH_TEST_SOFT_EXIT"):
        return
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_status)
