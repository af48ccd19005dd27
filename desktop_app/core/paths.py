"""Where Stagecoach keeps user data, and how files there are created (owner-only)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop_app import APP_NAME

HOME_ENV = "STAGECOACH_HOME"
DIR_MODE = 0o700
FILE_MODE = 0o600

# The package root (desktop_app/) and the project root beside it. In a PyInstaller
# bundle sys._MEIPASS holds the unpacked data files instead.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
_BUNDLE_DIR = getattr(sys, "_MEIPASS", None)
PROJECT_DIR = Path(_BUNDLE_DIR) if _BUNDLE_DIR else PACKAGE_DIR.parent


def resources_dir() -> Path:
    """Shipped resources: icons, stylesheet, filler lexicon, sample audio."""
    return PROJECT_DIR / "resources"


def shipped_banks_dir() -> Path:
    """Question banks shipped with the app."""
    return PROJECT_DIR / "question_banks"


def platform_data_dir() -> Path:
    """The platform's per-user application-data folder for Stagecoach."""
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_NAME


def data_home() -> Path:
    """The one folder that holds all user data (STAGECOACH_HOME overrides)."""
    override = os.environ.get(HOME_ENV)
    return Path(override).expanduser() if override else platform_data_dir()


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents as owner-only (0700) folders.

    Folders that already exist keep their mode: a folder the user names (or /tmp)
    is theirs, not ours to lock down.
    """
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    for created in missing:
        try:  # mkdir's mode is filtered by the umask; set it explicitly
            os.chmod(created, DIR_MODE)
        except OSError:
            pass
    return path


def make_private(path: Path) -> None:
    """Restrict an existing file to its owner."""
    try:
        os.chmod(path, FILE_MODE)
    except OSError:
        pass


def write_private_text(path: Path, text: str) -> None:
    """Write a text file atomically, readable by the owner only."""
    ensure_private_dir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    make_private(path)


def write_export(out: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a file the user asked for, where they chose, readable by them only; one
    sentence (UserError) when it cannot be written."""
    from desktop_app.core.errors import UserError

    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
        make_private(out)  # an existing file keeps its mode through O_CREAT
    except OSError as exc:
        raise UserError(f"Could not write {out} ({exc.strerror or exc}); pick another "
                        "folder.") from exc
    return out


def database_path() -> Path:
    return data_home() / "stagecoach.sqlite"


def recordings_dir() -> Path:
    return data_home() / "recordings"


def user_banks_dir() -> Path:
    return data_home() / "banks"


def models_dir() -> Path:
    return data_home() / "models"


def logs_dir() -> Path:
    return data_home() / "logs"


def settings_path() -> Path:
    return data_home() / "settings.json"
