"""`stagecoach bench`: measure transcription, live pipeline and start-up speed"""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.core.errors import UserError


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "bench", help="measure transcription, live pipeline and start-up speed"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise UserError("'stagecoach bench' is not available in this build yet.")
