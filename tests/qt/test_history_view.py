"""History page: every answer with its figures, filters, trends, most missed, delete,
export as CSV."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.core.durations import mmss
from tests.support.qt import store_answer, timed_transcript

TEXTS = (
    "um so provenance matters and uh lineage too",
    "bias audits and red teaming come first before launch",
    "we track data poisoning and provenance for every source",
)


@pytest.fixture
def answers(window: Any, tmp_path: Path) -> list[int]:
    ctx = window.context
    bank = ctx.bank("ai-lab-data-pm")
    ids = []
    stages = [bank.stages[0], bank.stages[0], bank.stages[1]]
    for i, (text, stage) in enumerate(zip(TEXTS, stages, strict=True)):
        audio = tmp_path / f"a{i}.wav"
        audio.write_bytes(b"RIFF....WAVE")  # only its deletion is checked here
        ids.append(store_answer(ctx.store(), bank, stage.questions[0], timed_transcript(text),
                                audio=audio))
    return ids


def _history(window: Any, qtbot: Any) -> Any:
    """The History page once its background read of the store has been shown."""
    with qtbot.waitSignal(window.page("history").refreshed, timeout=10_000):
        view = window.show_page("history")
    return view


def _refilter(view: Any, qtbot: Any, combo: Any, data: str) -> None:
    combo.setCurrentIndex(combo.findData(data))
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        combo.activated.emit(combo.currentIndex())


def test_rows_figures_and_filters(window: Any, answers: list[int], qtbot: Any) -> None:
    view = _history(window, qtbot)
    assert view.model.rowCount() == 3
    stage0 = window.context.bank("ai-lab-data-pm").stages[0]
    texts = [[view.proxy.index(r, c).data() for c in range(view.proxy.columnCount())]
             for r in range(view.proxy.rowCount())]
    assert all(row[1] == "Data Product Manager — AI safety lab" for row in texts)
    assert all(row[5] != "—" and row[7].endswith("%") for row in texts)
    # Newest first.
    assert view.model.record(0).id == answers[-1]
    # Filter by bank then stage.
    _refilter(view, qtbot, view.bank_filter, "ai-lab-data-pm")
    _refilter(view, qtbot, view.stage_filter, stage0.id)
    assert view.filters() == ("ai-lab-data-pm", stage0.id)
    assert view.model.rowCount() == 2
    assert {r.stage_id for r in view.model.records} == {stage0.id}
    assert len(view.trend_wpm.points) == 2
    assert len(view.trend_coverage.points) == 2


def test_trend_points_are_labelled_with_their_values(window: Any, answers: list[int],
                                                     qtbot: Any) -> None:
    view = _history(window, qtbot)
    records = [window.context.store().get_answer(i) for i in answers]
    # A day apart: answers seconds apart draw their labels over each other, and hide them
    # (tests/qt/test_trend_labels.py).
    records = [dataclasses.replace(r, started_at=r.started_at + day * 86_400)
               for day, r in enumerate(records)]
    for chart, attribute, digits in ((view.trend_wpm, "wpm", 0),
                                     (view.trend_fillers, "fillers_per_minute", 1)):
        chart.set_records(records)
        series = chart.chart().series()[0]
        assert series.pointLabelsVisible() and series.pointLabelsFormat() == "@yPoint"
        # The labels say the figure as the table does: 4.9 fillers/min, not 4.8780487.
        assert [v for _t, v in chart.points] == [round(getattr(r, attribute), digits)
                                                 for r in records]
        assert [p.y() for p in series.points()] == [v for _t, v in chart.points]
    # Many answers: no labels, which would overlap.
    many = [records[0]] * 16
    view.trend_wpm.set_records(many)
    assert not view.trend_wpm.chart().series()[0].pointLabelsVisible()


def test_trends_and_most_missed(window: Any, answers: list[int], qtbot: Any) -> None:
    view = _history(window, qtbot)
    assert len(view.trend_wpm.points) == 3
    assert len(view.trend_fillers.points) == 3
    assert view.trend_fillers.points[0][1] > 0  # the first answer had fillers
    missed = [view.missed_list.item(i).text() for i in range(view.missed_list.count())]
    expected = window.context.store().missed_concepts(limit=8)
    assert len(missed) == len(expected)
    bank = window.context.bank("ai-lab-data-pm")
    concept, count = expected[0]
    assert missed[0] == f"{count}×   {bank.concepts[concept].label}"


def test_open_answer_from_history(window: Any, answers: list[int], qtbot: Any) -> None:
    view = _history(window, qtbot)
    view.table.selectRow(1)
    view.open_selected()
    assert window.current_page_key() == "review"
    assert window.page("review").answer_id == view.model.record(1).id


def _answer_dialog(button_text: str, seen: list[str]) -> None:
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    seen.append(box.text())
    for b in box.buttons():
        if b.text().replace("&", "") == button_text:
            b.click()
            return
    raise AssertionError(f"no {button_text} button")


def test_delete_button_asks_naming_the_answer_and_undo_brings_it_back(
        window: Any, answers: list[int], qtbot: Any, stagecoach_home: Path) -> None:
    view = _history(window, qtbot)
    view.table.selectRow(0)
    record = view.selected_record()
    audio = Path(record.audio_path)
    content = audio.read_bytes()
    prompt = view.model.names(0)[2]
    seen: list[str] = []

    # The real button, the real dialog: Cancel keeps everything.
    QTimer.singleShot(100, lambda: _answer_dialog("Cancel", seen))
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1, "the button deleted without asking"
    assert prompt[:40] in seen[0]
    assert f"({mmss(record.duration_s)}, recorded " in seen[0]
    assert "kept in the trash for 30 days" in seen[0]
    assert audio.exists() and window.context.store().get_answer(record.id) is not None

    QTimer.singleShot(100, lambda: _answer_dialog("Delete", seen))
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 2
    assert view.model.rowCount() == 2
    assert window.context.store().get_answer(record.id) is None
    assert not audio.exists()
    trashed = [p for p in (stagecoach_home / "trash").rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in trashed] == [content]
    assert window.banner.isVisible() and window.banner.action_text == "Undo"
    assert window.banner.text.startswith("Deleted your answer to “")

    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        window.banner.trigger_action()
    assert view.model.rowCount() == 3
    assert window.context.store().get_answer(record.id) is not None
    assert audio.read_bytes() == content
    assert not [p for p in (stagecoach_home / "trash").rglob("*") if p.is_file()]


def test_one_unreadable_report_hides_one_answer_and_says_so(
        window: Any, answers: list[int], qtbot: Any, stagecoach_home: Path) -> None:
    stored = window.context.store().get_report(answers[1])
    assert stored is not None
    raw = sqlite3.connect(stagecoach_home / "stagecoach.sqlite")
    bad = b'{"coverage": {"missing": ["bias\xff\xfe"]}, "note": "secret \xc3("}'
    raw.execute("UPDATE reports SET json = CAST(? AS TEXT) WHERE answer_id = ?",
                (bad, answers[1]))
    raw.commit()
    raw.close()

    view = _history(window, qtbot)
    assert sorted(r.id for r in view.model.records) == [answers[0], answers[2]]
    assert view.count_label.text() == "2 answers"
    assert window.banner.level == "warning"
    assert window.banner.text.startswith("1 answer could not be read and is not shown;")
    for leak in ("secret", "Error", "UTF-8", "json", "{"):
        assert leak not in window.banner.text
    assert view.missed_list.count() > 0


def test_export_writes_the_rows_shown_in_their_order(window: Any, answers: list[int],
                                                     qtbot: Any, tmp_path: Path) -> None:
    import csv

    view = _history(window, qtbot)
    stage0 = window.context.bank("ai-lab-data-pm").stages[0]
    _refilter(view, qtbot, view.bank_filter, "ai-lab-data-pm")
    _refilter(view, qtbot, view.stage_filter, stage0.id)
    assert view.export_button.isEnabled() and view.proxy.rowCount() == 2
    shown = [view.proxy.index(r, 3).data() for r in range(view.proxy.rowCount())]
    with qtbot.waitSignal(view.exported, timeout=10_000) as signal:
        view.export_to(tmp_path / "history.csv")
    out = signal.args[0]
    assert out == tmp_path / "history.csv"
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["question"] for r in rows] == shown  # the filter and the table's order
    assert {r["stage"] for r in rows} == {stage0.title}
    ids = [view.model.record(view.proxy.mapToSource(view.proxy.index(r, 0)).row()).id
           for r in range(2)]
    assert ids == [answers[1], answers[0]]  # newest first, as shown
    assert all(float(r["wpm"]) > 0 and r["state"] == "analyzed" for r in rows)
    for row, answer_id in zip(rows, ids, strict=True):  # from each answer's own report
        report = window.context.store().get_report(answer_id).to_dict()
        assert row["red_flags"] == str(len(report["red_flags"]))
        assert row["missed_concepts"] == "; ".join(
            d["label"] for d in report["coverage"]["missing_detail"])
        assert row["missed_concepts"]  # these short answers miss some
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert window.banner.level == "info"
    assert window.banner.text == f"Saved 2 answers in history.csv in {tmp_path}."


def test_export_to_a_missing_folder_says_so(window: Any, answers: list[int], qtbot: Any,
                                            tmp_path: Path) -> None:
    view = _history(window, qtbot)
    view.export_to(tmp_path / "gone" / "history.csv")
    qtbot.waitUntil(lambda: window.banner.isVisible() and window.banner.level == "error",
                    timeout=10_000)
    assert window.banner.text.startswith(f"Could not write {tmp_path / 'gone'}")
    assert window.banner.text.endswith("pick another folder.")
    assert not (tmp_path / "gone").exists()
