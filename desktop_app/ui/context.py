"""What every view shares: the settings, the answer store, the transcription worker.

Created before the window (cheap: nothing is opened); the store and the worker come up
on first use or in `start`, which the window calls after it has been shown.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop_app.core.settings import Settings, save_settings

if TYPE_CHECKING:
    from desktop_app.core.banks.model import Bank
    from desktop_app.core.history.store import Store
    from desktop_app.ui.services.data_health import DataHealth
    from desktop_app.ui.services.transcription_service import TranscriptionService
    from desktop_app.ui.services.voice_service import VoiceService

log = logging.getLogger(__name__)


class AppContext(QObject):
    """Shared services. Signals tell views that shared state changed."""

    settings_changed = Signal()
    banks_changed = Signal()  # a bank was imported or the bank folder changed
    answers_changed = Signal()  # an answer was added, finished or deleted
    message = Signal(str, str)  # (level, one plain sentence) for the window's banner
    # (level, sentence, button label, page to open): a banner with the way forward.
    message_with_page = Signal(str, str, str, str)
    # (level, sentence, button label, callable run on the UI thread): e.g. Undo.
    message_with_action = Signal(str, str, str, object)

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self._store: Store | None = None
        self._transcription: TranscriptionService | None = None
        self._data_health: DataHealth | None = None
        self._voice: VoiceService | None = None
        self._banks: dict[str, Bank | None] = {}
        self._all_banks: list[Bank] | None = None

    # Banks (cached by id: concept labels for Review and History) ----------------------------
    def bank(self, bank_id: str) -> Bank | None:
        """The bank ``bank_id`` or None when it is no longer installed."""
        if bank_id not in self._banks:
            from desktop_app.core.banks.library import find_bank
            from desktop_app.core.errors import UserError

            try:
                self._banks[bank_id] = find_bank(bank_id, self.settings)
            except UserError:
                return None
        return self._banks[bank_id]

    def all_banks(self) -> list[Bank]:
        """Every installed bank (shipped and the user's), read once until forget_banks."""
        if self._all_banks is None:
            from desktop_app.core.banks.library import list_banks

            self._all_banks = list(list_banks(self.settings))
            for bank in self._all_banks:
                self._banks.setdefault(bank.id, bank)
        return self._all_banks

    def forget_banks(self) -> None:
        self._banks.clear()
        self._all_banks = None

    # The store ------------------
    def store(self) -> Store:
        """The answer store of the UI thread (SQLite; each thread opens its own)."""
        if self._store is None:
            from desktop_app.core.history.store import Store

            self._store = Store()
        return self._store

    def store_or_none(self) -> Store | None:
        """The store, or None when the history database cannot be used (damaged, newer,
        full); what is wrong is then told by ``data_health()``."""
        from desktop_app.core.history.store_errors import DatabaseProblem

        try:
            return self.store()
        except DatabaseProblem as exc:
            health = self.data_health()
            if health.problem is None:
                health.problem = exc
            return None

    def forget_store(self) -> None:
        """Close the store (the database file is about to be replaced or is unusable)."""
        store, self._store = self._store, None
        if store is not None:
            try:
                store.close()
            except Exception:  # an unusable connection: nothing to keep
                log.exception("closing the store failed")

    def data_health(self) -> DataHealth:
        if self._data_health is None:
            from desktop_app.ui.services.data_health import DataHealth

            self._data_health = DataHealth(self)
        return self._data_health

    @staticmethod
    def open_store() -> Store:
        """A fresh store connection for a background thread."""
        from desktop_app.core.history.store import Store

        return Store()

    # The transcription worker ------------------
    def transcription(self) -> TranscriptionService:
        if self._transcription is None:
            from desktop_app.ui.services.transcription_service import TranscriptionService

            self._transcription = TranscriptionService(self.settings, self)
            self._transcription.failed.connect(
                lambda text: self.message_with_page.emit("error", text, "Open Settings",
                                                         "settings"))
        return self._transcription

    # The interviewer's voice ------------------
    def voice(self) -> VoiceService:
        if self._voice is None:
            from desktop_app.ui.services.voice_service import VoiceService

            self._voice = VoiceService(self.settings, self)
            self._voice.unavailable.connect(lambda text: self.message.emit("warning", text))
        return self._voice

    def start(self) -> None:
        """Warm the model up in the worker process (after the window is visible), and the
        interviewer's voice on a background thread."""
        self.transcription().start()
        self.voice().warm_up()

    # Settings ------------------
    def save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except OSError as exc:
            self.message.emit(
                "error", f"Your settings could not be saved ({exc.strerror}); check the "
                "data folder has free space and is writable.")
        self.settings_changed.emit()

    def shutdown(self) -> None:
        if self._voice is not None:
            self._voice.shutdown()
        if self._transcription is not None:
            self._transcription.shutdown()
        if self._store is not None and hasattr(self._store, "close"):
            try:
                self._store.close()
            except Exception:  # closing at exit must never raise
                log.exception("closing the store failed")
