"""A live microphone level test for Settings: records to a throw-away file for a moment.

Uses the core Recorder (same device resolution and errors as a real answer); the file
lives in a private temporary folder and is deleted when the test stops.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.ui.services.background import run_in_background

TEST_SECONDS = 15.0


class MicTest(QObject):
    level = Signal(float, float)
    running_changed = Signal(bool)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._recorder: Any = None
        self._folder: Path | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._poll)

    @property
    def running(self) -> bool:
        return self._recorder is not None

    def start(self, device: str | None) -> None:
        if self.running:
            return
        folder = Path(tempfile.mkdtemp(prefix="stagecoach-mictest-"))
        self._folder = folder

        def job() -> Any:
            from desktop_app.core.audio.recorder import Recorder

            rec = Recorder(folder / "test.wav", device, max_duration_s=TEST_SECONDS)
            rec.start()
            return rec

        run_in_background(job, self._on_started, self._on_failed, name="mic-test")

    def _on_started(self, recorder: Any) -> None:
        self._recorder = recorder
        self._timer.start()
        self.running_changed.emit(True)

    def _on_failed(self, message: str) -> None:
        self._cleanup()
        self.failed.emit(message)

    def _poll(self) -> None:
        rec = self._recorder
        if rec is None:
            return
        levels = rec.levels()
        if levels:
            self.level.emit(float(levels[-1].rms), max(float(lv.peak) for lv in levels))
        if not rec.is_recording:
            if rec.error:
                self.failed.emit(rec.error)
            self.stop()

    def stop(self) -> None:
        rec, self._recorder = self._recorder, None
        self._timer.stop()
        if rec is not None:
            def job() -> None:
                rec.stop()

            run_in_background(job, lambda _r: self._cleanup(), lambda _m: self._cleanup(),
                              name="mic-test-stop")
            self.running_changed.emit(False)

    def _cleanup(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
