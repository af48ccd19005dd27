"""History as CSV: one row per answer with its figures, for a spreadsheet.

Columns are stable names (a spreadsheet formula may refer to them); times are local ISO
8601 with their UTC offset, numbers are plain decimals with a dot, a figure the answer
has not got (no report yet) is an empty cell. The file is UTF-8 with a byte-order mark,
which spreadsheet programs take as "this is UTF-8" (bank titles hold em dashes), and it
is readable by its owner only, like all user data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from desktop_app.core import paths
from desktop_app.core.analysis.report import Report
from desktop_app.core.history.store import AnswerRecord, Store, UnreadableAnswer

COLUMNS = ("recorded_at", "bank", "stage", "question_id", "question", "duration_s", "wpm",
           "fillers_per_minute", "coverage_pct", "zone", "state", "recovered", "red_flags",
           "missed_concepts")

# (record, (bank title, stage title, question prompt)) as the History table names them.
Row = tuple[AnswerRecord, tuple[str, str, str]]


def _number(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _flags_and_missed(report: Report | None) -> tuple[str, str]:
    """The red-flag count and the missed concepts' labels ("; " between them) of a report;
    two empty cells without one. (Reports made before labels were kept name the concepts
    by id: the typed report's label falls back to it.)"""
    if report is None:
        return "", ""
    return str(len(report.red_flags)), "; ".join(m.label for m in report.missing)


def read_reports(store: Store, answer_ids: Iterable[int]) -> dict[int, Report | None]:
    """Each answer's report (None when it has none or it cannot be read)."""
    reports: dict[int, Report | None] = {}
    for answer_id in answer_ids:
        try:
            reports[answer_id] = store.get_report(answer_id)
        except UnreadableAnswer:
            reports[answer_id] = None
    return reports


def history_csv(rows: Iterable[Row],
                reports: Mapping[int, Report | None] | None = None) -> str:
    """The CSV text of ``rows``, in their order, with a header line; ``reports`` (by answer
    id) give the red flags and missed concepts."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(COLUMNS)
    for record, (bank, stage, question) in rows:
        recorded = datetime.fromtimestamp(record.started_at).astimezone()
        flags, missed = _flags_and_missed((reports or {}).get(record.id))
        writer.writerow((
            recorded.isoformat(timespec="seconds"), bank, stage, record.question_id,
            question, _number(record.duration_s, 1), _number(record.wpm, 1),
            _number(record.fillers_per_minute, 2), _number(record.coverage_pct, 1),
            record.zone or "", record.state, "yes" if record.recovered else "no",
            flags, missed,
        ))
    return out.getvalue()


def write_history_csv(path: Path, rows: Iterable[Row],
                      reports: Mapping[int, Report | None] | None = None) -> Path:
    """Write the CSV to ``path`` (``.csv`` added when it has no suffix); UserError with one
    sentence when the file cannot be written."""
    out = path if path.suffix else path.with_suffix(".csv")
    return paths.write_export(out, history_csv(rows, reports), encoding="utf-8-sig")
