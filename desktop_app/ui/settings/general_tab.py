"""Settings › Data and look: where the data lives, the theme, the zone chime."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QPushButton, QWidget

from desktop_app.core import paths
from desktop_app.core.settings import restore_defaults
from desktop_app.ui.context import AppContext
from desktop_app.ui.icons import icon
from desktop_app.ui.settings.tab import SettingsTab, form_layout, open_folder
from desktop_app.ui.widgets.card import Card

THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


class GeneralTab(SettingsTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        data = Card("Your data")
        self.data_dir_label = QLabel(str(paths.data_home()))
        self.data_dir_label.setWordWrap(True)
        note = QLabel("Recordings, transcripts and reports stay in this folder, readable by "
                      "you only. Nothing is sent anywhere.")
        note.setObjectName("Muted")
        note.setWordWrap(True)
        open_data = QPushButton("Open data folder")
        open_data.setIcon(icon("folder"))
        open_data.setAccessibleName("Open data folder")
        open_data.clicked.connect(lambda: open_folder(paths.data_home()))
        data.body.addWidget(self.data_dir_label)
        data.body.addWidget(note)
        data.body.addWidget(open_data)
        self.column.addWidget(data)
        look = Card("Look and sound")
        form = form_layout()
        self.theme_combo = QComboBox()
        for key, label in THEMES:
            self.theme_combo.addItem(label, key)
        self.theme_combo.setAccessibleName("Theme")
        self.theme_combo.setMinimumWidth(220)
        self.theme_combo.activated.connect(self._on_theme)
        self.chime_check = QCheckBox("Chime when the timer changes zone")
        self.chime_check.toggled.connect(self._on_chime)
        form.addRow("Theme", self.theme_combo)
        look.body.addLayout(form)
        look.body.addWidget(self.chime_check)
        self.column.addWidget(look)
        self.add_reset_button("the theme and the chime")
        self.column.addStretch(1)

    def load_values(self) -> None:
        ui = self.settings.ui
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(ui.theme)))
        self.chime_check.setChecked(ui.chime)

    def _on_theme(self, _index: int) -> None:
        if self._loading:
            return
        self.settings.ui.theme = str(self.theme_combo.currentData())
        self._changed()
        self.context.message.emit("info", "The new theme applies fully the next time "
                                  "Stagecoach starts.")
        from desktop_app.ui.theme import apply_theme

        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.settings.ui.theme)

    def _on_chime(self, on: bool) -> None:
        if self._loading:
            return
        self.settings.ui.chime = on
        self._changed()
        self.context.settings_changed.emit()

    def restore_defaults(self) -> None:
        restore_defaults(self.settings.ui, ("theme", "chime"))
        from desktop_app.ui.theme import apply_theme

        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.settings.ui.theme)
        self.context.settings_changed.emit()
