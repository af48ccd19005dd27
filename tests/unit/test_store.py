"""The history store on real SQLite: schema, states, concurrency, crashes, privacy."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop_app.core import paths
from desktop_app.core.analysis.report import Report
from desktop_app.core.errors import UserError
from desktop_app.core.history.history_read import read_history
from desktop_app.core.history.store import SCHEMA_VERSION, Store
from desktop_app.core.history.store_errors import DatabaseDamaged
from tests.support.record import PROJECT_ROOT


def _report(wpm: float, fpm: float, covered: list[str], missing: list[str]) -> Report:
    return Report.from_dict({
        "question": {"bank": "b", "stage": "s", "id": "q"},
        "timing": {"used_s": 60.0, "zone": "green"},
        "pace": {"words": 100, "wpm": wpm},
        "fillers": {"count": 2, "per_minute": fpm, "items": []},
        "coverage": {"covered": [{"concept": c, "evidence": []} for c in covered],
                     "missing": missing},
    })


def test_migrates_an_empty_file_and_sets_private_modes(stagecoach_home: Path) -> None:
    old_umask = os.umask(0o022)  # the CLI sets 077; other tests may have run it
    try:
        _migrates_an_empty_file_and_sets_private_modes()
    finally:
        os.umask(old_umask)


def _migrates_an_empty_file_and_sets_private_modes() -> None:
    db = paths.database_path()
    db.parent.mkdir(parents=True, mode=0o755)
    db.touch(mode=0o644)  # an empty file is a valid, empty SQLite database
    with Store() as store:
        assert store.schema_version == SCHEMA_VERSION
        sid = store.create_session()
        store.create_answer(sid, "b", "s", "q")  # writes go through the WAL
        for suffix in ("", "-wal", "-shm"):
            f = Path(str(db) + suffix)
            assert f.exists(), suffix
            assert stat.S_IMODE(f.stat().st_mode) == 0o600, suffix
        # A folder that already existed is the user's: its mode is kept.
        assert stat.S_IMODE(db.parent.stat().st_mode) == 0o755
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with Store() as again:  # reopening runs no migration twice
        assert again.schema_version == SCHEMA_VERSION
        assert len(again.list_answers()) == 1


def test_newer_or_damaged_database_is_a_plain_sentence(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(UserError, match="newer Stagecoach"):
        Store(newer)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseDamaged, match="is damaged and cannot be read"):
        Store(junk)


def test_answer_life_cycle_and_history_figures(stagecoach_home: Path) -> None:
    store = Store()
    sid = store.create_session("mock")
    a = store.create_answer(sid, "bank", "case-study", "q1")
    rec = store.get_answer(a)
    assert rec is not None and rec.state == "recording" and rec.session_kind == "mock"
    folder = store._conn.execute("SELECT folder FROM sessions WHERE id = ?",
                                 (sid,)).fetchone()[0]
    assert re.fullmatch(r"\d{8}-\d{6}-[0-9a-f]{8}", folder)
    assert rec.audio_path == paths.recordings_dir() / folder / f"{a}.wav"
    store.mark_recorded(a, 12.5, 1)
    store.save_transcript(a, {"engine": "faster-whisper", "model": "tiny.en", "text": "hi"})
    assert store.get_answer(a).state == "transcribed"  # type: ignore[union-attr]
    store.save_report(a, _report(140.0, 2.0, ["provenance"], ["bias", "red_teaming"]))
    b = store.create_answer(sid, "bank", "case-study", "q2")
    store.mark_recorded(b, 30.0, 0)
    store.save_transcript(b, {"engine": "faster-whisper", "model": "tiny.en", "text": "x"})
    store.save_report(b, _report(120.0, 4.0, ["provenance", "bias"], ["red_teaming"]))
    c = store.create_answer(sid, "bank", "behavioural", "q3")
    store.mark_failed(c, "The microphone was unplugged.")

    rec = store.get_answer(a)
    assert rec is not None
    assert (rec.state, rec.duration_s, rec.overflows) == ("analyzed", 12.5, 1)
    assert rec.wpm == 140.0 and rec.fillers_per_minute == 2.0
    assert rec.coverage_pct == pytest.approx(100 / 3) and rec.zone == "green"
    assert store.get_transcript(a) == {"engine": "faster-whisper", "model": "tiny.en",
                                       "text": "hi"}
    assert store.get_report(a).pace.wpm == 140.0  # type: ignore[union-attr]
    assert [r.id for r in store.list_answers(stage_id="case-study")] == [a, b]
    assert [r.state for r in store.list_answers()] == ["analyzed", "analyzed", "failed"]
    assert store.get_answer(c).failure_reason == "The microphone was unplugged."  # type: ignore[union-attr]
    assert store.missed_concepts(bank_id="bank") == [("red_teaming", 2), ("bias", 1)]
    assert store.missed_concepts(bank_id="other") == []

    # A new transcript makes the old report stale: it is dropped and the state follows.
    store.save_transcript(a, {"engine": "openai-whisper", "model": "tiny.en", "text": "hi!"})
    assert store.get_report(a) is None
    assert store.get_answer(a).state == "transcribed"  # type: ignore[union-attr]
    with pytest.raises(KeyError):
        store.mark_recorded(9999, 1.0, 0)


def test_delete_hides_the_answer_trashes_its_audio_and_can_be_undone(
        stagecoach_home: Path) -> None:
    store = Store()
    sid = store.create_session()
    a = store.create_answer(sid, "b", "s", "q")
    audio = store.get_answer(a).audio_path  # type: ignore[union-attr]
    assert audio is not None
    audio.parent.mkdir(parents=True)
    audio.write_bytes(b"RIFF-first")
    store.mark_recorded(a, 1.0, 0)
    store.save_transcript(a, {"text": "x"})
    assert store.delete_answer(a)
    assert store.get_answer(a) is None and store.list_answers() == []
    assert store.list_sessions()[0]["answers"] == 0
    assert not audio.exists() and not audio.parent.exists()
    trashed = stagecoach_home / "trash" / audio.parent.name / audio.name
    assert trashed.read_bytes() == b"RIFF-first"
    assert stat.S_IMODE(trashed.stat().st_mode) == 0o600

    assert store.restore_answer(a)
    assert audio.read_bytes() == b"RIFF-first" and not trashed.exists()
    assert store.get_answer(a).state == "transcribed"  # type: ignore[union-attr]
    assert store.get_transcript(a) == {"text": "x"}
    assert not store.restore_answer(a)  # nothing deleted any more

    # Deleted 31 days ago with a 30-day trash: gone for good, rows and audio.
    store.delete_answer(a)
    assert store.purge_deleted(30, now=time.time() + 29 * 86400) == 0
    assert store.purge_deleted(30, now=time.time() + 31 * 86400) == 1
    assert not trashed.exists()
    assert store._conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0
    assert store._conn.execute("SELECT COUNT(*) FROM transcripts").fetchone()[0] == 0
    assert not store.restore_answer(a)
    assert store.integrity_ok()


def test_undo_never_writes_over_a_file_that_took_the_old_name(stagecoach_home: Path) -> None:
    store = Store()
    sid = store.create_session()
    a = store.create_answer(sid, "b", "s", "q")
    audio = store.get_answer(a).audio_path  # type: ignore[union-attr]
    assert audio is not None
    audio.parent.mkdir(parents=True)
    audio.write_bytes(b"deleted one")
    store.delete_answer(a)
    audio.parent.mkdir(parents=True, exist_ok=True)
    audio.write_bytes(b"newer one")
    store.restore_answer(a)
    back = store.get_answer(a).audio_path  # type: ignore[union-attr]
    assert back == audio.with_name(f"{audio.stem}-2.wav")
    assert back.read_bytes() == b"deleted one" and audio.read_bytes() == b"newer one"


def test_unreadable_rows_are_skipped_and_counted(stagecoach_home: Path) -> None:
    store = Store()
    sid = store.create_session()
    ids = []
    for q in ("q1", "q2", "q3"):
        a = store.create_answer(sid, "b", "s", q)
        store.mark_recorded(a, 1.0, 0)
        store.save_report(a, _report(120.0, 1.0, ["x"], ["y"]))
        ids.append(a)
    raw = sqlite3.connect(paths.database_path())
    raw.execute("UPDATE reports SET json = CAST(? AS TEXT) WHERE answer_id = ?",
                (b'{"coverage": {"missing": ["\xff"]}}', ids[0]))
    raw.execute("UPDATE answers SET question_id = CAST(? AS TEXT) WHERE id = ?",
                (b"q\xfe", ids[2]))
    raw.commit()
    raw.close()
    records, bad_rows = store.list_answers_checked()
    assert [r.id for r in records] == ids[:2] and bad_rows == [ids[2]]
    missed, bad_reports = store.missed_concepts_checked()
    assert missed == [("y", 2)] and bad_reports == [ids[0]]
    with pytest.raises(UserError, match="stored data is damaged"):
        store.get_report(ids[0])
    assert store.get_answer(ids[2]) is None

    page = read_history(store)
    assert [r.id for r in page.answers] == [ids[1]] and page.unreadable == 2
    assert page.notice is not None
    assert page.notice.startswith("2 answers could not be read and are not shown;")


def test_one_store_shared_by_threads_and_a_writer_process_beside_a_reader(
        stagecoach_home: Path) -> None:
    """A writer process and reader threads at once: no errors, never a half-done answer."""
    store = Store()
    sid = store.create_session()
    writer = subprocess.Popen(
        [sys.executable, "-c",
         "import sys\n"
         "from desktop_app.core.analysis.report import Report\n"
         "from desktop_app.core.history.store import Store\n"
         "s = Store(); sid = int(sys.argv[1])\n"
         "for i in range(150):\n"
         "    a = s.create_answer(sid, 'b', 's', f'q{i}')\n"
         "    s.mark_recorded(a, 1.0, 0)\n"
         "    s.save_transcript(a, {'text': str(i)})\n"
         "    s.save_report(a, Report.from_dict({'pace': {'wpm': 100.0 + i}}))\n",
         str(sid)],
        cwd=PROJECT_ROOT,
    )
    errors: list[BaseException] = []
    seen: list[list[int]] = [[], []]

    def read(mine: list[int]) -> None:
        try:
            while writer.poll() is None:
                answers = store.list_answers()  # one Store shared by two threads
                mine.append(len(answers))
                for r in answers:
                    if r.state == "analyzed":
                        assert r.wpm is not None  # the report and state land together
                    if r.state == "transcribed":
                        assert store.get_transcript(r.id) is not None
        except BaseException as exc:  # reported below
            errors.append(exc)

    readers = [threading.Thread(target=read, args=(counts,)) for counts in seen]
    for t in readers:
        t.start()
    for i in range(50):  # and this thread writes through the same Store meanwhile
        store.create_answer(sid, "b", "s", f"main{i}")
    assert writer.wait(timeout=120) == 0
    for t in readers:
        t.join()
    assert not errors, errors
    for counts in seen:  # each reader sees the history only grow
        assert len(counts) > 1 and counts == sorted(counts)
    assert len(store.list_answers()) == 200
    assert len(store.list_answers(state="analyzed")) == 150


def test_process_killed_inside_a_transaction_leaves_the_previous_state(
        stagecoach_home: Path) -> None:
    store = Store()
    sid = store.create_session()
    a = store.create_answer(sid, "b", "s", "q")
    store.mark_recorded(a, 3.0, 0)
    store.save_transcript(a, {"text": "before"})
    # The child dies (SIGKILL) after the report row is inserted but before the state
    # update and the commit: the database must show the state before save_report.
    child = subprocess.run(
        [sys.executable, "-c",
         "import os, signal, sys\n"
         "from desktop_app.core.analysis.report import Report\n"
         "from desktop_app.core.history.store import Store\n"
         "s = Store()\n"
         "def trace(sql):\n"
         "    if sql.startswith('UPDATE answers'):\n"
         "        os.kill(os.getpid(), signal.SIGKILL)\n"
         "s._conn.set_trace_callback(trace)\n"
         "s.save_report(int(sys.argv[1]), Report.from_dict({'pace': {'wpm': 1.0}}))\n",
         str(a)],
        cwd=PROJECT_ROOT, timeout=60,
    )
    assert child.returncode == -9
    with Store() as after:
        rec = after.get_answer(a)
        assert rec is not None and rec.state == "transcribed" and rec.wpm is None
        assert after.get_report(a) is None
        assert after.get_transcript(a) == {"text": "before"}
        assert after.integrity_ok()
        after.save_report(a, Report.from_dict({"pace": {"wpm": 2.0}}))  # and it carries on
        assert after.get_answer(a).wpm == 2.0  # type: ignore[union-attr]


def test_the_newest_answer_is_the_last_recorded_and_not_deleted(stagecoach_home: Path) -> None:
    with Store() as store:
        assert store.newest_answer() is None
        session = store.create_session()
        first = store.create_answer(session, "bank", "stage", "q1", started_at=100.0)
        second = store.create_answer(session, "bank", "stage", "q2", started_at=200.0)
        store.create_answer(session, "bank", "stage", "q0", started_at=50.0)  # imported, older
        newest = store.newest_answer()
        assert newest is not None and newest.id == second
        store.delete_answer(second)
        newest = store.newest_answer()
        assert newest is not None and newest.id == first
