"""History's second row of filters: when (a period, or between two dates) and which
sessions (practice, mock interviews, or one mock interview)."""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from desktop_app.core.history.history_read import HistoryFilter, MockSession
from desktop_app.ui.icons import icon
from desktop_app.ui.widgets.plain_label import PlainLabel

ALL = "__all__"
BETWEEN = "between"
PERIODS = (("Any time", None), ("Today", 0), ("Last 7 days", 6), ("Last 30 days", 29),
           ("Last 90 days", 89))  # days before today


class NarrowingBar(QWidget):
    changed = Signal()
    scorecard_requested = Signal(int)  # mock session id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.when_filter = QComboBox()
        self.when_filter.setAccessibleName("Filter by date")
        for label, days in PERIODS:
            self.when_filter.addItem(label, days)
        self.when_filter.addItem("Between dates", BETWEEN)
        today = QDate.currentDate()
        self.from_date = QDateEdit(today.addDays(-30))
        self.to_date = QDateEdit(today)
        for edit, name in ((self.from_date, "From date"), (self.to_date, "To date")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self._on_date)
        self.dates_label = QLabel("to")
        self.session_filter = QComboBox()
        self.session_filter.setAccessibleName("Filter by session")
        # A mock interview is named by its date and answers: the box fits the name whole.
        self.session_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.when_filter.activated.connect(self._on_when_filter)
        self.session_filter.activated.connect(self._on_session_filter)
        self.scorecard_button = QPushButton("Export scorecard")
        self.scorecard_button.setIcon(icon("export"))
        self.scorecard_button.setAccessibleName("Export the mock interview's scorecard")
        self.scorecard_button.setToolTip("Save this mock interview's scorecard, per stage "
                                         "and overall, as Markdown or a web page")
        self.scorecard_button.clicked.connect(
            lambda _checked=False: self.scorecard_requested.emit(self.mock_session_id()))
        self.overall_label = PlainLabel("")
        self.overall_label.setObjectName("Muted")
        self.overall_label.setWordWrap(True)
        self.overall_label.setAccessibleName("The mock interview overall")
        self.overall_label.hide()
        for w in (self.when_filter, self.from_date, self.dates_label, self.to_date,
                  self.session_filter, self.scorecard_button):
            # As wide as their text: the rest of the row is the overall line's, or empty.
            w.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            row.addWidget(w)
        row.addWidget(self.overall_label, 1)
        row.addStretch(0)
        self.set_sessions([])
        self._on_when_filter(0, refresh=False)

    def mock_session_id(self) -> int:
        """The one mock interview chosen, else -1."""
        session = self.session_filter.currentData()
        return session if isinstance(session, int) else -1

    def _on_session_filter(self, _index: int) -> None:
        self.scorecard_button.setVisible(self.mock_session_id() >= 0)
        self.changed.emit()

    def set_overall(self, text: str | None) -> None:
        """One mock interview chosen: its summary's overall line."""
        self.overall_label.setText(text or "")
        self.overall_label.setVisible(bool(text))

    def _on_date(self, _date: QDate) -> None:
        if self.when_filter.currentData() == BETWEEN:
            self.changed.emit()

    def _on_when_filter(self, _index: int, refresh: bool = True) -> None:
        between = self.when_filter.currentData() == BETWEEN
        for w in (self.from_date, self.dates_label, self.to_date):
            w.setVisible(between)
        if refresh:
            self.changed.emit()

    def set_sessions(self, sessions: list[MockSession]) -> None:
        """The mock interviews that have answers (read with History)."""
        current = self.session_filter.currentData()
        self.session_filter.clear()
        for label, data in (("All sessions", ALL), ("Practice only", "practice"),
                            ("Every mock interview", "mock")):
            self.session_filter.addItem(label, data)
        for session in reversed(sessions):  # the newest first
            self.session_filter.addItem(session.label, session.id)
        self.session_filter.setCurrentIndex(max(0, self.session_filter.findData(current)))
        # One mock interview is its summary: its scorecard can be saved.
        self.scorecard_button.setVisible(self.mock_session_id() >= 0)

    def narrowing(self) -> HistoryFilter:
        """The date and session filters (bank, stage and question are passed as such)."""
        since = until = None
        when = self.when_filter.currentData()
        if when == BETWEEN:
            start = min(self.from_date.date(), self.to_date.date())
            end = max(self.from_date.date(), self.to_date.date()).addDays(1)
            since = float(QDateTime(start, QTime(0, 0)).toSecsSinceEpoch())
            until = float(QDateTime(end, QTime(0, 0)).toSecsSinceEpoch())
        elif isinstance(when, int):  # that many days back from the start of today
            start = QDate.currentDate().addDays(-when)
            since = float(QDateTime(start, QTime(0, 0)).toSecsSinceEpoch())
        session = self.session_filter.currentData()
        return HistoryFilter(since=since, until=until,
                             session_kind=session if session in ("practice", "mock") else None,
                             session_id=session if isinstance(session, int) else None)

