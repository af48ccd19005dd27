"""One answer from Start to report: recorder, live transcription, then the pipeline.

Start: the store registers the answer and the recorder opens the microphone (on a
background thread: opening audio may take a moment). While recording, a 20 Hz timer
drains the level meter and a 10 Hz timer polls the live transcriber. Stop hands the rest
(close the WAV, finish the transcript, analyse, save the report) to a background thread;
the UI is told when the report is ready. The audio on disk is never deleted on failure.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.core.analysis.follow_up import FollowUp
from desktop_app.core.banks.model import Bank, Question
from desktop_app.pipeline import recording as answer_pipeline
from desktop_app.pipeline.follow_up import begin_follow_up
from desktop_app.pipeline.recording import StartedAnswer
from desktop_app.ui.context import AppContext
from desktop_app.ui.services.background import run_in_background

log = logging.getLogger(__name__)

LEVEL_MS = 50
LIVE_MS = 100


class RecordingSession(QObject):
    started = Signal()  # the microphone is recording
    level = Signal(float, float)  # rms, peak (linear 0..1)
    live_text = Signal(str)  # the transcript so far
    notice = Signal(str)  # something worth knowing that changes nothing (fallback mic)
    device_lost = Signal(str)  # the recorder stopped by itself; audio kept
    progress = Signal(str)  # "Transcribing…", "Analysing…"
    finished = Signal(int)  # answer id, report saved
    failed = Signal(str)  # one plain sentence; the audio is kept
    saved_without_database = Signal()  # kept in recordings/, joins History after repair

    def __init__(self, context: AppContext, bank: Bank, question: Question,
                 session_id: int | None, parent: QObject | None = None, *,
                 follow_up: tuple[int, FollowUp] | None = None) -> None:
        """``follow_up``: (the parent answer's id, the follow-up asked) when this answer
        answers a follow-up; ``question`` is then the one it is analysed against
        (pipeline.follow_up.follow_up_question)."""
        super().__init__(parent)
        self.context = context
        self.bank = bank
        self.question = question
        self.session_id = session_id
        self.follow_up = follow_up
        self.answer_id: int | None = None
        self.audio_path: Path | None = None
        self._started: StartedAnswer | None = None
        self._stopping = False
        self._pending_stop: float | None = None  # Stop pressed before the mic opened
        self._live_shown = ""
        self._level_timer = QTimer(self)
        self._level_timer.setInterval(LEVEL_MS)
        self._level_timer.timeout.connect(self._poll_levels)
        self._live_timer = QTimer(self)
        self._live_timer.setInterval(LIVE_MS)
        self._live_timer.timeout.connect(self._poll_live)

    @property
    def is_recording(self) -> bool:
        return self._started is not None and not self._stopping

    # Start ------------------
    def start(self) -> None:
        settings = self.context.settings
        bank, question, session_id = self.bank, self.question, self.session_id
        # Without a usable database the answer is still recorded (core.answer_recording);
        # with no row to hold a transcript, nothing is transcribed until it is registered.
        store = self.context.store_or_none() if session_id is not None else None
        worker = self.context.transcription().worker_or_none() if store is not None else None

        follow_up = self.follow_up

        def job() -> StartedAnswer:
            if follow_up is not None:
                return begin_follow_up(settings, store, worker, bank, question, follow_up[0],
                                       follow_up[1], session_id)
            return answer_pipeline.begin_answer(settings, store, worker, bank, question,
                                                session_id)

        run_in_background(job, self._on_started, self._on_start_failed, name="answer-start")

    def _on_started(self, started: StartedAnswer) -> None:
        self._started = started
        self.answer_id = started.answer_id
        self.audio_path = started.audio_path
        self._level_timer.start()
        if started.live is not None:
            self._live_timer.start()
        self.started.emit()
        if started.notice:
            self.notice.emit(started.notice)
        self.context.answers_changed.emit()
        if self._pending_stop is not None:
            self.stop(self._pending_stop)

    def _on_start_failed(self, message: str) -> None:
        self.failed.emit(message)

    # While recording ------------------
    def _poll_levels(self) -> None:
        started = self._started
        if started is None:
            return
        levels = started.recorder.levels()
        if levels:
            newest = levels[-1]
            self.level.emit(float(newest.rms), max(float(lv.peak) for lv in levels))
        if not started.recorder.is_recording and not self._stopping:
            # The device vanished or a write failed: the recorder kept what it had.
            message = started.recorder.error or (
                "The recording stopped by itself; what was recorded was kept.")
            self.device_lost.emit(message)

    def _poll_live(self) -> None:
        started = self._started
        if started is None or started.live is None:
            return
        try:
            started.live.poll()  # drained so they do not pile up; the text is below
            # The transcriber's text: each window once, in order, then provisional text.
            text = started.live.live_text()
        except Exception:  # the live preview is a nicety; the final pass still runs
            log.exception("live transcription poll failed")
            return
        if text != self._live_shown:
            self._live_shown = text
            self.live_text.emit(text)

    # Stop ------------------
    def stop(self, used_s: float) -> None:
        """Stop recording and produce the report in the background."""
        started = self._started
        if started is None:
            self._pending_stop = used_s
            return
        if self._stopping:
            return
        self._stopping = True
        self._level_timer.stop()
        # The live transcriber now belongs to the finishing thread (finish() drains it).
        self._live_timer.stop()
        self.progress.emit("Transcribing your answer…")
        settings = self.context.settings
        bank, question = self.bank, self.question
        t0 = time.monotonic()
        store = self.context.store_or_none() if started.answer_id is not None else None

        def job() -> int | None:
            answer_pipeline.finish_answer(settings, store, started, bank, question, used_s)
            return started.answer_id

        def done(answer_id: int | None) -> None:
            if answer_id is None:
                self.saved_without_database.emit()
                return
            log.info("report ready %.2f s after stop", time.monotonic() - t0)
            self.context.answers_changed.emit()
            self.finished.emit(answer_id)

        def failed(message: str) -> None:
            self.context.answers_changed.emit()
            self.failed.emit(message)

        run_in_background(job, done, failed, name="answer-finish")
