"""Export an answer: report as Markdown / HTML / PDF, transcript as TXT / SRT / VTT, WAV.

The renderers belong to the analysis (report) and the transcription (subtitles) parts;
this module only picks the right one and writes the file (owner-only, like all user data).
PDF is the report laid out on A4 pages by ui.report_pdf, as the HTML report looks.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from desktop_app.core import paths
from desktop_app.core.analysis.report import Report
from desktop_app.core.errors import UserError
from desktop_app.core.transcript import Transcript

FORMATS: dict[str, str] = {
    "md": "Report as Markdown (*.md)",
    "html": "Report as HTML (*.html)",
    "pdf": "Report as PDF (*.pdf)",
    "txt": "Transcript as plain text (*.txt)",
    "srt": "Transcript as SRT subtitles (*.srt)",
    "vtt": "Transcript as WebVTT subtitles (*.vtt)",
    "wav": "Recording as WAV audio (*.wav)",
}


def format_for_filter(selected_filter: str, path: Path) -> str:
    for key, label in FORMATS.items():
        if label == selected_filter:
            return key
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else "md"


def _write_text(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, paths.FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def render_transcript(transcript: Transcript, fmt: str) -> str:
    """TXT/SRT/VTT through the transcription part's exporter."""
    from desktop_app.core.transcript_export import to_srt, to_txt, to_vtt

    render = {"txt": to_txt, "srt": to_srt, "vtt": to_vtt}[fmt]
    return render(transcript)


def export_answer(fmt: str, out: Path, report: Report | None,
                  transcript: Transcript | None, audio: Path | None,
                  follows: str | None = None) -> Path:
    """Write ``out`` in ``fmt``; UserError with one sentence when that is impossible.
    ``follows``: for a follow-up answer, the question it followed (the report names it)."""
    out = out if out.suffix else out.with_suffix("." + fmt)
    try:
        if fmt in ("md", "html", "pdf"):
            if report is None:
                raise UserError("This answer has no report yet, so there is nothing to "
                                "export; export the transcript or the recording instead.")
            from desktop_app.core.analysis.render import render_html, render_markdown

            if fmt == "md":
                _write_text(out, render_markdown(report, follows))
            elif fmt == "html":
                _write_text(out, render_html(report, follows))
            else:
                write_pdf(report, out, follows)
        elif fmt in ("txt", "srt", "vtt"):
            transcript = transcript or (report.transcript if report is not None else None)
            if not transcript or not transcript.segments:
                raise UserError("This answer has no transcript yet.")
            _write_text(out, render_transcript(transcript, fmt))
        elif fmt == "wav":
            if audio is None or not audio.exists():
                raise UserError("The recording of this answer is missing.")
            shutil.copyfile(audio, out)
            paths.make_private(out)
        else:
            raise UserError(f"Stagecoach cannot export '{fmt}' files.")
    except OSError as exc:
        raise UserError(f"Could not write {out} ({exc.strerror or exc}); pick another "
                        "folder.") from exc
    return out


def write_pdf(report: Report, out: Path, follows: str | None = None) -> None:
    from desktop_app.ui.report_pdf import report_pdf

    data = report_pdf(report, follows)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, paths.FILE_MODE)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
