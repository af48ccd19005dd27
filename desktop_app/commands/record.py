"""`stagecoach record`: record the microphone to a WAV file"""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.core.errors import UserError


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "record", help="record the microphone to a WAV file"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise UserError("'stagecoach record' is not available in this build yet.")
