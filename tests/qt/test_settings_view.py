"""Settings page: thresholds and fillers saved, bank import with located problems, theme."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.core import paths
from desktop_app.core.settings import load_settings

GOOD_BANK = '''id = "tiny-test-bank"
title = "Tiny test bank"
description = "One stage, one question."

[concepts.metrics]
label = "Metrics"
terms = ["metric", "metrics"]

[[stages]]
id = "only"
title = "Only stage"
prep_s = 5
green_s = 30
yellow_s = 45
red_s = 60

[[stages.questions]]
id = "only-q"
prompt = "Which metric would you watch first?"
expects = ["metrics"]
'''


def test_thresholds_and_fillers_are_saved(window: Any, qtbot: Any) -> None:
    view = window.show_page("settings")
    view.feedback.threshold_spins["pause_threshold_s"].setValue(2.25)
    view.feedback.threshold_spins["fuzzy_min_length"].setValue(9)
    view.feedback.fillers_edit.setPlainText("basically\n  kind of \n\n")
    qtbot.waitUntil(lambda: paths.settings_path().exists(), timeout=3000)
    qtbot.waitUntil(lambda: load_settings().analysis.extra_fillers == ["basically", "kind of"],
                    timeout=3000)
    saved = load_settings()
    assert saved.analysis.pause_threshold_s == 2.25
    assert saved.analysis.fuzzy_min_length == 9
    assert isinstance(saved.analysis.fuzzy_min_length, int)


def test_import_bad_bank_lists_problems_with_lines(window: Any, tmp_path: Path) -> None:
    view = window.show_page("settings")
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD_BANK.replace("green_s = 30", "green_s = 50")
                   .replace('expects = ["metrics"]', 'expects = ["nope"]'))
    assert not view.banks.import_bank(bad)
    listed = view.banks.bank_problems
    problems = [listed.item(i).text() for i in range(listed.count())]
    assert len(problems) >= 2
    assert all(p.startswith(f"{bad}:") for p in problems)  # FILE:LINE: message
    assert any(p.startswith((f"{bad}:13:", f"{bad}:14:")) and "green_s" in p
               for p in problems)  # the timing lines
    assert any(p.startswith(f"{bad}:20:") and "nope" in p for p in problems)
    assert "not imported" in view.banks.bank_result.text()
    assert not (window.context.settings.user_banks_dir() / "bad.toml").exists()


def test_import_good_bank_shows_it_on_rehearse(window: Any, tmp_path: Path) -> None:
    view = window.show_page("settings")
    good = tmp_path / "tiny.toml"
    good.write_text(GOOD_BANK)
    assert view.banks.import_bank(good)
    copied = window.context.settings.user_banks_dir() / "tiny.toml"
    assert copied.exists() and oct(copied.stat().st_mode & 0o777) == "0o600"
    rehearse = window.show_page("rehearse")
    assert rehearse.bank_combo.findData("tiny-test-bank") >= 0
    rehearse.model.select_bank("tiny-test-bank")
    assert rehearse.model.question.prompt == "Which metric would you watch first?"


def test_theme_and_chime(window: Any, qtbot: Any) -> None:
    view = window.show_page("settings")
    view.general.theme_combo.setCurrentIndex(view.general.theme_combo.findData("dark"))
    view.general.theme_combo.activated.emit(view.general.theme_combo.currentIndex())
    from desktop_app.ui.theme import current_theme

    assert current_theme().dark
    view.general.chime_check.setChecked(False)
    assert not window.page("rehearse").chime.enabled
    qtbot.waitUntil(lambda: load_settings().ui.theme == "dark", timeout=3000)
    assert load_settings().ui.chime is False
    view.general.theme_combo.setCurrentIndex(view.general.theme_combo.findData("light"))
    view.general.theme_combo.activated.emit(view.general.theme_combo.currentIndex())
    assert not current_theme().dark


def test_data_folder_is_shown(window: Any) -> None:
    view = window.show_page("settings")
    assert view.general.data_dir_label.text() == str(paths.data_home())


def test_openai_whisper_says_what_it_costs_and_its_real_compute_type(window: Any) -> None:
    view = window.show_page("settings")
    tab = view.transcription
    assert tab.compute_combo.currentText() == "int8" and tab.compute_combo.isEnabled()
    assert "a moment after Stop" in tab.engine_note.text()
    tab.engine_combo.setCurrentText("openai-whisper")
    tab.engine_combo.activated.emit(tab.engine_combo.currentIndex())
    settings = window.context.settings.transcription
    assert settings.engine == "openai-whisper"
    # It computes in float32, whatever faster-whisper was set to, and says so.
    assert tab.compute_combo.currentText() == "float32"
    assert not tab.compute_combo.isEnabled()
    note = tab.engine_note.text()
    assert "five times slower" in note and "10 s or more after Stop" in note
    assert "live transcript falls behind" in note
    # Back to faster-whisper: its own compute type was kept.
    tab.engine_combo.setCurrentText("faster-whisper")
    tab.engine_combo.activated.emit(tab.engine_combo.currentIndex())
    assert settings.compute_type == "int8"
    assert tab.compute_combo.currentText() == "int8" and tab.compute_combo.isEnabled()


def test_contradictory_thresholds_are_refused_with_a_sentence(window: Any, qtbot: Any) -> None:
    view = window.show_page("settings")
    tab = view.feedback
    view.tabs.setCurrentIndex(2)  # Feedback
    tab.threshold_spins["fast_wpm"].setValue(200)  # above "rushing above" 190
    assert tab.problem.isVisible()
    assert tab.problem.text() == ("“Fast above” (200 wpm) must be lower than “Rushing above” "
                                  "(190 wpm).")
    assert window.context.settings.analysis.fast_wpm == 170  # not taken
    tab.threshold_spins["rushing_wpm"].setValue(220)  # now consistent: both are taken
    assert not tab.problem.isVisible()
    analysis = window.context.settings.analysis
    assert (analysis.fast_wpm, analysis.rushing_wpm) == (200, 220)
    qtbot.waitUntil(lambda: load_settings().analysis.fast_wpm == 200, timeout=3000)
    tab.threshold_spins["slow_wpm"].setValue(205)
    assert tab.problem.text() == \
        "“Slow below” (205 wpm) must be lower than “Fast above” (200 wpm)."
    assert window.context.settings.analysis.slow_wpm == 110
