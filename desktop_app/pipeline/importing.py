"""Recordings made elsewhere (a phone, a mock with a friend) brought into History as
answers, with the transcript and report the app would have made.

Every file is decoded before anything is stored, so one unreadable file means one sentence
and nothing in History. Each answer is then transcribed and analysed like a recorded one
(``pipeline.answer``); its audio is kept as the app keeps recordings: 16 kHz mono PCM WAV,
owner-only, at ``recordings/<session>/<answer>.wav``. The answer is dated by the file's
modification time (when it was recorded, as far as the file can tell), never later than
now, so the practice plan places it where it happened.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from desktop_app.core.audio.audio_decode import WHISPER_RATE, load_audio
from desktop_app.core.banks.model import Bank, Question
from desktop_app.core.errors import UserError
from desktop_app.core.settings import Settings
from desktop_app.core.transcript import Transcript
from desktop_app.pipeline.answer import analyse_answer, transcribe_answer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Imported:
    answer_id: int
    source: Path
    duration_s: float


def _pcm16(audio: npt.NDArray[np.float32]) -> bytes:
    return (np.clip(audio, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


def _keep_audio(audio: npt.NDArray[np.float32], target: Path) -> None:
    from desktop_app.core.audio.wav_writer import LiveWavWriter

    writer = LiveWavWriter(target, sample_rate=WHISPER_RATE, channels=1, exclusive=True)
    try:
        writer.write(_pcm16(audio))
    finally:
        writer.close()


def import_recordings(settings: Settings, store: Any, bank: Bank, question: Question,
                      sources: Sequence[Path], worker: Any = None,
                      progress: Callable[[str], None] | None = None,
                      crashed_twice: str | None = None) -> list[Imported]:
    """Add ``sources`` to History as answers to ``question``; UserError (nothing stored)
    when any of them cannot be read."""
    if not sources:
        raise UserError("Give at least one recording to import.")
    decoded: list[tuple[Path, npt.NDArray[np.float32]]] = []
    for source in sources:
        path = Path(source).expanduser()
        audio = load_audio(path)  # UserError: one sentence naming the file
        if audio.size == 0:
            raise UserError(f"{path} holds no sound; nothing was imported.")
        decoded.append((path, audio))
    session_id: int | None = None  # made with the first answer: a failure leaves none
    done: list[Imported] = []
    try:
        for path, audio in decoded:
            if progress is not None:
                progress(f"Transcribing {path.name}…")
            transcript = transcribe_answer(path, settings, bank, question, worker=worker,
                                           crashed_twice=crashed_twice)
            if session_id is None:
                session_id = int(store.create_session("practice"))
            done.append(_store_one(settings, store, bank, question, session_id, path, audio,
                                   transcript))
    finally:
        if session_id is not None:
            store.end_session(session_id)
    return done


def _store_one(settings: Settings, store: Any, bank: Bank, question: Question,
               session_id: int, path: Path, audio: npt.NDArray[np.float32],
               transcript: Transcript) -> Imported:
    seconds = audio.size / WHISPER_RATE
    report = analyse_answer(transcript, settings, bank, question, audio=audio, used_s=seconds)
    started = min(path.stat().st_mtime - seconds, time.time() - seconds)
    answer_id = store.create_answer(session_id, bank.id, question.stage_id, question.id,
                                    started_at=started)
    record = store.get_answer(answer_id)
    try:
        _keep_audio(audio, Path(record.audio_path))
        store.mark_recorded(answer_id, seconds, ended_at=started + seconds)
        store.save_transcript(answer_id, transcript.to_dict())
        store.save_report(answer_id, report)
    except BaseException:
        log.exception("import of %s into answer %s failed", path, answer_id)
        store.delete_answer(answer_id)  # to the trash, as any deleted answer: Undo-able
        raise
    return Imported(answer_id, path, seconds)
