"""`stagecoach transcribe`: transcribe an audio file locally with Whisper"""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.core.errors import UserError


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "transcribe", help="transcribe an audio file locally with Whisper"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise UserError("'stagecoach transcribe' is not available in this build yet.")
