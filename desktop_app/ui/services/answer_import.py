"""History › Import: recordings made elsewhere, chosen in a file dialog and answered to a
question chosen in the question picker, imported on a background thread by the same code
as `stagecoach import` (pipeline.importing)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.core.question_choice import question_tries
from desktop_app.ui.context import AppContext
from desktop_app.ui.services.background import run_in_background

AUDIO_FILTER = "Recordings (*.wav *.flac *.mp3 *.m4a *.ogg *.opus *.aac);;All files (*)"


def choose_and_import(context: AppContext, bank: Any, parent: QWidget) -> None:
    """Ask for the files, then for the question; import them in the background."""
    files, _filter = QFileDialog.getOpenFileNames(parent, "Import recordings", "",
                                                  AUDIO_FILTER)
    if not files:
        return
    from desktop_app.ui.widgets.question_picker import QuestionPicker

    picker = QuestionPicker(bank, question_tries(bank, []), None, None, parent)
    picker.setWindowTitle("Which question do the recordings answer?")

    def chosen() -> None:
        question = bank.question(picker.chosen_id) if picker.chosen_id else None
        if question is not None:
            import_files(context, bank, question, [Path(f) for f in files])

    picker.accepted.connect(chosen)
    picker.open()


def import_files(context: AppContext, bank: Any, question: Any, files: Sequence[Path],
                 on_done: Callable[[list[Any]], None] | None = None) -> None:
    """Import ``files`` as answers to ``question``; the window's banner says how it went."""
    settings = context.settings
    worker = context.transcription().worker_or_none()
    many = f"{len(files)} recordings" if len(files) != 1 else "the recording"
    context.message.emit("info", f"Importing {many}: transcribing and analysing…")

    def job() -> list[Any]:
        from desktop_app.pipeline.importing import import_recordings

        store = context.open_store()
        try:
            return import_recordings(settings, store, bank, question, list(files),
                                     worker=worker)
        finally:
            store.close()

    def done(imported: list[Any]) -> None:
        context.answers_changed.emit()
        n = len(imported)
        context.message.emit("info", f"Imported {n} recording{'s' if n != 1 else ''} as "
                             f"answers to “{question.prompt[:60]}”; they are in History.")
        if on_done is not None:
            on_done(imported)

    run_in_background(job, done, lambda text: context.message.emit("error", text),
                      name="import")
