"""The trash and moves that never overwrite: real files in the test's data folder."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from desktop_app.core import no_clobber, paths
from desktop_app.core.history import trash


def test_trashed_files_are_purged_after_their_days_and_not_before(
        stagecoach_home: Path) -> None:
    old = paths.recordings_dir() / "s1" / "1.wav"
    new = paths.recordings_dir() / "s2" / "1.wav"
    for f, data in ((old, b"old"), (new, b"new")):
        f.parent.mkdir(parents=True)
        f.write_bytes(data)
    old_place = trash.move_to_trash(old)
    new_place = trash.move_to_trash(new)
    assert old_place == stagecoach_home / "trash" / "s1" / "1.wav"
    assert time.time() - old_place.stat().st_mtime < 60  # the clock starts at deletion
    long_ago = time.time() - 31 * 86400
    os.utime(old_place, (long_ago, long_ago))
    assert trash.purge(30) == 1
    assert not old_place.exists() and not old_place.parent.exists()
    assert new_place.read_bytes() == b"new"
    assert trash.purge(30, now=time.time() + 31 * 86400) == 1
    assert not new_place.exists()


def test_move_takes_the_next_free_name_and_create_refuses_an_existing_file(
        tmp_path: Path) -> None:
    taken = tmp_path / "1.wav"
    taken.write_bytes(b"keep me")
    src = tmp_path / "incoming.wav"
    src.write_bytes(b"new")
    assert no_clobber.move(src, taken) == tmp_path / "1-2.wav"
    assert taken.read_bytes() == b"keep me" and (tmp_path / "1-2.wav").read_bytes() == b"new"
    assert not src.exists()
    with pytest.raises(FileExistsError):
        no_clobber.create_exclusive(taken)
    assert taken.read_bytes() == b"keep me"
    (tmp_path / "2.wav.partial").write_bytes(b"")
    assert no_clobber.free_name(tmp_path / "2.wav", (".partial",)) == tmp_path / "2-2.wav"
