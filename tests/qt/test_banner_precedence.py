"""A warning from a background part never hides an error the user has not dismissed."""

from __future__ import annotations

from typing import Any


def test_a_warning_waits_behind_an_error_until_it_is_dismissed(window: Any) -> None:
    window.show_banner("error", "The disk is full: the answer's audio is kept.")
    window.show_banner("warning", "The interviewer's voice could not be prepared.")
    assert window.banner.level == "error"
    assert window.banner.text == "The disk is full: the answer's audio is kept."
    # Once the error is dismissed, later warnings show again; an error still replaces one.
    window.banner.dismiss()
    window.show_banner("warning", "The interviewer's voice could not be prepared.")
    assert (window.banner.level, window.banner.isHidden()) == ("warning", False)
    window.show_banner("error", "The microphone was disconnected.")
    assert window.banner.text == "The microphone was disconnected."
