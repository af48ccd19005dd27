"""What runs once at each start, off the UI thread, before the user needs the history.

In order: purge the trash of what is past its days; open the database (a damaged or newer
one is reported, with the newest good backup when there is one, and nothing else runs on
it); recover interrupted recordings and register answers recorded without a database;
remove answers deleted long enough ago; and copy the database into backups/ when it
changed, only once SQLite's quick check says it is sound (a damaged copy must never push a
good one out of the rotation).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core import paths
from desktop_app.core.history import backups, trash
from desktop_app.core.history.recovery import Recovered, recover
from desktop_app.core.history.store import Store
from desktop_app.core.history.store_errors import DatabaseDamaged, DatabaseProblem
from desktop_app.core.settings import StorageSettings

log = logging.getLogger(__name__)


@dataclass
class StartupReport:
    recovered: list[Recovered] = field(default_factory=list)
    backup: Path | None = None  # the copy made now (None: unchanged, or not made)
    purged: int = 0  # deleted answers and trashed files removed for good
    problem: DatabaseProblem | None = None
    restorable: Path | None = None  # newest good backup, when the database is damaged


def check_database(store: Store) -> None:
    """DatabaseDamaged when SQLite's quick check finds damage (opening alone does not)."""
    rows = store._query("PRAGMA quick_check")
    if not rows or rows[0][0] != "ok":
        raise DatabaseDamaged(store.path)


def run_startup_checks(storage: StorageSettings, database: Path | None = None
                       ) -> StartupReport:
    report = StartupReport()
    database = database or paths.database_path()
    report.purged += trash.purge(storage.trash_days)
    try:
        store = Store(database)
    except DatabaseProblem as exc:
        return _problem(report, exc)
    try:
        check_database(store)
        report.recovered = recover(store)
        for r in report.recovered:
            log.info("recovered answer %s: %.1f s saved in %s", r.answer_id, r.duration_s,
                     r.path)
        report.purged += store.purge_deleted(storage.trash_days)
    except DatabaseProblem as exc:
        return _problem(report, exc)
    finally:
        store.close()
    try:
        report.backup = backups.make_backup(database, storage.backups_kept)
    except (OSError, sqlite3.Error) as exc:  # no backup must not stop the app
        log.warning("the history database could not be backed up: %s", exc)
    return report


def _problem(report: StartupReport, exc: DatabaseProblem) -> StartupReport:
    log.warning("history database unusable at start-up: %s", exc.kind)
    report.problem = exc
    if exc.kind == "damaged":
        report.restorable = backups.newest_good_backup()
    return report
