"""`stagecoach devices`: list audio input devices (default marked)"""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.core.errors import UserError


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "devices", help="list audio input devices (default marked)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise UserError("'stagecoach devices' is not available in this build yet.")
