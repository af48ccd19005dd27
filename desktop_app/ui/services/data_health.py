"""The start-up checks of the data folder, and what the user is told about the database.

Runs core.startup_checks off the UI thread, says what was recovered (with the seconds
saved), and when the history database cannot be used keeps saying so with the way out:
Restore backup, which moves the damaged file aside, puts the newest good copy in its place
and runs the checks again (so answers recorded meanwhile join History).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop_app.core.history.recovery import summary_sentence
from desktop_app.ui.services.background import run_in_background

log = logging.getLogger(__name__)

RESTORE = "Restore backup"
SAVED_WITHOUT_DATABASE = ("Your answer was saved, but it will appear in History only once "
                          "the history database is repaired.")


def _when(backup: Path) -> str:
    return time.strftime("%d %b %Y %H:%M", time.localtime(backup.stat().st_mtime)).lstrip("0")


class DataHealth(QObject):
    checked = Signal()  # the start-up checks (or a restore) finished
    restored = Signal()  # another database file is in place: ids from before mean nothing

    def __init__(self, context: Any) -> None:
        super().__init__()
        self.context = context
        self.problem: Any = None  # core.store_errors.DatabaseProblem, while there is one
        self.restorable: Path | None = None

    # Start-up ------------------
    def start_up(self) -> None:
        from desktop_app.core.startup_checks import run_startup_checks

        storage = self.context.settings.storage
        run_in_background(lambda: run_startup_checks(storage), self._on_checked,
                          lambda m: self.context.message.emit("warning", m),
                          name="startup-checks")

    def _on_checked(self, report: Any) -> None:
        self.problem, self.restorable = report.problem, report.restorable
        if self.problem is not None:
            self.context.forget_store()
            self.announce()
        else:
            recovered = summary_sentence(report.recovered)
            if recovered:
                self.context.message_with_page.emit("info", recovered, "Open History",
                                                    "history")
        if report.recovered:
            self.context.answers_changed.emit()
        self.checked.emit()

    # The database problem ------------------
    def problem_sentence(self) -> str:
        problem = self.problem
        if problem is None:
            return ""
        if problem.kind != "damaged":
            return str(problem.message)
        if self.restorable is not None:
            return ("The history database is damaged and cannot be read; restore the "
                    f"backup of {_when(self.restorable)} (the damaged file is kept aside). "
                    "Answers you record meanwhile are kept and join History after that.")
        return ("The history database is damaged and cannot be read, and there is no backup "
                f"of it; move {problem.path} aside and restart Stagecoach to begin a new "
                "history. Answers you record meanwhile are kept and join it.")

    def announce(self, first: str = "") -> None:
        """Say what is wrong with the database (after ``first``), with Restore if possible."""
        text = " ".join(t for t in (first, self.problem_sentence()) if t)
        if self.problem is not None and self.restorable is not None:
            self.context.message_with_action.emit("warning", text, RESTORE, self.restore)
        else:
            self.context.message.emit("warning", text)

    def answer_saved_without_database(self) -> None:
        self.announce(SAVED_WITHOUT_DATABASE)

    # Restore ------------------
    def restore(self) -> None:
        backup = self.restorable
        if backup is None:
            return
        from desktop_app.core.history.backups import restore
        from desktop_app.core.paths import database_path
        from desktop_app.core.startup_checks import run_startup_checks

        self.context.forget_store()  # no connection may hold the file being moved
        storage = self.context.settings.storage

        def job() -> tuple[Path, Any]:
            aside = restore(backup, database_path())
            return aside, run_startup_checks(storage)

        def done(result: tuple[Path, Any]) -> None:
            aside, report = result
            self.restored.emit()
            self.problem, self.restorable = report.problem, report.restorable
            if self.problem is not None:
                self.announce()
            else:
                added = len(report.recovered)
                joined = (f" {added} answer{' was' if added == 1 else 's were'} added to "
                          "History." if added else "")
                self.context.message_with_page.emit(
                    "info", f"The history was restored from the backup of {_when(backup)}; "
                    f"the damaged file is kept as {aside.name}.{joined}", "Open History",
                    "history")
            self.context.answers_changed.emit()
            self.checked.emit()

        run_in_background(job, done, lambda m: self.context.message.emit("error", m),
                          name="restore-backup")
