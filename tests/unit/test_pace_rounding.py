"""A pace is one number everywhere: the report made now, read back, its findings and its
Markdown show the same whole words per minute."""

from __future__ import annotations

import re

from desktop_app.core.analysis import analyze_answer
from desktop_app.core.analysis.render import render_markdown
from desktop_app.core.analysis.report import Report
from desktop_app.core.banks.library import find_bank
from desktop_app.core.settings import AnalysisSettings
from desktop_app.core.transcript import Segment, Transcript, Word


def _words(count: int, span_s: float) -> tuple[Word, ...]:
    step = span_s / (count - 1)
    return tuple(Word(f"word{i}", 0.5 + i * step - 0.2, 0.5 + i * step, 0.95)
                 for i in range(count))


def test_a_pace_on_a_half_shows_the_same_whole_number_everywhere() -> None:
    bank = find_bank("ai-lab-data-pm")
    question = bank.stages[0].questions[0]
    # 60 words from the first word's start to the last one's end: 60 * 60 / 22.864 s is
    # 157.45 words a minute, 157.5 once rounded as the report stores it.
    words = _words(60, 22.864 - 0.2)
    assert round(60 * 60 / (words[-1].end - words[0].start), 2) == 157.45
    text = " ".join(w.word for w in words)
    transcript = Transcript("test", "tiny.en", "en", words[-1].end + 0.5,
                            (Segment(words[0].start, words[-1].end, text, words),))
    report = analyze_answer(transcript, question, bank, AnalysisSettings(),
                            used_s=transcript.duration_s, hotwords=[])
    again = Report.from_dict(report.to_dict())
    shown = {f"{report.pace.wpm:.0f}", f"{again.pace.wpm:.0f}"}
    shown |= set(re.findall(r"Pace (\d+) words per minute", " ".join(
        f.message for f in report.findings + again.findings)))
    shown |= set(re.findall(r"\| Pace \| (\d+) wpm", render_markdown(report)))
    shown |= set(re.findall(r"\| Pace \| (\d+) wpm", render_markdown(again)))
    assert shown == {"158"}
