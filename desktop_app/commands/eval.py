"""`stagecoach eval`: measure transcription and feedback accuracy on the labelled corpus"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "eval", help="measure accuracy on the labelled corpus of spoken answers",
        description="Synthesise the labelled answers (clean, noisy, reverberant, slow, fast), "
        "run them through transcription and analysis as `analyze` does, and report word "
        "error, lost sentences, fillers, pauses, concepts and red flags per condition. "
        "The answers are spoken by the interviewer's voice (piper-tts).",
    )
    p.add_argument("--format", choices=("json", "text"), default="text")
    p.add_argument("-o", "--output", metavar="FILE", default=None)
    p.add_argument("--quick", action="store_true",
                   help="a few scripts in every condition (minutes, for CI)")
    p.add_argument("--real", metavar="DIR", default=None,
                   help="also score these recordings (each audio file beside a .txt of "
                   "what was said) in the real condition")
    p.add_argument("--cache", metavar="DIR", default=None,
                   help="where the synthesised audio is kept (default: $STAGECOACH_EVAL_CACHE "
                   "or the user cache folder)")
    p.add_argument("--details", action="store_true",
                   help="JSON: add each case's transcript and findings")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop_app.core import paths
    from desktop_app.evaluation.runner import run_eval
    from desktop_app.evaluation.table import format_table

    result = run_eval(
        quick=args.quick,
        real_dir=Path(args.real).expanduser() if args.real else None,
        cache_dir=Path(args.cache).expanduser() if args.cache else None,
        details=args.details,
        log=lambda msg: print(msg, file=sys.stderr, flush=True),
    )
    text = (json.dumps(result, indent=2) + "\n" if args.format == "json"
            else format_table(result))
    if args.output:
        paths.write_private_text(Path(args.output).expanduser(), text)
    else:
        sys.stdout.write(text)
    return 0
