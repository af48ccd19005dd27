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

LOAD_TIMEOUT_S = 300.0  # a first openai-whisper conversion can take a while


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
        return self._worker is not None and not self._starting

    def worker_or_none(self) -> Any:
        return self._worker

    def start(self) -> None:
        """Spawn the worker, then load the model in it (both off the UI thread). The
        worker is usable as soon as it exists: jobs queue behind the model load."""
        if self._worker is not None or self._starting:
            return
        self._starting = True
        options = _worker_options(self.settings)

        def spawn() -> tuple[Any, str]:
            from desktop_app.transcription.worker import TranscriptionWorker

            worker = TranscriptionWorker()
            return worker, worker.preload(options)

        def spawned(result: tuple[Any, str]) -> None:
            worker, load_job = result
            self._worker = worker
            run_in_background(lambda: worker.wait(load_job, timeout=LOAD_TIMEOUT_S),
                              lambda _final: self._on_ready(worker),
                              lambda message: self._on_failed(message, worker),
                              name="worker-load")

        run_in_background(spawn, spawned, self._on_failed, name="worker-start")

    def restart(self, settings: Settings | None = None) -> None:
        """After the engine or model changed in Settings."""
        if settings is not None:
            self.settings = settings
        self.shutdown()
        self.start()

    def _on_ready(self, worker: Any) -> None:
        if worker is not self._worker:
            return  # a worker replaced meanwhile (settings changed)
        self._starting = False
        self.error = None
        self.ready.emit()

    def _on_failed(self, message: str, worker: Any = None) -> None:
        if worker is not None and worker is not self._worker:
            return
        self._starting = False
        self.error = message
        self.failed.emit(message)

    def shutdown(self) -> None:
        worker, self._worker = self._worker, None
        self._starting = False
        if worker is None:
            return
        try:
            worker.close()
        except Exception:  # shutting down must not raise
            log.exception("stopping the transcription worker failed")


def _worker_options(settings: Settings) -> Any:
    from desktop_app.transcription.options import TranscribeOptions

    return TranscribeOptions.from_settings(settings)
