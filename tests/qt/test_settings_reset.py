"""Settings: each tab back to its defaults (asked first), the installed banks listed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.settings import AnalysisSettings, TranscriptionSettings, load_settings
from tests.qt.test_settings_view import GOOD_BANK


def test_feedback_reset_asks_then_restores_only_its_own_settings(
        window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    view = window.show_page("settings")
    settings = window.context.settings
    view.feedback.threshold_spins["pause_threshold_s"].setValue(2.25)
    view.feedback.fillers_edit.setPlainText("basically")
    view.transcription.beam_spin.setValue(2)
    qtbot.waitUntil(lambda: load_settings().analysis.extra_fillers == ["basically"],
                    timeout=3000)
    monkeypatch.setattr(view.feedback, "confirm_reset", lambda: False)
    qtbot.mouseClick(view.feedback.reset_button, Qt.MouseButton.LeftButton)
    assert settings.analysis.pause_threshold_s == 2.25  # Cancel changes nothing

    monkeypatch.setattr(view.feedback, "confirm_reset", lambda: True)
    qtbot.mouseClick(view.feedback.reset_button, Qt.MouseButton.LeftButton)
    defaults = AnalysisSettings()
    assert settings.analysis == defaults
    assert view.feedback.threshold_spins["pause_threshold_s"].value() == \
        defaults.pause_threshold_s
    assert view.feedback.fillers_edit.toPlainText().strip() == ""
    assert settings.transcription.beam_size == 2  # another tab's settings stay
    assert window.banner.text == ("The feedback thresholds and your filler and hedge words "
                                  "are back to the defaults.")
    qtbot.waitUntil(lambda: load_settings().analysis == defaults, timeout=3000)
    assert load_settings().transcription.beam_size == 2


def test_every_tab_has_a_reset_and_transcription_resets(window: Any,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    view = window.show_page("settings")
    for tab, _name in view._named_tabs():
        assert tab.reset_button.accessibleName() == "Reset this tab to defaults"
    view.transcription.beam_spin.setValue(1)
    monkeypatch.setattr(view.transcription, "confirm_reset", lambda: True)
    assert view.transcription.reset_to_defaults()
    assert window.context.settings.transcription == TranscriptionSettings()
    assert view.transcription.beam_spin.value() == TranscriptionSettings().beam_size


def test_installed_banks_are_listed_with_their_size_and_origin(window: Any,
                                                              tmp_path: Path) -> None:
    view = window.show_page("settings")
    lines = [view.banks.installed_list.item(i).text()
             for i in range(view.banks.installed_list.count())]
    pm = window.context.bank("ai-lab-data-pm")
    expected = (f"{pm.title} · {len(pm.stages)} stages, {len(pm.all_questions())} questions"
                " · comes with Stagecoach")
    assert expected in lines
    good = tmp_path / "tiny.toml"
    good.write_text(GOOD_BANK)
    assert view.banks.import_bank(good)
    lines = [view.banks.installed_list.item(i).text()
             for i in range(view.banks.installed_list.count())]
    assert "Tiny test bank · 1 stage, 1 question · your folder, tiny.toml" in lines
