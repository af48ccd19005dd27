from __future__ import annotations

import json
import stat
from pathlib import Path

from desktop_app.core import paths
from desktop_app.core.settings import Settings, load_settings, save_settings


def test_data_home_follows_env(stagecoach_home: Path) -> None:
    assert paths.data_home() == stagecoach_home
    assert paths.database_path() == stagecoach_home / "stagecoach.sqlite"


def test_settings_round_trip_and_private_file(stagecoach_home: Path) -> None:
    s = Settings()
    s.analysis.pause_threshold_s = 2.0
    s.audio.device = "pulse"
    s.analysis.extra_fillers = ["you know what"]
    save_settings(s)
    f = paths.settings_path()
    assert stat.S_IMODE(f.stat().st_mode) == 0o600
    assert stat.S_IMODE(f.parent.stat().st_mode) == 0o700
    back = load_settings()
    assert back == s
    assert back.analysis.pause_threshold_s == 2.0


def test_bad_values_fall_back_to_defaults(stagecoach_home: Path) -> None:
    paths.ensure_private_dir(stagecoach_home)
    paths.settings_path().write_text(json.dumps({
        "analysis": {"pause_threshold_s": "long", "slow_wpm": 100, "extra_fillers": [1]},
        "audio": {"device": None, "sample_rate": True},
        "ui": "not a table",
        "unknown": 1,
    }))
    s = load_settings()
    assert s.analysis.pause_threshold_s == 1.5
    assert s.analysis.slow_wpm == 100.0 and isinstance(s.analysis.slow_wpm, float)
    assert s.analysis.extra_fillers == []
    assert s.audio.sample_rate == 16000
    assert s.ui.last_bank == "ai-lab-data-pm"


def test_unreadable_settings_give_defaults(stagecoach_home: Path) -> None:
    paths.ensure_private_dir(stagecoach_home)
    paths.settings_path().write_bytes(b"\xff\xfe{not json")
    assert load_settings() == Settings()


def test_ensure_private_dir_leaves_existing_folders_alone(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    paths.ensure_private_dir(shared / "a" / "b")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE((shared / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE((shared / "a" / "b").stat().st_mode) == 0o700
