"""`stagecoach analyze`: analyse a recorded answer against a question"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from desktop_app.core.analysis.report import Report
from desktop_app.core.errors import UserError

FORMATS = ("json", "md", "html", "pdf")


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "analyze",
        help="analyse a recorded answer against a question",
        description="Transcribe AUDIO and report fillers, pace, pauses, expected concepts, "
        "red flags and the timing zone for the question.",
    )
    p.add_argument(
        "audio", nargs="?", metavar="AUDIO", help="the recorded answer (wav, flac, mp3, m4a, ogg)"
    )
    p.add_argument("--question", required=True, metavar="ID", help="the question's id")
    p.add_argument("--bank", metavar="ID|FILE", help="the bank's id or a .toml file")
    p.add_argument("--format", choices=FORMATS, default="json", help="report format")
    p.add_argument("-o", "--output", metavar="OUT", help="write the report here")
    p.add_argument(
        "--transcript",
        metavar="FILE.json",
        help="use this transcript (`stagecoach transcribe --format json`) "
        "instead of transcribing AUDIO; AUDIO is then optional",
    )
    p.set_defaults(func=run)


def _read_transcript(path: Path) -> Any:
    from desktop_app.core.transcript import Transcript

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Transcript.from_dict(data)
    except FileNotFoundError as exc:
        raise UserError(f"The transcript file {path} does not exist; check the path.") from exc
    except (
        OSError,
        UnicodeDecodeError,
        json.JSONDecodeError,
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
    ) as exc:
        raise UserError(
            f"{path} is not a transcript JSON file; make one with "
            "'stagecoach transcribe AUDIO --format json'."
        ) from exc


def _write(text: str | bytes, output: str | None) -> None:
    if output is None or output == "-":
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
            sys.stdout.flush()
        else:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    path = Path(output).expanduser()
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name for the report.")
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise UserError(f"The report cannot be written to {path} ({exc.strerror}).") from exc


def _pdf(report: Report) -> bytes:
    """The PDF report; Qt lays it out, offscreen: no display is needed."""
    from PySide6.QtGui import QGuiApplication

    from desktop_app.ui.report_pdf import report_pdf

    app = QGuiApplication.instance() or QGuiApplication(["stagecoach", "-platform",
                                                          "offscreen"])
    data = report_pdf(report)
    del app  # held until the document is laid out
    return data


def run(args: argparse.Namespace) -> int:
    from desktop_app.core.analysis.render import render_html, render_markdown
    from desktop_app.core.banks.library import find_question
    from desktop_app.core.settings import load_settings
    from desktop_app.pipeline.answer import analyse_answer, transcribe_answer

    if args.audio is None and args.transcript is None:
        raise UserError("Give the recorded answer's audio file (or --transcript FILE.json).")
    settings = load_settings()
    bank, question = find_question(args.question, settings, args.bank)
    audio = None
    if args.audio is not None:
        from desktop_app.core.audio.audio_decode import load_audio

        audio = load_audio(Path(args.audio))
    if args.transcript is not None:
        transcript = _read_transcript(Path(args.transcript))
    else:
        from desktop_app.transcription.worker import CRASHED_TWICE_CLI

        transcript = transcribe_answer(Path(args.audio), settings, bank, question,
                                       crashed_twice=CRASHED_TWICE_CLI)
    report = analyse_answer(transcript, settings, bank, question, audio=audio)
    text: str | bytes
    if args.format == "pdf":
        text = _pdf(report)
    elif args.format == "md":
        text = render_markdown(report)
    elif args.format == "html":
        text = render_html(report)
    else:
        text = json.dumps(report.to_dict(), indent=2, ensure_ascii=False)
    _write(text, args.output)
    return 0
