"""The transcription worker process, owned by the app: started after the window is shown.

The worker (a child process holding the model) is created and warmed up on a background
thread, so neither the import of its module nor the model load touches the UI thread.
A crashed worker is restarted by the core; this service only reports what it cannot fix.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop_app.core.settings import Settings
from desktop_app.ui.services.background import run_in_background

log = logging.getLogger(__name__)


class TranscriptionService(QObject):
    ready = Signal()
    failed = Signal(str)  # one plain sentence (model missing, worker cannot start)

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._worker: Any = None
        self._starting = False
        self.error: str | None = None

    @property
    def is_ready(self) -> bool:
        return self._worker is not None

    def worker_or_none(self) -> Any:
        return self._worker

    def start(self) -> None:
        if self._worker is not None or self._starting:
            return
        self._starting = True
        settings = self.settings

        def job() -> Any:
            from desktop_app.transcription.worker import TranscriptionWorker

            worker = TranscriptionWorker(_worker_options(settings))
            start = getattr(worker, "start", None)
            if start is not None:
                start()
            warm = getattr(worker, "warm_up", None)
            if warm is not None:
                warm()
            return worker

        run_in_background(job, self._on_ready, self._on_failed, name="worker-start")

    def restart(self, settings: Settings | None = None) -> None:
        """After the engine or model changed in Settings."""
        if settings is not None:
            self.settings = settings
        self.shutdown()
        self.start()

    def _on_ready(self, worker: Any) -> None:
        self._starting = False
        self._worker = worker
        self.error = None
        self.ready.emit()

    def _on_failed(self, message: str) -> None:
        self._starting = False
        self.error = message
        self.failed.emit(message)

    def shutdown(self) -> None:
        worker, self._worker = self._worker, None
        if worker is None:
            return
        for name in ("close", "shutdown", "stop"):
            fn = getattr(worker, name, None)
            if fn is not None:
                try:
                    fn()
                except Exception:  # shutting down must not raise
                    log.exception("stopping the transcription worker failed")
                return


def _worker_options(settings: Settings) -> Any:
    from desktop_app.transcription.options import TranscribeOptions

    t = settings.transcription
    return TranscribeOptions(engine=t.engine, model=t.model, compute_type=t.compute_type,
                             filler_prompt=t.filler_prompt, beam_size=t.beam_size,
                             cpu_threads=t.cpu_threads)
