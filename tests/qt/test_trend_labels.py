"""History's trend charts label each point with its value only while the labels can be
read: answers given minutes apart on an hour-wide chart drew their values over each other
("1462636"); the same values a day apart, or equal values, keep their labels."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCharts import QLineSeries

from desktop_app.ui.history.trend_chart import TrendChart, labels_clash
from tests.support.qt import store_answer, timed_transcript


def _records(window: Any, tmp_path: Path, points: list[tuple[float, float]]) -> list[Any]:
    ctx = window.context
    bank = ctx.bank("ai-lab-data-pm")
    answer = store_answer(ctx.store(), bank, bank.stages[0].questions[0], timed_transcript())
    record = ctx.store().get_answer(answer)
    return [dataclasses.replace(record, started_at=t, wpm=v) for t, v in points]


def _labels_shown(chart: TrendChart) -> bool:
    series = chart.chart().series()[0]
    assert isinstance(series, QLineSeries)
    return series.pointLabelsVisible()


def test_close_answers_with_different_values_hide_their_labels(window: Any,
                                                               tmp_path: Path) -> None:
    t0 = 1_796_000_000.0
    chart = TrendChart("Words per minute", "wpm", "#3355ff")
    minutes_apart = [(t0, 156.0), (t0 + 240, 162.0), (t0 + 420, 146.0), (t0 + 600, 156.0)]
    chart.set_records(_records(window, tmp_path, minutes_apart))
    assert [v for _t, v in chart.points] == [156.0, 162.0, 146.0, 156.0]
    assert not _labels_shown(chart)
    days_apart = [(t0 + d * 86_400, v) for d, (_t, v) in enumerate(minutes_apart)]
    chart.set_records(_records(window, tmp_path, days_apart))
    assert _labels_shown(chart)
    same_value = [(t0, 150.0), (t0 + 60, 150.0), (t0 + 120, 150.0)]
    chart.set_records(_records(window, tmp_path, same_value))
    assert _labels_shown(chart)


def test_labels_clash_measures_both_axes() -> None:
    assert labels_clash([(0.0, 10.0), (60.0, 12.0)], x_span=3600.0, y_span=200.0)
    assert not labels_clash([(0.0, 10.0), (60.0, 150.0)], x_span=3600.0, y_span=200.0)
    assert not labels_clash([(0.0, 10.0), (3000.0, 12.0)], x_span=3600.0, y_span=200.0)
    assert not labels_clash([(0.0, 10.0), (60.0, 10.0)], x_span=3600.0, y_span=200.0)
