"""Export a mock interview's scorecard (Markdown or HTML): the file is chosen here, the
scorecard is built from History and written off the UI thread (core.interview.scorecard)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.core.errors import UserError
from desktop_app.ui.context import AppContext
from desktop_app.ui.services.background import run_in_background

FILTERS = {"Markdown (*.md)": ".md", "Web page (*.html)": ".html"}


def choose_path(parent: QWidget) -> Path | None:
    start = str(Path.home() / "mock-interview-scorecard.md")
    path, chosen = QFileDialog.getSaveFileName(parent, "Export scorecard", start,
                                               ";;".join(FILTERS))
    if not path:
        return None
    out = Path(path)
    return out if out.suffix else out.with_suffix(FILTERS.get(chosen, ".md"))


def export_scorecard(context: AppContext, session_id: int, path: Path,
                     done: Callable[[Path], None] | None = None) -> None:
    """Write the scorecard of mock session ``session_id``; the banner says where, or why
    not."""
    from desktop_app.core.interview.scorecard import build_scorecard, write_scorecard

    store = context.store_or_none()
    if store is None:
        context.data_health().announce()
        return
    # Banks are looked up here: they are loaded and cached on the UI thread.
    banks = {b.id: b for b in context.all_banks()}

    def job() -> Path:
        records = store.list_answers(session_id=session_id)
        bank = banks.get(records[0].bank_id) if records else None
        if bank is None:
            raise UserError("This mock interview's question bank is no longer installed, "
                            "so its scorecard cannot be made.")
        return write_scorecard(path, build_scorecard(store, bank, session_id))

    def finished(out: Path) -> None:
        context.message.emit("info", f"Saved the scorecard in {out.name} in {out.parent}.")
        if done is not None:
            done(out)

    run_in_background(job, finished, lambda m: context.message.emit("error", m),
                      name="scorecard-export")
