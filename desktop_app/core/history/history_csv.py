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
           "missed_concepts", "hedges_per_minute", "pitch_variation_semitones",
           "answer_first")
# New columns go at the end, so a spreadsheet that reads columns by position keeps working.

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


def _delivery_and_structure(report: Report | None) -> tuple[str, str, str]:
    """Hedges a minute, the voice's pitch variation (semitones) and whether the answer
    led with its point; empty where the report has no such section (made before they
    were measured, or no recording to take the pitch from)."""
    if report is None:
        return "", "", ""
    hedges = _number(report.hedges.per_minute, 2) if report.hedges is not None else ""
    pitch = report.delivery.pitch if report.delivery is not None else None
    variation = _number(pitch.variation, 2) if pitch is not None else ""
    first = ("yes" if report.structure.answer_first else "no") \
        if report.structure is not None else ""
    return hedges, variation, first


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
        report = (reports or {}).get(record.id)
        flags, missed = _flags_and_missed(report)
        writer.writerow((
            recorded.isoformat(timespec="seconds"), bank, stage, record.question_id,
            question, _number(record.duration_s, 1), _number(record.wpm, 1),
            _number(record.fillers_per_minute, 2), _number(record.coverage_pct, 1),
            record.zone or "", record.state, "yes" if record.recovered else "no",
            flags, missed, *_delivery_and_structure(report),
        ))
    return out.getvalue()


def write_history_csv(path: Path, rows: Iterable[Row],
                      reports: Mapping[int, Report | None] | None = None) -> Path:
    """Write the CSV to ``path`` (``.csv`` added when it has no suffix); UserError with one
    sentence when the file cannot be written."""
    out = path if path.suffix else path.with_suffix(".csv")
    return paths.write_export(out, history_csv(rows, reports), encoding="utf-8-sig")
