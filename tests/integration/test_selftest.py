"""`stagecoach --self-test` in the development tree: the real parts, the real model."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.commands import selftest
from tests.support.audio import PulseServer, refresh_portaudio


@pytest.mark.model
@pytest.mark.audio
def test_all_checks_pass_with_a_microphone(pulse: PulseServer, stagecoach_home: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--self-test"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "development tree" in out
    for name, _fn in selftest.CHECKS:
        assert re.search(rf"^✓ {name} .*\([0-9.]+ s\)$", out, re.MULTILINE), f"{name}:\n{out}"
    assert re.search(r"recorded [0-9.]+ s at 16000 Hz", out)
    assert re.search(r"played the 0\.9 s chime on '", out)
    assert re.search(r"answer\.wav: \d+ words with faster-whisper tiny\.en in worker "
                     r"process \d+", out)
    assert f"worker process {os.getpid()}" not in out
    assert "All checks passed" in out
    # The check ran in a temporary data folder and left the user's alone.
    assert not stagecoach_home.exists()
    assert os.environ["STAGECOACH_HOME"] == str(stagecoach_home)


@pytest.fixture
def no_microphone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """PulseAudio pointed at a server that does not exist: PortAudio lists no input."""
    for key, value in {"PULSE_SERVER": f"unix:{tmp_path}/none", "PULSE_SOURCE": "none",
                       "PULSE_RUNTIME_PATH": str(tmp_path)}.items():
        monkeypatch.setenv(key, value)
    refresh_portaudio()
    yield
    monkeypatch.undo()
    refresh_portaudio()


def test_no_input_device_is_skipped_not_failed(no_microphone: None) -> None:
    from desktop_app.core.audio.devices import list_input_devices

    if list_input_devices():  # a real sound card on this computer
        pytest.skip("this computer has an input device besides PulseAudio")
    result = selftest.run_check("Microphone", selftest.check_microphone,
                                selftest.Context(work=Path(".")))
    assert result.status == selftest.SKIPPED
    assert result.detail == "skipped: no input device on this computer, nothing to record from"


def test_no_output_device_is_skipped_not_failed(no_microphone: None) -> None:
    from desktop_app.core.audio.devices import NoOutputDevice, default_output_device

    try:
        default_output_device()
        pytest.skip("this computer has an output device besides PulseAudio")
    except NoOutputDevice:
        pass
    result = selftest.run_check("Speakers", selftest.check_speakers,
                                selftest.Context(work=Path(".")))
    assert result.status == selftest.SKIPPED
    assert result.detail == "skipped: no output device on this computer, playback stays off"


def test_a_missing_part_fails_with_not_available(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # None in sys.modules makes `import desktop_app.core.history.store` raise ImportError,
    # as in a build that lacks the module.
    monkeypatch.setitem(sys.modules, "desktop_app.core.history.store", None)
    monkeypatch.setattr(selftest, "CHECKS", [("Question banks", selftest.check_banks),
                                             ("History store", selftest.check_store)])
    code = selftest.run_self_test(None)
    out = capsys.readouterr().out
    assert code == 2
    assert re.search(r"^✓ Question banks ", out, re.MULTILINE)
    assert re.search(r"^✗ History store +not available in this build "
                     r"\(desktop_app\.core\.history\.store: ", out, re.MULTILINE)
    assert out.strip().splitlines()[-1].startswith("1 of 2 checks failed (History store)")


def test_a_broken_shipped_bank_fails_the_banks_check(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from desktop_app.core import paths

    project = tmp_path / "project"
    (project / "question_banks").mkdir(parents=True)
    (project / "question_banks" / "broken.toml").write_text('id = "broken"\ntitle = \n')
    monkeypatch.setattr(paths, "PROJECT_DIR", project)
    result = selftest.run_check("Question banks", selftest.check_banks,
                                selftest.Context(work=tmp_path))
    assert result.status == selftest.FAILED
    assert "broken.toml:2" in result.detail


def test_marks_fall_back_to_ascii_when_the_console_cannot_show_them(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    class Latin1Console:
        encoding = "cp1252"

    monkeypatch.setattr(sys, "stdout", Latin1Console())
    assert selftest._marks() == {selftest.PASSED: "OK", selftest.FAILED: "FAIL",
                                 selftest.SKIPPED: "SKIP"}
