"""The PDF report: A4 pages that look like the HTML report, from the app and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtPdf import QPdfDocument

from desktop_app.core.analysis import analyze_answer
from desktop_app.core.analysis.report import Report
from desktop_app.core.banks.library import find_question
from desktop_app.core.settings import AnalysisSettings, load_settings
from desktop_app.ui.report_pdf import report_pdf
from tests.support.qt import ANSWER_TEXT, QUESTION_ID, timed_transcript

A4_PT = (595, 842)
BAR = QColor("#3949ab")  # the pace chart's bars (drawn at 75 % over white)


def _report(repeat: int) -> Report:
    bank, question = find_question(QUESTION_ID, load_settings(), None)
    transcript = timed_transcript(" ".join([ANSWER_TEXT] * repeat), wpm=150)
    return analyze_answer(transcript, question, bank, AnalysisSettings(),
                          used_s=transcript.duration_s, hotwords=[])


def _open(path: Path) -> QPdfDocument:
    doc = QPdfDocument()
    doc.load(str(path))
    assert doc.status() == QPdfDocument.Status.Ready
    return doc


def _bar_pixels(image: QImage) -> int:
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if abs(c.red() - 106) < 20 and abs(c.green() - 119) < 20 and c.blue() > 170:
                count += 1
    return count


def _unclipped_lines(doc: QPdfDocument) -> list[str]:
    """Each page's text lines, less the line straddling the break, which the page before
    it already has (two lines in a row are never the same text)."""
    out: list[str] = []
    previous: list[str] = []
    for page in range(doc.pageCount()):
        lines = doc.getAllText(page).text().splitlines()
        out += lines[1:] if lines and previous and lines[0] == previous[-1] else lines
        previous = lines
    return out


def test_a_long_answer_fills_a4_pages_wrapped_with_the_chart(qapp: Any,
                                                             tmp_path: Path) -> None:
    report = _report(repeat=25)  # about 5.5 minutes of speech
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report_pdf(report))
    doc = _open(pdf)
    assert doc.pageCount() >= 3  # paginated, not one page with everything on it
    size = doc.pagePointSize(0)
    assert (round(size.width()), round(size.height())) == A4_PT
    text = ""
    for page in range(doc.pageCount()):
        selection = doc.getAllText(page)
        box = selection.boundingRectangle()
        # Each page's text spans the printable width and stays on the page.
        assert box.left() >= 20 and box.right() <= A4_PT[0] - 20, (page, box)
        assert box.width() > 0.7 * A4_PT[0], (page, box)
        text += selection.text() + "\n"
    lines = [line for line in text.splitlines() if line.strip()]
    assert max(len(line) for line in lines) < 110  # wrapped, never one endless line
    words = " ".join(text.split())
    assert "Answer report" in words and "Pace over time" in words
    # The whole transcript is there (counted after its heading: the repeated phrases of
    # "Delivery and structure" quote it too), once: a paragraph that runs across a page
    # break is drawn clipped on both pages, so the lines a page repeats from the one
    # before it are its hidden ones.
    unique = " ".join(" ".join(_unclipped_lines(doc)).split())
    assert unique[unique.rindex("Transcript"):].count("honestly we like to") == 25
    # The chart is drawn, as bars, not printed as digits.
    bars = sum(_bar_pixels(doc.render(page, QSize(595, 842)))
               for page in range(doc.pageCount()))
    assert bars > 2000


def test_stagecoach_analyze_writes_a_pdf(tmp_path: Path) -> None:
    report = _report(repeat=3)
    transcript = tmp_path / "t.json"
    transcript.write_text(json.dumps(report.transcript.to_dict()))
    out = tmp_path / "r.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env["STAGECOACH_HOME"] = str(tmp_path / "home")
    r = subprocess.run([sys.executable, "-m", "desktop_app", "analyze", "--transcript",
                        str(transcript), "--question", QUESTION_ID, "--format", "pdf",
                        "-o", str(out)], capture_output=True, text=True, env=env,
                       timeout=120, check=False)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert (out.stat().st_mode & 0o777) == 0o600
    doc = _open(out)
    assert "Answer report" in doc.getAllText(0).text()
