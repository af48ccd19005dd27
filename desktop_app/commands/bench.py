"""`stagecoach bench`: measure transcription, live pipeline and start-up speed"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "bench", help="measure transcription, live pipeline and start-up speed",
        description="Transcribe the shipped sample answer (or --audio) with every installed "
        "engine and model, run the live pipeline at real-time pace, and time the app's start.",
    )
    p.add_argument("--format", choices=("json", "text"), default="text")
    p.add_argument("-o", "--output", metavar="FILE", default=None)
    p.add_argument("--audio", metavar="FILE", default=None,
                   help="audio to use instead of the shipped sample answer")
    p.add_argument("--engines", nargs="+", default=None, metavar="ENGINE",
                   choices=("faster-whisper", "openai-whisper"))
    p.add_argument("--models", nargs="+", default=None, metavar="MODEL")
    p.add_argument("--record", type=float, default=None, metavar="SECONDS",
                   help="also benchmark recording from the default microphone")
    p.add_argument("--no-live", action="store_true", help="skip the live pipeline")
    p.add_argument("--live-long", type=float, default=None, metavar="SECONDS",
                   help="also run the live pipeline on an answer this long (the sample "
                   "repeated), at real-time pace: --live-long 600 takes ten minutes")
    p.add_argument("--no-startup", action="store_true", help="skip the start-up timing")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop_app.core import paths
    from desktop_app.transcription.bench import format_text, run_bench
    from desktop_app.transcription.service import check_audio_path

    audio = Path(args.audio).expanduser() if args.audio else None
    if audio is not None:
        check_audio_path(audio)
    result = run_bench(audio, args.engines, args.models, record_s=args.record,
                       live=not args.no_live, startup=not args.no_startup,
                       live_long_s=args.live_long,
                       log=lambda msg: print(msg, file=sys.stderr, flush=True))
    text = json.dumps(result, indent=2) + "\n" if args.format == "json" else format_text(result)
    if args.output:
        paths.write_private_text(Path(args.output).expanduser(), text)
    else:
        sys.stdout.write(text)
    return 0
