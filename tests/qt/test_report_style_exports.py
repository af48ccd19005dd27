"""The "Delivery and structure" section in the Markdown, HTML and PDF reports, with a
pitch contour measured by Praat's tracker on a voice-like sound whose pitch glides."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtGui import QColor
from PySide6.QtPdf import QPdfDocument

from desktop_app.core.analysis.analyzer import analyze_answer
from desktop_app.core.analysis.delivery import Delivery
from desktop_app.core.analysis.render import render_html, render_markdown
from desktop_app.core.analysis.report import Report
from desktop_app.core.analysis.vocal import measure_pitch
from desktop_app.core.banks.library import find_question
from desktop_app.core.settings import AnalysisSettings, load_settings
from desktop_app.core.transcript import Segment, Transcript
from desktop_app.ui.report_pdf import pitch_chart_image, report_pdf
from tests.support.style_cases import STRUCTURE, timed

RATE = 16000


def _gliding_voice(seconds: float = 20.0) -> np.ndarray:
    """Harmonics of an F0 that glides 100 → 180 Hz and back every 4 s (a lively voice
    stand-in), then 16 s held at 120 Hz (a monotone one)."""
    t = np.arange(int(seconds * RATE)) / RATE
    f0 = np.where(t < 20.0, 140 + 40 * np.sin(2 * np.pi * t / 4.0), 120.0)
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    voice = np.zeros_like(t)
    for k in range(1, 6):
        voice += np.sin(k * phase) / k
    return (0.2 * voice).astype(np.float32)


def _report() -> Report:
    bank, question = find_question("star-failure", load_settings(), None)
    text = "I think, maybe, " + STRUCTURE[8].text
    words = tuple(timed(text))
    transcript = Transcript("test", "tiny.en", "en", words[-1].end + 1,
                            (Segment(words[0].start, words[-1].end, text, words),))
    report = analyze_answer(transcript, question, bank, AnalysisSettings(), hotwords=[])
    pitch = measure_pitch(_gliding_voice(36.0), RATE)
    assert pitch is not None
    return dataclasses.replace(report, delivery=Delivery(pitch, None))


def test_markdown_and_html_show_the_section() -> None:
    report = _report()
    assert report.delivery is not None and report.delivery.pitch is not None
    assert [(round(m.start), round(m.end)) for m in report.delivery.pitch.monotone] == [(20, 36)]
    md = render_markdown(report)
    assert "## Delivery and structure" in md
    assert "| Monotone | 0:20–0:36 |" in md
    assert "| STAR | Situation ✓, Task ✗, Action ✓, Result ✓ |" in md
    assert "| Hedges | 2 (" in md and "“i think” ×1" in md
    html = render_html(report)
    assert "<h2>Delivery and structure</h2>" in html
    assert 'aria-label="Pitch over time in hertz"' in html and "<rect " in html
    # A stored report (figures rounded in its JSON) renders the same section.
    back = render_markdown(Report.from_dict(report.to_dict()))
    assert back.split("## Delivery and structure")[1].split("| Pitch |")[0] == \
        md.split("## Delivery and structure")[1].split("| Pitch |")[0]
    assert "| STAR | Situation ✓, Task ✗, Action ✓, Result ✓ |" in back


def test_the_pdf_has_the_section_and_the_pitch_chart(qapp: Any, tmp_path: Path) -> None:
    report = _report()
    image = pitch_chart_image(report)
    assert image is not None
    line = QColor("#3f51b5")
    drawn = sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
                if abs(image.pixelColor(x, y).blue() - line.blue()) < 30
                and image.pixelColor(x, y).red() < 120)
    assert drawn > 200  # the contour is drawn
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report_pdf(report))
    doc = QPdfDocument()
    doc.load(str(pdf))
    text = " ".join(doc.getAllText(p).text() for p in range(doc.pageCount()))
    words = " ".join(text.split())
    assert "Delivery and structure" in words
    assert "Monotone" in words and "0:20–0:36" in words
