"""Settings › Question banks: the user's bank folder, and importing a bank file.

A file is validated before it is copied in: with errors, every problem is listed as
FILE:LINE and nothing is copied."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QListWidget, QPushButton, QWidget

from desktop_app.core import paths
from desktop_app.ui.context import AppContext
from desktop_app.ui.icons import icon
from desktop_app.ui.settings.tab import SettingsTab, open_folder
from desktop_app.ui.widgets.card import Card
from desktop_app.ui.widgets.plain_label import PlainLabel


class BanksTab(SettingsTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        card = Card("Your question banks")
        self.bank_dir_label = QLabel("")
        self.bank_dir_label.setWordWrap(True)
        row = QHBoxLayout()
        open_dir = QPushButton("Open folder")
        open_dir.setIcon(icon("folder"))
        open_dir.setAccessibleName("Open bank folder")
        open_dir.clicked.connect(lambda: open_folder(self.settings.user_banks_dir()))
        choose_dir = QPushButton("Choose folder…")
        choose_dir.setAccessibleName("Choose bank folder")
        choose_dir.clicked.connect(self._choose_bank_dir)
        import_button = QPushButton("Import a bank file…")
        import_button.setIcon(icon("import"))
        import_button.setAccessibleName("Import bank file")
        import_button.clicked.connect(self._choose_import)
        row.addWidget(open_dir)
        row.addWidget(choose_dir)
        row.addStretch(1)
        row.addWidget(import_button)
        card.body.addWidget(self.bank_dir_label)
        card.body.addLayout(row)
        self.bank_result = PlainLabel("")
        self.bank_result.setWordWrap(True)
        self.bank_problems = QListWidget()
        self.bank_problems.setAccessibleName("Bank problems")
        self.bank_problems.setMinimumHeight(160)
        self.bank_problems.hide()
        card.body.addWidget(self.bank_result)
        card.body.addWidget(self.bank_problems)
        self.column.addWidget(card)
        installed = Card("Installed banks")
        self.installed_list = QListWidget()
        self.installed_list.setAccessibleName("Installed banks")
        self.installed_list.setWordWrap(True)
        self.installed_list.setMinimumHeight(120)
        installed.body.addWidget(self.installed_list)
        self.column.addWidget(installed)
        self.add_reset_button("the question bank folder")
        self.column.addStretch(1)

    def load_values(self) -> None:
        self.bank_dir_label.setText(str(self.settings.user_banks_dir()))
        self.fill_installed()

    def fill_installed(self) -> None:
        """Every bank Rehearse offers, with its size and where it comes from."""
        from desktop_app.core.banks.library import bank_origin

        self.installed_list.clear()
        for bank in self.context.all_banks():
            questions = len(bank.all_questions())
            origin = {"shipped": "comes with Stagecoach",
                      "user": f"your folder, {bank.source.name if bank.source else ''}"}.get(
                bank_origin(bank, self.settings), str(bank.source or ""))
            self.installed_list.addItem(
                f"{bank.title} · {len(bank.stages)} stage{'s' if len(bank.stages) != 1 else ''}"
                f", {questions} question{'s' if questions != 1 else ''} · {origin}")
        if self.installed_list.count() == 0:
            self.installed_list.addItem("No bank could be loaded: import one above.")

    def _choose_bank_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Question bank folder",
                                                  str(self.settings.user_banks_dir()))
        if folder:
            self.settings.bank_dir = folder
            self.bank_dir_label.setText(folder)
            self._banks_changed()
            self._changed()

    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a question bank", str(Path.home()),
                                              "Question banks (*.toml)")
        if path:
            self.import_bank(Path(path))

    def import_bank(self, path: Path) -> bool:
        """Validate ``path``; copy it into the bank folder when it has no errors."""
        from desktop_app.core.banks.library import validate_bank_file

        problems = validate_bank_file(path)
        errors = [p for p in problems if getattr(p, "severity", "error") == "error"]
        self.bank_problems.clear()
        for p in problems:
            self.bank_problems.addItem(str(p))
        self.bank_problems.setVisible(bool(problems))
        if errors:
            n = len(errors)
            self.bank_result.setText(f"{path.name} was not imported: {n} problem"
                                     f"{'s' if n != 1 else ''} to fix (file:line below).")
            return False
        folder = paths.ensure_private_dir(self.settings.user_banks_dir())
        target = folder / path.name
        try:
            shutil.copyfile(path, target)
            paths.make_private(target)
        except OSError as exc:
            self.bank_result.setText(f"{path.name} could not be copied into {folder} "
                                     f"({exc.strerror or exc}).")
            return False
        self.bank_result.setText(f"Imported {path.name}; its questions are on Rehearse now.")
        self._banks_changed()
        return True

    def _banks_changed(self) -> None:
        self.context.forget_banks()
        self.context.banks_changed.emit()
        self.fill_installed()

    def restore_defaults(self) -> None:
        self.settings.bank_dir = None  # the data folder's banks/
        self._banks_changed()
