"""A damaged or newer history database: answers are still recorded, and a backup restores
the history (real SQLite files, the real recorder on the virtual microphone, real widgets)."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.history.store import SCHEMA_VERSION, Store
from desktop_app.core.settings import StorageSettings
from desktop_app.core.startup_checks import run_startup_checks
from tests.support.record import wav_seconds

pytestmark = pytest.mark.audio


def _history_with_a_backup(home: Path) -> int:
    with Store() as store:
        answer_id = store.create_answer(store.create_session(), "ai-lab-data-pm",
                                        "mission-screen", "ms-why-safety-lab")
        store.mark_recorded(answer_id, 3.0, 0)
    report = run_startup_checks(StorageSettings())
    assert report.problem is None and report.backup is not None
    assert report.backup.parent == home / "backups"
    assert stat.S_IMODE(report.backup.stat().st_mode) == 0o600
    assert run_startup_checks(StorageSettings()).backup is None  # unchanged: no new copy
    return answer_id


def _answer_without_database(window: Any, qtbot: Any) -> None:
    view = window.page("rehearse")
    view.answer_button.setFocus()
    qtbot.keyClick(view.answer_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: view.model.session is not None and view.model.session.is_recording,
                    timeout=10_000)
    assert view.recording_label.text() == "● Recording"
    qtbot.wait(1200)
    qtbot.keyClick(view.answer_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.banner.text.startswith("Your answer was saved"),
                    timeout=15_000)


def test_damaged_database_records_anyway_and_restore_brings_everything_back(
        window: Any, qtbot: Any, stagecoach_home: Path) -> None:
    old_answer = _history_with_a_backup(stagecoach_home)
    database = stagecoach_home / "stagecoach.sqlite"
    damaged = b"this is not a database any more " * 200
    database.write_bytes(damaged)

    window.page("rehearse").after_start()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    assert window.banner.text.startswith("The history database is damaged and cannot be read;"
                                         " restore the backup of ")
    assert window.banner.action_text == "Restore backup"

    _answer_without_database(window, qtbot)
    assert window.banner.text.endswith("join History after that.")
    assert window.banner.action_text == "Restore backup"
    waiting = list((stagecoach_home / "recordings" / "unregistered").glob("*.wav"))
    assert len(waiting) == 1 and wav_seconds(waiting[0]) >= 1.0
    assert database.read_bytes() == damaged

    with qtbot.waitSignal(window.context.data_health().checked, timeout=15_000):
        window.banner.trigger_action()
    assert window.banner.text.startswith("The history was restored from the backup of ")
    assert window.banner.text.endswith("1 answer was added to History.")
    aside = [p for p in stagecoach_home.glob("stagecoach.sqlite.damaged-*")
             if not p.name.endswith(("-wal", "-shm"))]  # (those moved with it)
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    answers = window.context.store().list_answers()
    assert answers[0].id == old_answer and len(answers) == 2
    joined = answers[1]
    question = window.page("rehearse").model.question
    assert (joined.question_id, joined.state, joined.recovered) == (question.id, "recorded", True)
    assert joined.audio_path is not None and wav_seconds(joined.audio_path) >= 1.0
    assert joined.audio_path.parent.parent == stagecoach_home / "recordings"
    assert not (stagecoach_home / "recordings" / "unregistered").exists()


def test_newer_database_records_anyway_and_says_to_update(
        window: Any, qtbot: Any, stagecoach_home: Path) -> None:
    stagecoach_home.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(stagecoach_home / "stagecoach.sqlite")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    window.page("rehearse").after_start()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    assert "written by a newer Stagecoach; update Stagecoach" in window.banner.text
    _answer_without_database(window, qtbot)
    assert "newer Stagecoach" in window.banner.text and window.banner.action_text == ""
    waiting = list((stagecoach_home / "recordings" / "unregistered").glob("*.wav"))
    assert len(waiting) == 1 and wav_seconds(waiting[0]) >= 1.0
