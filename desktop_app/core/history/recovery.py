"""Finish recordings a crash cut short: repair headers, close ``.partial`` files, register.

Runs at app start and from ``stagecoach recover``; running it again finds nothing new.
A file that a live recorder still holds (its advisory lock is taken) is left alone, so a
second Stagecoach process never steals a recording in progress.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core import paths
from desktop_app.core.audio.recorder import PARTIAL_SUFFIX
from desktop_app.core.audio.wav_writer import WavRepairError, file_in_use, repair_wav
from desktop_app.core.history.store import AnswerRecord, Store
from desktop_app.core.pending_recordings import pending_dir, register_pending

NOTHING_SAVED = "The recording was interrupted before any audio was saved."


@dataclass(frozen=True)
class Recovered:
    answer_id: int | None
    path: Path | None
    duration_s: float  # seconds of audio saved (0 when nothing could be saved)
    question_id: str = ""
    note: str | None = None  # why nothing was saved, when so


def _final_name(partial: Path) -> Path:
    return partial.with_name(partial.name[: -len(PARTIAL_SUFFIX)])


def _close_file(candidate: Path, final: Path) -> tuple[Path, float] | None:
    """Repair ``candidate`` and move it to ``final``; None when it holds no audio."""
    try:
        repaired = repair_wav(candidate)
    except (WavRepairError, OSError):
        return None
    if repaired.frames == 0:
        with contextlib.suppress(OSError):
            candidate.unlink()
        return None
    if candidate != final:
        os.replace(candidate, final)
    paths.make_private(final)
    return final, repaired.duration_s


def _recover_answer(store: Store, record: AnswerRecord) -> Recovered | None:
    audio = record.audio_path
    if audio is None:
        store.mark_failed(record.id, NOTHING_SAVED)
        return Recovered(record.id, None, 0.0, record.question_id, NOTHING_SAVED)
    partial = Path(str(audio) + PARTIAL_SUFFIX)
    if any(p.exists() and file_in_use(p) for p in (partial, audio)):
        return None  # still being recorded by a live process
    candidate = partial if partial.exists() else audio
    try:
        closed = _close_file(candidate, audio) if candidate.exists() else None
    except OSError:  # cannot rename (e.g. held open on Windows): try again next time
        return None
    if closed is None:
        store.mark_failed(record.id, NOTHING_SAVED)
        return Recovered(record.id, None, 0.0, record.question_id, NOTHING_SAVED)
    path, duration = closed
    store.mark_recorded(record.id, duration, record.overflows, recovered=True,
                        ended_at=path.stat().st_mtime)
    return Recovered(record.id, path, duration, record.question_id)


def _free_name(final: Path) -> Path:
    if not final.exists():
        return final
    n = 1
    while True:
        alt = final.with_name(f"{final.stem}-recovered-{n}{final.suffix}")
        if not alt.exists():
            return alt
        n += 1


def recover(store: Store, recordings_dir: Path | None = None) -> list[Recovered]:
    """Repair and register every interrupted recording; one entry per recording handled."""
    results: list[Recovered] = []
    for record in store.list_answers(state="recording"):
        done = _recover_answer(store, record)
        if done is not None:
            results.append(done)

    # Stray .partial files: an answer not in "recording" any more (failed), or no row at
    # all (the database was replaced): close the file and put it into the history.
    # Answers recorded while the database could not be used: into History, question known.
    for pending in register_pending(store):
        results.append(Recovered(pending.answer_id, pending.path, pending.duration_s,
                                 pending.question_id))

    root = recordings_dir or paths.recordings_dir()
    if not root.is_dir():
        return results
    unregistered = pending_dir()
    by_path = {str(a.audio_path): a for a in store.list_answers() if a.audio_path}
    recovered_session: int | None = None
    for partial in sorted(root.rglob("*" + PARTIAL_SUFFIX)):
        if not partial.is_file() or file_in_use(partial) or partial.parent == unregistered:
            continue  # (a crash while recording without a database: registered above)
        final = _final_name(partial)
        owner = by_path.get(str(final))
        target = final if owner is not None and not final.exists() else _free_name(final)
        try:
            closed = _close_file(partial, target)
        except OSError:
            continue
        if closed is None:
            continue
        path, duration = closed
        if owner is not None and owner.state in ("failed", "recording"):
            if path != final:
                store.set_audio_path(owner.id, path)
            store.mark_recorded(owner.id, duration, owner.overflows, recovered=True,
                                ended_at=path.stat().st_mtime)
            results.append(Recovered(owner.id, path, duration, owner.question_id))
            continue
        if owner is not None:  # the answer has its audio already: keep this one beside it
            results.append(Recovered(None, path, duration, owner.question_id))
            continue
        if recovered_session is None:
            recovered_session = store.create_session("recovered")
        answer_id = store.create_answer(recovered_session, "", "", "", audio_path=path)
        store.mark_recorded(answer_id, duration, 0, recovered=True,
                            ended_at=path.stat().st_mtime)
        results.append(Recovered(answer_id, path, duration))
    return results


def summary_sentence(results: list[Recovered]) -> str | None:
    """What start-up tells the user: how many recordings came back and the seconds saved
    (the README promises both), or None when there was nothing to recover."""
    saved = [r for r in results if r.path is not None and not r.note]
    lost = len(results) - len(saved)
    if not results:
        return None
    parts = []
    if saved:
        seconds = sum(r.duration_s for r in saved)
        what = ("An interrupted recording was" if len(saved) == 1
                else f"{len(saved)} interrupted recordings were")
        parts.append(f"{what} recovered with {seconds:.1f} s of audio saved; find "
                     f"{'it' if len(saved) == 1 else 'them'} in History, marked "
                     "“Recovered”")
    if lost:
        what = "1 interrupted answer" if lost == 1 else f"{lost} interrupted answers"
        parts.append(f"{what} had no audio saved yet and {'is' if lost == 1 else 'are'} "
                     "marked failed in History")
    return "; ".join(parts) + "."


def repair_files(files: list[Path]) -> list[Recovered]:
    """Repair WAV files named by the user (e.g. left by ``stagecoach record``) in place;
    a ``.partial`` file is also renamed to its final name."""
    results = []
    for f in files:
        if f.name.endswith(PARTIAL_SUFFIX):
            target = _free_name(_final_name(f))
        else:
            target = f
        if file_in_use(f):
            results.append(Recovered(None, f, 0.0, note="It is still being recorded."))
            continue
        try:
            closed = _close_file(f, target) if f.exists() else None
        except OSError as exc:
            results.append(Recovered(None, f, 0.0, note=f"It cannot be renamed ({exc})."))
            continue
        if closed is None:
            results.append(Recovered(None, f, 0.0, note="It holds no recoverable audio."))
        else:
            results.append(Recovered(None, closed[0], closed[1]))
    return results
