"""The app opened on a 1366x768 screen fits it, under a real window manager (openbox on
Xvfb: its title bar is part of what must fit), and its place is kept in the data folder."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SCREEN = (1366, 768)

pytestmark = pytest.mark.skipif(
    not all(shutil.which(p) for p in ("Xvfb", "openbox", "xdotool", "xprop", "xwininfo")),
    reason="needs Xvfb, openbox, xdotool, xprop and xwininfo")


@pytest.fixture
def display(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An X server at 1366x768 with openbox managing its windows."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0",
                             f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as fh:
        number = fh.readline().strip()
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=f":{number}", HOME=str(tmp_path / "user"),
               XDG_CONFIG_HOME=str(tmp_path / "user" / ".config"))
    (tmp_path / "user").mkdir()
    wm = subprocess.Popen(["openbox", "--sm-disable"], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    try:
        yield env
    finally:
        for proc in (wm, xvfb):
            proc.terminate()
            proc.wait(timeout=10)


def _run(*args: str, env: dict[str, str]) -> str:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=60,
                          check=True).stdout


def _frame(window: str, env: dict[str, str]) -> tuple[int, int, int, int]:
    """The window's outer rectangle (x, y, width, height), title bar and borders included."""
    info = _run("xwininfo", "-id", window, env=env)

    def field(name: str) -> int:
        return int(re.search(rf"{name}:\s+(-?\d+)", info).group(1))  # type: ignore[union-attr]

    x, y = field("Absolute upper-left X"), field("Absolute upper-left Y")
    w, h = field("Width"), field("Height")
    extents = _run("xprop", "-id", window, "_NET_FRAME_EXTENTS", env=env)
    left, right, top, bottom = map(int, re.findall(r"\d+", extents.split("=")[-1]))
    return x - left, y - top, w + left + right, h + top + bottom


def _find_window(app: subprocess.Popen[bytes], env: dict[str, str]) -> str:
    """The app's main window, once it is mapped. Polled rather than `xdotool search --sync`:
    a window that vanishes while xdotool looks at it (Qt makes and drops helper windows as it
    starts) raises an X error, and Xlib's default handler makes xdotool exit 1 at once."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert app.poll() is None, f"the app exited with {app.returncode} before its window"
        found = subprocess.run(("xdotool", "search", "--onlyvisible", "--name", "^Stagecoach$"),
                               env=env, capture_output=True, text=True, timeout=30)
        if found.returncode == 0 and found.stdout.split():
            return found.stdout.split()[0]
        time.sleep(0.2)
    raise AssertionError("the app's window did not appear within 60 s")


def _open_app(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    app = subprocess.Popen([sys.executable, "-m", "desktop_app"], env=env, cwd=PROJECT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    window = _find_window(app, env)
    time.sleep(1.5)  # the frame arrives, and the app may move itself into place
    return app, window


def _close(app: subprocess.Popen[bytes], window: str, env: dict[str, str]) -> None:
    _run("xdotool", "windowactivate", "--sync", window, "key", "alt+F4", env=env)
    assert app.wait(timeout=30) == 0


def test_the_first_window_fits_a_1366x768_screen(display: dict[str, str],
                                                 tmp_path: Path) -> None:
    env = dict(display, STAGECOACH_HOME=str(tmp_path / "home"))
    app, window = _open_app(env)
    x, y, w, h = _frame(window, env)
    assert x >= 0 and y >= 0 and x + w <= SCREEN[0] and y + h <= SCREEN[1], (x, y, w, h)
    assert w >= 1100 and h >= 600  # fitted, not shrunk to nothing
    _close(app, window, env)
    # Its place is kept in the data folder, not in ~/.config.
    state = json.loads((tmp_path / "home" / "window.json").read_text())
    assert (tmp_path / "home" / "window.json").stat().st_mode & 0o777 == 0o600
    assert not list((tmp_path / "user").rglob("Stagecoach.conf"))
    # Opened again, it comes back where it was.
    app, window = _open_app(env)
    assert _frame(window, env) == (x, y, w, h)
    _close(app, window, env)
    assert json.loads((tmp_path / "home" / "window.json").read_text()) == state


def test_a_saved_place_off_the_screen_is_brought_back(display: dict[str, str],
                                                      tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "window.json").write_text(json.dumps(
        {"x": 900, "y": 500, "width": 1600, "height": 1000, "maximized": False}))
    env = dict(display, STAGECOACH_HOME=str(home))
    app, window = _open_app(env)
    x, y, w, h = _frame(window, env)
    assert x >= 0 and y >= 0 and x + w <= SCREEN[0] and y + h <= SCREEN[1], (x, y, w, h)
    _close(app, window, env)
