"""Record one answer of a session into the history: row first, then audio, then close.

The order is what makes a crash harmless: the answer row (state "recording") and its audio
path exist before the first frame is captured; audio goes to ``<answer>.wav.partial``
(header kept current) and is renamed to ``<answer>.wav`` when closed; only then is the
answer marked "recorded". Recovery (``core.recovery``) finishes whatever a crash cut short.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core.devices import choose_saved_device
from desktop_app.core.errors import UserError
from desktop_app.core.recorder import Listener, Recorder, RecordingResult
from desktop_app.core.settings import AudioSettings
from desktop_app.core.store import Store


class AnswerRecording:
    """Usage: ``rec = AnswerRecording(store, session, bank, stage, question); rec.start()``,
    read ``rec.recorder.levels()`` / ``rec.recorder.error`` while recording (the recorder
    may stop by itself when the device goes away), then ``rec.stop()``.
    """

    def __init__(self, store: Store, session_id: int, bank_id: str, stage_id: str,
                 question_id: str, device: str | int | None = None,
                 settings: AudioSettings | None = None) -> None:
        self.store = store
        self.settings = settings or AudioSettings()
        self._ids = (session_id, bank_id, stage_id, question_id)
        self._wanted = device if device is not None else self.settings.device
        self.answer_id: int | None = None
        self.notice: str | None = None  # e.g. the saved microphone is gone: default used
        self._recorder: Recorder | None = None
        self._result: RecordingResult | None = None

    @property
    def recorder(self) -> Recorder:
        if self._recorder is None:
            raise RuntimeError("start() first")
        return self._recorder

    def start(self, listeners: Sequence[Listener] = ()) -> int:
        """Create the answer and start capturing; returns the answer id. UserError when
        there is no usable microphone (the answer is then marked failed).

        ``listeners`` get every block from the first one on (Recorder.add_listener), so
        what they saw lines up with the file sample for sample."""
        device, self.notice = choose_saved_device(self._wanted)
        self.answer_id = self.store.create_answer(*self._ids)
        record = self.store.get_answer(self.answer_id)
        assert record is not None and record.audio_path is not None
        self._recorder = Recorder(record.audio_path, device, partial=True,
                                  settings=self.settings)
        for listener in listeners:
            self._recorder.add_listener(listener)
        try:
            self._recorder.start()
        except UserError as exc:
            self.store.mark_failed(self.answer_id, exc.message)
            raise
        return self.answer_id

    def stop(self) -> RecordingResult:
        """Stop, close the file and mark the answer recorded (or failed with no audio)."""
        if self._result is not None:
            return self._result
        result = self.recorder.stop()
        assert self.answer_id is not None
        if result.duration_s > 0:
            self.store.mark_recorded(self.answer_id, result.duration_s, result.overflows)
        else:
            self.store.mark_failed(
                self.answer_id, result.stopped_reason or "No audio was recorded.")
        self._result = result
        return result
