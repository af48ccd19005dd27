"""Input devices on the real PortAudio/PulseAudio stack, and the no-device case."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

import desktop_app.core.audio.portaudio_calls as portaudio_calls
from desktop_app.core.audio.devices import (
    NO_DEVICE,
    choose_saved_device,
    list_input_devices,
    refresh_devices,
    remember_device,
    resolve_device,
)
from desktop_app.core.audio.portaudio_calls import NO_ANSWER_AT_START, OPEN_WAIT_S
from desktop_app.core.errors import UserError
from desktop_app.core.settings import load_settings
from tests.support.audio import PulseServer
from tests.support.record import PROJECT_ROOT, stagecoach_cmd

pytestmark = pytest.mark.audio


def test_lists_pulse_and_marks_the_default(pulse: PulseServer) -> None:
    devices = list_input_devices()
    names = [d.name for d in devices]
    assert "pulse" in names and "default" in names
    assert sum(d.is_default for d in devices) == 1
    pulse_dev = next(d for d in devices if d.name == "pulse")
    assert resolve_device("pulse") == pulse_dev
    assert resolve_device("PULSE") == pulse_dev
    assert resolve_device(pulse_dev.index) == pulse_dev
    assert resolve_device(str(pulse_dev.index)) == pulse_dev
    assert resolve_device(None).is_default
    with pytest.raises(UserError, match="No input device matches 'nope'"):
        resolve_device("nope")


def test_saved_device_gone_falls_back_to_default_with_a_message(pulse: PulseServer) -> None:
    device, notice = choose_saved_device("USB headset that was unplugged")
    assert device.is_default
    assert notice == ("The microphone 'USB headset that was unplugged' is not connected; "
                      f"recording from '{device.name}' instead.")
    assert choose_saved_device("pulse") == (resolve_device("pulse"), None)
    remember_device(resolve_device("pulse"))
    assert load_settings().audio.device == "pulse"


def test_devices_command_prints_a_table(pulse: PulseServer) -> None:
    out = subprocess.run(stagecoach_cmd("devices"), cwd=PROJECT_ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    rows = [line for line in out.stdout.splitlines() if "ALSA" in line]
    default_rows = [r for r in rows if r.lstrip().startswith("*")]
    assert len(default_rows) == 1 and "default" in default_rows[0]
    assert any(" pulse " in r for r in rows)


@pytest.fixture
def dead_server(tmp_path: Path, pulse: PulseServer) -> dict[str, str]:
    """The environment of a machine whose audio server is not running."""
    env = dict(os.environ)
    env["PULSE_SERVER"] = f"unix:{tmp_path}/no-server-here"
    return env


def test_no_device_is_one_plain_sentence(dead_server: dict[str, str], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULSE_SERVER", dead_server["PULSE_SERVER"])
    refresh_devices()
    try:
        if list_input_devices():
            pytest.skip("this machine has hardware inputs besides the audio server")
        with pytest.raises(UserError) as err:
            resolve_device(None)
        assert err.value.message == NO_DEVICE
    finally:
        monkeypatch.undo()
        refresh_devices()
    assert list_input_devices()  # and back again after a refresh

    out = tmp_path / "never.wav"
    for args in (["record", str(out)], ["devices"]):
        proc = subprocess.run(stagecoach_cmd(*args), cwd=PROJECT_ROOT, env=dead_server,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2
        assert proc.stderr.strip() == NO_DEVICE
    assert not out.exists()


def test_a_hung_sound_server_at_start_is_one_plain_sentence(
        private_pulse: PulseServer, tmp_path: Path, stagecoach_home: Path) -> None:
    """PortAudio asks the server for its devices when it starts; a server that does not
    answer would hold the command forever. It gives up after OPEN_WAIT_S instead."""
    out = tmp_path / "never.wav"
    for args in (["devices"], ["record", str(out)]):
        with private_pulse.frozen():
            t0 = time.monotonic()
            proc = subprocess.run(stagecoach_cmd(*args), cwd=PROJECT_ROOT,
                                  env=dict(os.environ), capture_output=True, text=True,
                                  timeout=60)
            took_s = time.monotonic() - t0
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.strip() == NO_ANSWER_AT_START
        assert OPEN_WAIT_S <= took_s < OPEN_WAIT_S + 5
    assert not out.exists()
    log = stagecoach_home / "logs" / "stagecoach.log"
    assert log.read_text().count("PortAudio initialisation: no answer from the sound") == 2


def test_refreshing_the_list_on_a_hung_server_gives_up_then_recovers(
        private_pulse: PulseServer) -> None:
    """Refresh list restarts PortAudio, which asks the server for its devices again: on a
    hung server that must end in the sentence after OPEN_WAIT_S, not hold the caller, and
    the list must come back by itself once the server answers."""
    before = [d.name for d in list_input_devices()]
    assert "pulse" in before
    with private_pulse.frozen():
        t0 = time.monotonic()
        with pytest.raises(UserError) as err:
            refresh_devices()
        waited_s = time.monotonic() - t0
        assert err.value.message == NO_ANSWER_AT_START
        assert waited_s <= OPEN_WAIT_S + 1.0
        # While PortAudio is half-started, callers hear so at once instead of using it.
        t0 = time.monotonic()
        with pytest.raises(UserError) as again:
            list_input_devices()
        assert again.value.message == NO_ANSWER_AT_START
        assert time.monotonic() - t0 < 1.0
    assert portaudio_calls.settle(15)  # the restart finishes once the server answers
    assert [d.name for d in list_input_devices()] == before
    refresh_devices()  # and a refresh works again
    assert [d.name for d in list_input_devices()] == before
