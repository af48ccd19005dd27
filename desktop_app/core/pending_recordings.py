"""Answers recorded while the history database could not be used, registered later.

When the database is damaged (or from a newer Stagecoach) the answer is still recorded, to
``recordings/unregistered/<time>-<random>.wav`` with a small JSON file beside it naming the
question. The next start with a usable database adds each one to History (marked
recovered, with its real length) and moves it into that session's folder.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from desktop_app.core import no_clobber, paths
from desktop_app.core.audio.recorder import PARTIAL_SUFFIX
from desktop_app.core.audio.wav_writer import WavRepairError, file_in_use, repair_wav

FOLDER = "unregistered"


@dataclass(frozen=True)
class PendingAnswer:
    bank_id: str
    stage_id: str
    question_id: str
    started_at: float


@dataclass(frozen=True)
class Registered:
    answer_id: int
    path: Path
    duration_s: float
    question_id: str


def pending_dir() -> Path:
    return paths.recordings_dir() / FOLDER


def _sidecar(wav: Path) -> Path:
    return wav.with_suffix(".json")


def new_pending_path(answer: PendingAnswer) -> Path:
    """A fresh name for an answer recorded without a database; its question is written
    beside it now, so it can be registered even if the app is killed mid-answer."""
    folder = paths.ensure_private_dir(pending_dir())
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(answer.started_at))
    wav = no_clobber.free_name(folder / f"{stamp}-{secrets.token_hex(4)}.wav",
                               (PARTIAL_SUFFIX, ".json"))
    paths.write_private_text(_sidecar(wav), json.dumps(asdict(answer)) + "\n")
    return wav


def forget_pending(wav: Path) -> None:
    """Drop the question written for ``wav`` (its recording never started)."""
    with contextlib.suppress(OSError):
        _sidecar(wav).unlink()


def _read_sidecar(wav: Path) -> PendingAnswer | None:
    try:
        data: Any = json.loads(_sidecar(wav).read_text(encoding="utf-8"))
        return PendingAnswer(str(data["bank_id"]), str(data["stage_id"]),
                             str(data["question_id"]), float(data["started_at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _closed_audio(wav: Path) -> float | None:
    """Close ``wav`` (or its .partial, left by a crash); its seconds, None when empty."""
    partial = Path(str(wav) + PARTIAL_SUFFIX)
    source = partial if partial.exists() and not wav.exists() else wav
    if not source.exists() or file_in_use(source):
        return None
    try:
        repaired = repair_wav(source)
    except (WavRepairError, OSError):
        return None
    if repaired.frames == 0:
        return None
    if source != wav:
        no_clobber.move(source, wav)
    return repaired.duration_s


def register_pending(store: Any) -> list[Registered]:
    """Add every answer recorded without a database to History (``store`` is a usable
    core.history.store.Store); each moves into one new session's folder."""
    folder = pending_dir()
    if not folder.is_dir():
        return []
    done: list[Registered] = []
    session: int | None = None
    for meta_file in sorted(folder.glob("*.json")):
        wav = meta_file.with_suffix(".wav")
        meta = _read_sidecar(wav)
        if meta is None:
            continue
        seconds = _closed_audio(wav)
        if seconds is None:
            if not wav.exists() and not Path(str(wav) + PARTIAL_SUFFIX).exists():
                meta_file.unlink()  # nothing was recorded: nothing to register
            continue
        if session is None:
            session = store.create_session("practice")
        answer_id = store.create_answer(session, meta.bank_id, meta.stage_id,
                                        meta.question_id, started_at=meta.started_at)
        target = store.get_answer(answer_id).audio_path
        placed = no_clobber.move(wav, target)
        if placed != target:
            store.set_audio_path(answer_id, placed)
        store.mark_recorded(answer_id, seconds, 0, recovered=True,
                            ended_at=placed.stat().st_mtime)
        with contextlib.suppress(OSError):
            meta_file.unlink()
        done.append(Registered(answer_id, placed, seconds, meta.question_id))
    with contextlib.suppress(OSError):
        folder.rmdir()  # once empty
    return done
