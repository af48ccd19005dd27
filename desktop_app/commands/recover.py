"""`stagecoach recover`: repair and register interrupted recordings"""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.core.errors import UserError


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "recover", help="repair and register interrupted recordings"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise UserError("'stagecoach recover' is not available in this build yet.")
