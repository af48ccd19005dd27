"""Rehearse page with real widgets: the question ready at launch, the clock, the pickers."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.banks.model import StageTiming
from desktop_app.ui.viewmodels.answer_clock import AnswerClock
from desktop_app.ui.widgets.timer_display import TimerDisplay
from tests.support.qt import DEFAULT_BANK


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_window_title_and_default_question_ready(window: Any) -> None:
    assert window.windowTitle() == "Stagecoach"
    view = window.page("rehearse")
    assert view.model.bank is not None and view.model.bank.id == DEFAULT_BANK
    assert view.model.question is not None
    assert view.question_card.prompt.text() == view.model.question.prompt
    assert view.bank_combo.currentData() == DEFAULT_BANK
    assert view.answer_button.text() == "Start answer"
    assert view.timer_display.caption_text == "READY"


def test_accessible_names_of_key_controls(window: Any) -> None:
    view = window.page("rehearse")
    assert view.answer_button.accessibleName() == "Start answer"
    assert view.next_button.accessibleName() == "Next question"
    review = window.page("review")
    assert review.play_button.accessibleName() == "Play"
    assert review.export_button.accessibleName() == "Export report"
    for button in (view.answer_button, view.next_button, review.play_button,
                   review.export_button):
        assert button.toolTip()


def test_follow_ups_revealed_on_demand(window: Any, qtbot: Any) -> None:
    card = window.page("rehearse").question_card
    assert not card.follow_ups_shown
    qtbot.mouseClick(card.follow_up_button, Qt.MouseButton.LeftButton)
    assert card.follow_ups_shown
    assert card.follow_up_button.text() == "Hide follow-ups"
    question = window.page("rehearse").model.question
    assert question.follow_ups[0].split()[0] in card.follow_ups.text()


def test_stage_picker_limits_questions_and_next_cycles(window: Any) -> None:
    view = window.page("rehearse")
    stage = view.model.bank.stages[1]
    view.stage_combo.setCurrentIndex(view.stage_combo.findData(stage.id))
    view.stage_combo.activated.emit(view.stage_combo.currentIndex())
    seen = set()
    for _ in range(len(stage.questions) + 1):
        assert view.model.question.stage_id == stage.id
        seen.add(view.model.question.id)
        view.next_question()
    assert seen == {q.id for q in stage.questions}
    # The choice is remembered for the next launch.
    assert view.context.settings.ui.last_stage == stage.id


def test_clock_zones_are_named_not_only_coloured(qtbot: Any) -> None:
    clock_time = FakeClock()
    timing = StageTiming(prep_s=10, green_s=60, yellow_s=90, red_s=120)
    clock = AnswerClock(timing, clock=clock_time)
    display = TimerDisplay()
    qtbot.addWidget(display)
    clock.reading_changed.connect(display.set_reading)
    zones: list[str] = []
    clock.zone_changed.connect(zones.append)

    clock.start()
    clock_time.t += 4
    clock.poll()
    assert display.caption_text == "PREPARATION"
    assert display.digits_text == "0:06"  # prep counts down

    clock.start_answer()  # skips the prep left
    assert clock.state == "answering"
    colours = {}
    for elapsed, zone, words in ((30, "under", "Under time"), (70, "green", "Green"),
                                 (100, "yellow", "Yellow"), (125, "red", "Red"),
                                 (155, "overtime", "Overtime")):
        clock_time.t = 1004 + elapsed
        clock.poll()
        assert clock.zone == zone
        assert words in display.detail_text
        colours[zone] = display.digits_colour()
    assert zones == ["green", "yellow", "red", "overtime"]
    assert len(set(colours.values())) == 5  # each zone its own colour as well
    assert "0:35 over" in display.detail_text
    clock_time.t = 1004 + 100
    assert display.digits_pixel_size >= 64


@pytest.mark.parametrize("in_prep", [False, True])
def test_space_without_microphone_says_so(window: Any, qtbot: Any, in_prep: bool,
                                          no_audio_server: None) -> None:
    view = window.page("rehearse")
    model = view.model
    if in_prep:
        model.start_prep()
        # The question is read first (silently here: no sound card), then prep counts.
        qtbot.waitUntil(lambda: model.clock.state == "prep", timeout=30000)
    view.answer_button.setFocus()
    qtbot.keyClick(view.answer_button, Qt.Key.Key_Space)
    # The clock runs at once; without a microphone the answer fails with one sentence.
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10000)
    assert "No microphone found" in window.banner.text
    assert view.answer_button.text() == "Start answer"
    assert model.session is None


def test_mock_interview_walks_every_stage_then_sums_up(window: Any) -> None:
    view = window.page("rehearse")
    model = view.model
    stages = [s.id for s in model.bank.stages if s.questions]
    view.mock_button.setChecked(True)
    assert model.mock is not None
    seen = []
    for i, stage_id in enumerate(stages):
        assert model.question.stage_id == stage_id
        assert view.question_card.title_label.text().startswith("MOCK INTERVIEW")
        assert f"STAGE {i + 1} OF {len(stages)}" in view.question_card.title_label.text()
        # Each stage keeps its own timing.
        assert view.model.clock.timing == model.question.timing
        seen.append(model.question.timing)
        view.next_question()  # skip this stage
    assert model.mock_finished()
    assert view.left_stack.currentWidget() is view.summary
    assert view.summary.table.rowCount() == len(stages)
    assert view.summary.table.item(0, 1).text() == "skipped"
    assert "No answers" in view.summary.overall.text()
    assert len({t.red_s for t in seen}) > 1
    view.summary.closed.emit()
    assert model.mock is None and view.left_stack.currentWidget() is view.question_card


def test_chime_rings_at_zone_changes_unless_muted(window: Any) -> None:
    view = window.page("rehearse")
    view.chime_button.setChecked(True)
    view.chime.played = 0
    view.model.clock.zone_changed.emit("green")
    view.model.clock.zone_changed.emit("yellow")
    assert view.chime.played == 2  # the virtual sound card is an output device
    view.chime_button.setChecked(False)  # mute
    assert view.chime_button.accessibleName() == "Chime off"
    view.model.clock.zone_changed.emit("red")
    assert view.chime.played == 2
    assert window.context.settings.ui.chime is False
