"""Record one answer of a session into the history: row first, then audio, then close.

The order is what makes a crash harmless: the answer row (state "recording") and its audio
path exist before the first frame is captured; audio goes to ``<answer>.wav.partial``
(header kept current) and is renamed to ``<answer>.wav`` when closed; only then is the
answer marked "recorded". Recovery (``core.recovery``) finishes whatever a crash cut short.

Without a usable database (``store`` None: damaged, or from a newer version) the answer is
still recorded, into ``recordings/unregistered/`` with its question beside it; the next
start with a usable database adds it to History (``core.pending_recordings``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from desktop_app.core.audio.devices import choose_saved_device
from desktop_app.core.audio.recorder import Listener, Recorder, RecordingResult
from desktop_app.core.errors import UserError
from desktop_app.core.history.store import Store
from desktop_app.core.pending_recordings import (
    PendingAnswer,
    forget_pending,
    new_pending_path,
)
from desktop_app.core.settings import AudioSettings


class AnswerRecording:
    """Usage: ``rec = AnswerRecording(store, session, bank, stage, question); rec.start()``,
    read ``rec.recorder.levels()`` / ``rec.recorder.error`` while recording (the recorder
    may stop by itself when the device goes away), then ``rec.stop()``.
    """

    def __init__(self, store: Store | None, session_id: int | None, bank_id: str, stage_id: str,
                 question_id: str, device: str | int | None = None,
                 settings: AudioSettings | None = None) -> None:
        self.store = store
        self.settings = settings or AudioSettings()
        self._ids = (session_id, bank_id, stage_id, question_id)
        self._wanted = device if device is not None else self.settings.device
        self.answer_id: int | None = None  # stays None without a database
        self.notice: str | None = None  # e.g. the saved microphone is gone: default used
        self._recorder: Recorder | None = None
        self._result: RecordingResult | None = None

    @property
    def recorder(self) -> Recorder:
        if self._recorder is None:
            raise RuntimeError("start() first")
        return self._recorder

    def start(self, listeners: Sequence[Listener] = ()) -> int | None:
        """Create the answer and start capturing; returns the answer id (None without a
        database). UserError when there is no usable microphone (the answer is then
        marked failed).

        ``listeners`` get every block from the first one on (Recorder.add_listener), so
        what they saw lines up with the file sample for sample."""
        device, self.notice = choose_saved_device(self._wanted)
        self._recorder = Recorder(self._audio_path(), device, partial=True,
                                  settings=self.settings)
        for listener in listeners:
            self._recorder.add_listener(listener)
        try:
            self._recorder.start()
        except UserError as exc:
            if self.store is not None and self.answer_id is not None:
                self.store.mark_failed(self.answer_id, exc.message)
            else:  # nothing was recorded: no question left waiting to be registered
                forget_pending(self._recorder.path)
            raise
        self._follow_path()
        return self.answer_id

    def _audio_path(self) -> Path:
        session_id, bank_id, stage_id, question_id = self._ids
        if self.store is None or session_id is None:
            return new_pending_path(PendingAnswer(bank_id, stage_id, question_id, time.time()))
        self.answer_id = self.store.create_answer(session_id, bank_id, stage_id, question_id)
        record = self.store.get_answer(self.answer_id)
        assert record is not None and record.audio_path is not None
        return record.audio_path

    def _follow_path(self) -> None:
        """The recorder took another name (its own was taken): the answer follows it."""
        if self.store is None or self.answer_id is None:
            return
        record = self.store.get_answer(self.answer_id)
        if record is not None and record.audio_path != self.recorder.path:
            self.store.set_audio_path(self.answer_id, self.recorder.path)

    def stop(self) -> RecordingResult:
        """Stop, close the file and mark the answer recorded (or failed with no audio)."""
        if self._result is not None:
            return self._result
        result = self.recorder.stop()
        self._result = result
        if self.store is None or self.answer_id is None:
            return result  # registered at the next start with a usable database
        self._follow_path()
        if result.duration_s > 0:
            self.store.mark_recorded(self.answer_id, result.duration_s, result.overflows)
        else:
            self.store.mark_failed(
                self.answer_id, result.stopped_reason or "No audio was recorded.")
        return result
