"""History as CSV: the columns, the cells of an answer with and without a report, the file."""

from __future__ import annotations

import csv
import io
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.analysis.report import Report
from desktop_app.core.errors import UserError
from desktop_app.core.history.history_csv import COLUMNS, history_csv, write_history_csv
from desktop_app.core.history.store import AnswerRecord

NAMES = ("Data Product Manager — AI safety lab", "Data case study",
         'Design a data collection strategy, "helpful" vs harmful')


def _record(answer_id: int, **figures: object) -> AnswerRecord:
    base: dict[str, object] = dict(
        id=answer_id, session_id=1, session_kind="single", bank_id="ai-lab-data-pm",
        stage_id="case-study", question_id="cs-helpful-vs-harmful",
        started_at=1_764_000_000.0 + answer_id, ended_at=None, audio_path=None,
        duration_s=None, overflows=0, state="failed", failure_reason=None, recovered=False)
    base.update(figures)
    return AnswerRecord(**base)  # type: ignore[arg-type]


def _parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_an_analysed_answer_and_one_without_a_report() -> None:
    analysed = _record(1, duration_s=301.24, state="analyzed", wpm=139.84,
                       fillers_per_minute=1.8, coverage_pct=66.667, zone="green")
    failed = _record(2, recovered=True)
    text = history_csv([(analysed, NAMES), (failed, NAMES)])
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert text.endswith("\r\n")
    first, second = _parse(text)
    recorded = datetime.fromisoformat(first["recorded_at"])
    assert recorded.timestamp() == 1_764_000_001.0 and recorded.tzinfo is not None
    assert (first["bank"], first["stage"], first["question"]) == NAMES  # commas, quotes
    assert first["question_id"] == "cs-helpful-vs-harmful"
    assert (first["duration_s"], first["wpm"], first["fillers_per_minute"],
            first["coverage_pct"], first["zone"], first["state"], first["recovered"]) == (
        "301.2", "139.8", "1.80", "66.7", "green", "analyzed", "no")
    # No report: empty figures, not zeros (a zero would pull a spreadsheet's average down).
    assert [second[c] for c in ("duration_s", "wpm", "fillers_per_minute", "coverage_pct",
                                "zone")] == ["", "", "", "", ""]
    assert (second["state"], second["recovered"]) == ("failed", "yes")


def test_the_file_is_utf8_for_spreadsheets_and_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = write_history_csv(tmp_path / "history", [(_record(1), NAMES)])
    finally:
        os.umask(old)
    assert out == tmp_path / "history.csv"
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark spreadsheets look for
    assert _parse(raw.decode("utf-8-sig"))[0]["bank"] == NAMES[0]
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_an_unwritable_place_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(UserError) as err:
        write_history_csv(tmp_path / "no-such-folder" / "h.csv", [])
    assert err.value.message.startswith(f"Could not write {tmp_path / 'no-such-folder'}")
    assert err.value.message.endswith("; pick another folder.")
    assert "\n" not in err.value.message


def test_red_flags_and_missed_concepts_come_from_each_report() -> None:
    raw: dict[int, dict[str, Any]] = {
        1: {"red_flags": [{"flag": "speed"}, {"flag": "speed"}],
            "coverage": {"covered": [], "missing": ["bias", "provenance"],
                         "missing_detail": [{"concept": "bias", "label": "Bias and fairness"},
                                            {"concept": "provenance", "label": "Provenance"}]}},
        2: {"red_flags": [], "coverage": {"missing": ["red_teaming"]}},  # an older report
    }
    reports = {i: Report.from_dict(r) for i, r in raw.items()}
    rows = [(_record(i, state="analyzed"), NAMES) for i in (1, 2)] + [(_record(3), NAMES)]
    first, second, third = _parse(history_csv(rows, reports))
    assert (first["red_flags"], first["missed_concepts"]) == ("2", "Bias and fairness; Provenance")
    assert (second["red_flags"], second["missed_concepts"]) == ("0", "red_teaming")
    assert (third["red_flags"], third["missed_concepts"]) == ("", "")  # no report: empty
    assert COLUMNS[12:14] == ("red_flags", "missed_concepts")  # appended: old columns keep


def test_hedges_pitch_and_answer_first_come_from_each_report() -> None:
    raw: dict[int, dict[str, Any]] = {
        1: {"hedges": {"count": 3, "per_minute": 1.5, "items": []},
            "delivery": {"pitch": {"median_hz": 118.0, "range_semitones": 9.5,
                                   "variation": 2.25, "monotone": []}},
            "structure": {"answer_first": True, "position_at": 2.0}},
        2: {"hedges": {"count": 0, "per_minute": 0.0, "items": []},
            "delivery": {"pitch": None},  # no recording to measure
            "structure": {"answer_first": False, "position_at": None}},
        3: {},  # made before these were measured
    }
    reports = {i: Report.from_dict(r) for i, r in raw.items()}
    rows = [(_record(i, state="analyzed"), NAMES) for i in (1, 2, 3)] + [(_record(4), NAMES)]
    cells = [(r["hedges_per_minute"], r["pitch_variation_semitones"], r["answer_first"])
             for r in _parse(history_csv(rows, reports))]
    assert cells == [("1.50", "2.25", "yes"), ("0.00", "", "no"), ("", "", ""), ("", "", "")]
    assert COLUMNS[-3:] == ("hedges_per_minute", "pitch_variation_semitones", "answer_first")
