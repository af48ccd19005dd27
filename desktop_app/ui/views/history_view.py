"""The History page: every answer, filters, trends, the concepts most often missed and an
export of the answers shown as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.history import follow_ups
from desktop_app.core.history.history_read import HistoryPage, read_history
from desktop_app.core.interview.scorecard import mock_overall
from desktop_app.ui.context import AppContext
from desktop_app.ui.history.filters import HistoryFilters
from desktop_app.ui.history.narrowing import NarrowingBar
from desktop_app.ui.history.readiness_panel import ReadinessPanel
from desktop_app.ui.history.table_model import SORT_ROLE, HistoryTableModel
from desktop_app.ui.history.trend_chart import TrendChart
from desktop_app.ui.services import answer_deletion, answer_import, scorecard_export
from desktop_app.ui.services.background import run_in_background
from desktop_app.ui.theme import current_theme
from desktop_app.ui.widgets.card import Card
from desktop_app.ui.widgets.page_header import PageHeader, icon_button
from desktop_app.ui.widgets.page_scroll import scrolling_body


class HistoryView(QWidget):
    open_requested = Signal(int)  # answer id
    refreshed = Signal()  # the table, trends and most-missed list show the store again
    exported = Signal(Path)  # the CSV file written by export_to

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = HistoryTableModel(self._describe)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self._dirty = True
        self._generation = 0
        self._build()
        context.answers_changed.connect(self._mark_dirty)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(14)
        header = PageHeader("History")
        self.filter_bar = HistoryFilters(self.context, self)
        self.filter_bar.changed.connect(self.refresh)
        self.bank_filter = self.filter_bar.bank_filter
        self.stage_filter = self.filter_bar.stage_filter
        self.question_filter = self.filter_bar.question_filter
        header.add(self.bank_filter, self.stage_filter, self.question_filter)
        outer.addLayout(header)
        # Below the header the page scrolls: the filters, trends, readiness and the
        # answers need more height than a 1366x768 screen has once a banner shows.
        self.page_area, outer = scrolling_body(outer, 14)
        self.narrow_bar = NarrowingBar()
        self.narrow_bar.changed.connect(self.refresh)
        self.narrow_bar.scorecard_requested.connect(self._choose_scorecard)
        outer.addWidget(self.narrow_bar)

        trends = QHBoxLayout()
        trends.setSpacing(14)
        zones = current_theme().zones
        accent = current_theme().colours["accent"]
        self.trend_wpm = TrendChart("Words per minute", "wpm", accent)
        self.trend_fillers = TrendChart("Fillers per minute", "fillers_per_minute", zones.yellow,
                                        digits=1)
        self.trend_coverage = TrendChart("Coverage %", "coverage_pct", zones.green)
        self.trend_hedges = TrendChart("Hedges per minute", "hedges_per_minute", zones.red,
                                       digits=1)
        self.trend_pitch = TrendChart("Pitch range (semitones)", "pitch_range_st", accent,
                                      digits=1)
        for chart in (self.trend_wpm, self.trend_fillers, self.trend_coverage,
                      self.trend_hedges, self.trend_pitch):
            card = Card()
            card.body.setContentsMargins(8, 8, 8, 8)
            card.body.addWidget(chart)
            trends.addWidget(card, 1)
        outer.addLayout(trends)
        self.readiness = ReadinessPanel(self.context, self)  # the practice plan, per stage
        outer.addWidget(self.readiness)

        row = QHBoxLayout()
        row.setSpacing(14)
        table_card = Card("Answers")
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Answers")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        head = self.table.horizontalHeader()
        # Fixed starting widths (the user may drag them): sizing columns to their contents
        # measures every row, which is slow with hundreds of answers.
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((112, 130, 130, 200, 56, 56, 70, 86, 92)):
            head.resizeSection(column, width)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.activated.connect(lambda _i: self.open_selected())
        table_card.body.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.count_label = QLabel("")
        self.count_label.setObjectName("Muted")
        self.open_button = icon_button("Review answer", "review", on_click=self.open_selected)
        # The button always asks first (icon_button drops clicked's checked argument).
        self.delete_button = icon_button("Delete answer", "trash",
                                         "Delete the selected answer and its recording",
                                         on_click=self.delete_selected)
        self.export_button = icon_button(
            "Export CSV", "export", "Save the answers shown, with their figures, as a "
            "spreadsheet (CSV) file", accessible_name="Export history as CSV",
            on_click=self.choose_export)
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        self.import_button = icon_button(
            "Import…", "import", "Add recordings made elsewhere (a phone, a mock with a "
            "friend) as answers to a question", accessible_name="Import recordings",
            on_click=self.choose_import)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        table_card.body.addLayout(buttons)
        row.addWidget(table_card, 4)

        missed_card = Card("Most missed concepts")
        self.missed_list = QListWidget()
        self.missed_list.setAccessibleName("Most missed concepts")
        self.missed_list.setWordWrap(True)
        self.missed_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        missed_card.body.addWidget(self.missed_list, 1)
        row.addWidget(missed_card, 1)
        outer.addLayout(row, 1)

    def choose_import(self) -> None:
        bank = self.readiness.bank_shown()
        if bank is not None:
            answer_import.choose_and_import(self.context, bank, self)

    # Data -----------------------------------------------------------------------------------
    def _describe(self, record: Any) -> tuple[str, str, str]:
        if not record.bank_id:
            return "—", "—", "Recovered recording"
        bank = self.context.bank(record.bank_id)
        if bank is None:
            return record.bank_id, record.stage_id, record.question_id
        stage = bank.stage(record.stage_id)
        question = bank.question(record.question_id)
        return (bank.title, stage.title if stage else record.stage_id,
                question.prompt if question else record.question_id)

    def _mark_dirty(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def on_shown(self) -> None:
        if self._dirty:
            self._fill_bank_filter()
            self.refresh()

    def _fill_bank_filter(self) -> None:
        self.filter_bar.fill()

    def show_question(self, bank_id: str, question_id: str) -> None:
        """Every try at one question (from Review's Attempts, or a test)."""
        self.filter_bar.choose_question(bank_id, question_id)
        self.refresh()

    def filters(self) -> tuple[str | None, str | None]:
        return self.filter_bar.chosen()

    def question_id(self) -> str | None:
        return self.filter_bar.question_id()

    def refresh(self) -> None:
        """Re-read the answers on a background thread (parsing every report for the
        most-missed list takes a while with hundreds of answers); fill in when done."""
        self._dirty = False
        bank_id, stage_id = self.filters()
        question_id = self.question_id()
        narrow = self.narrow_bar.narrowing()
        store = self.context.store_or_none()
        if store is None:  # the database cannot be used: say so, show nothing stale
            self._apply([], [], bank_id=bank_id)
            self.context.data_health().announce()
            return
        self._generation += 1
        generation = self._generation

        banks = {b.id: b for b in self.context.all_banks()}  # cached on the UI thread

        def job() -> tuple[HistoryPage, str | None]:
            page = read_history(store, bank_id, stage_id, missed_limit=8,
                                question_id=question_id, narrow=narrow)
            return page, mock_overall(store, banks, narrow.session_id)

        def done(result: tuple[HistoryPage, str | None]) -> None:
            page, overall = result
            if generation == self._generation:  # a newer refresh supersedes this one
                self.narrow_bar.set_sessions(page.mock_sessions)
                self.narrow_bar.set_overall(overall)
                self._apply(page.answers, page.missed, bank_id=bank_id)
                if page.notice:
                    self.context.message.emit("warning", page.notice)

        run_in_background(job, done, lambda m: self.context.message.emit("error", m),
                          name="history")

    def _apply(self, records: list[Any], missed: list[tuple[str, int]],
               bank_id: str | None) -> None:
        self.model.set_records(records)
        self.table.sortByColumn(self.table.horizontalHeader().sortIndicatorSection(),
                                self.table.horizontalHeader().sortIndicatorOrder())
        analysed = [r for r in records if r.wpm is not None or r.coverage_pct is not None]
        for chart in (self.trend_wpm, self.trend_fillers, self.trend_coverage,
                      self.trend_hedges, self.trend_pitch):
            chart.set_records(analysed)
        # One bank only: its name in every row says nothing; give the room to the question.
        self.table.setColumnHidden(1, len({r.bank_id for r in records}) <= 1)
        n = len(records)
        self.count_label.setText(f"{n} answer{'s' if n != 1 else ''}")
        self._fill_missed(missed, bank_id)
        has_rows = n > 0
        self.open_button.setEnabled(has_rows)
        self.delete_button.setEnabled(has_rows)
        self.export_button.setEnabled(has_rows)
        if has_rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self.refreshed.emit()

    def _fill_missed(self, missed: list[tuple[str, int]], bank_id: str | None) -> None:
        self.missed_list.clear()
        for concept_id, count in missed:
            label = concept_id
            for bank in ([self.context.bank(bank_id)] if bank_id else []):
                if bank is not None and concept_id in bank.concepts:
                    label = bank.concepts[concept_id].label
            if label == concept_id and not bank_id:
                label = self._concept_label_anywhere(concept_id)
            self.missed_list.addItem(f"{count}×   {label}")
        if self.missed_list.count() == 0:
            self.missed_list.addItem("Nothing missed yet.")

    def _concept_label_anywhere(self, concept_id: str) -> str:
        for bank in self.context.all_banks():
            if concept_id in bank.concepts:
                return str(bank.concepts[concept_id].label)
        return concept_id

    # Commands -----------------------------------------------------------------------------
    def selected_record(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.record(self.proxy.mapToSource(rows[0]).row())

    def open_selected(self) -> None:
        record = self.selected_record()
        if record is not None:
            self.open_requested.emit(record.id)

    def shown_rows(self) -> list[tuple[Any, tuple[str, str, str]]]:
        """The answers as the table shows them (filtered, in its sort order), named."""
        rows = []
        for r in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(r, 0)).row()
            rows.append((self.model.record(source), self.model.names(source)))
        return rows

    def choose_export(self) -> None:
        start = str(Path.home() / "stagecoach-history.csv")
        path, _ = QFileDialog.getSaveFileName(self, "Export history", start,
                                              "Spreadsheet (CSV) (*.csv)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the shown rows as CSV off the UI thread; the banner says where, or why not."""
        from desktop_app.core.history.history_csv import read_reports, write_history_csv

        rows = self.shown_rows()
        store = self.context.store_or_none()

        def job() -> Path:
            # The reports give each row its red flags and missed concepts.
            reports = read_reports(store, [r.id for r, _names in rows]) if store else None
            return write_history_csv(path, rows, reports)

        def done(out: Path) -> None:
            n = len(rows)
            self.context.message.emit(
                "info", f"Saved {n} answer{'s' if n != 1 else ''} in {out.name} in {out.parent}.")
            self.exported.emit(out)

        run_in_background(job, done,
                          lambda m: self.context.message.emit("error", m),
                          name="history-export")

    def _choose_scorecard(self, session_id: int) -> None:
        path = scorecard_export.choose_path(self)
        if path is not None:
            scorecard_export.export_scorecard(self.context, session_id, path)

    def confirm_delete(self, record: Any) -> bool:
        """Ask before deleting, naming the answer and its length; Cancel is the default."""
        store = self.context.store_or_none()
        later = len(follow_ups.follow_ups_of(store, record.id)) if store is not None else 0
        text = answer_deletion.confirm_text(record, self._prompt(record),
                                            self.context.settings.storage.trash_days, later)
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete answer", text, parent=self)
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setObjectName("ConfirmDelete")
        box.exec()
        return box.clickedButton() is delete

    def _prompt(self, record: Any) -> str:
        return self._describe(record)[2]

    def delete_selected(self) -> bool:
        """Ask, then delete the selected answer; the banner offers Undo."""
        record = self.selected_record()
        if record is None or not self.confirm_delete(record):
            return False
        store = self.context.store_or_none()
        # One row and a file move: quick enough for the UI thread.
        if store is None or not answer_deletion.delete(store, record.id):
            return False
        answer_id, prompt = record.id, self._prompt(record)
        self.context.message_with_action.emit(
            "info", answer_deletion.deleted_text(record, prompt), "Undo",
            lambda: self.undo_delete(answer_id))
        self.context.answers_changed.emit()
        return True

    def undo_delete(self, answer_id: int) -> bool:
        restored = answer_deletion.undo(self.context.store(), answer_id)
        if restored:
            self.context.answers_changed.emit()
        else:
            self.context.message.emit("warning", "That answer can no longer be brought "
                                      "back: it was removed from the trash.")
        return restored
