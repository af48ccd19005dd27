"""`stagecoach transcribe`: transcribe an audio file locally with Whisper"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ENGINES = ("faster-whisper", "openai-whisper")
FORMATS = ("json", "txt", "srt", "vtt")


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "transcribe", help="transcribe an audio file locally with Whisper",
        description="Transcribe AUDIO (wav, flac, mp3, m4a, ogg; any rate or channels) on this "
        "machine. Nothing leaves it.",
    )
    p.add_argument("audio", metavar="AUDIO", help="the audio file")
    p.add_argument("--engine", choices=ENGINES, default=None,
                   help="faster-whisper (default) or openai-whisper (the reference)")
    p.add_argument("--model", default=None, metavar="NAME|PATH",
                   help="a model name (default tiny.en, shipped) or a model folder/.pt file")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="output format (default: from OUT's extension, else json)")
    p.add_argument("-o", "--output", metavar="OUT", default=None,
                   help="write here instead of standard output")
    p.add_argument("--hotword", action="append", default=[], metavar="TERM",
                   help="a term to bias the recogniser toward (repeatable)")
    p.add_argument("--compute-type", default=None, help="faster-whisper compute type "
                   "(default int8)")
    p.add_argument("--no-filler-prompt", action="store_true",
                   help="do not prompt Whisper to keep fillers such as um and uh")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop_app.core import paths
    from desktop_app.core.settings import load_settings
    from desktop_app.core.transcript_export import format_for_path, render
    from desktop_app.transcription.options import TranscribeOptions
    from desktop_app.transcription.service import transcribe_file
    from desktop_app.transcription.worker import CRASHED_TWICE_CLI

    settings = load_settings()
    options = TranscribeOptions.from_settings(settings, hotwords=args.hotword).with_changes(
        hotwords=list(args.hotword))
    if args.engine:
        options = options.with_changes(engine=args.engine)
    if args.model:
        options = options.with_changes(model=args.model)
    if args.compute_type:
        options = options.with_changes(compute_type=args.compute_type)
    if args.no_filler_prompt:
        options = options.with_changes(filler_prompt=False)
    fmt = args.format or (format_for_path(args.output) if args.output else None) or "json"
    transcript = transcribe_file(Path(args.audio), options, crashed_twice=CRASHED_TWICE_CLI)
    text = render(transcript, fmt)
    if args.output:
        out = Path(args.output).expanduser()
        try:
            paths.write_private_text(out, text)
        except OSError as exc:
            from desktop_app.core.errors import UserError

            raise UserError(f"Could not write {out} ({exc.strerror}); pick another place.") from exc
    else:
        sys.stdout.write(text)
    return 0
