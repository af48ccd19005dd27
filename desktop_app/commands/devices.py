"""`stagecoach devices`: list audio input devices (default marked)"""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "devices", help="list audio input devices (default marked)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop_app.core.audio.devices import NO_DEVICE, list_input_devices
    from desktop_app.core.errors import UserError

    devices = list_input_devices()
    if not devices:
        raise UserError(NO_DEVICE)
    width = max(len(d.name) for d in devices)
    print(f"   {'#':>3}  {'name':<{width}}  {'channels':>8}  {'rate':>7}  host")
    for d in devices:
        mark = "*" if d.is_default else " "
        print(f" {mark} {d.index:>3}  {d.name:<{width}}  {d.channels:>8}  "
              f"{d.default_samplerate:>7.0f}  {d.hostapi}")
    print("* = system default. Pick one with `stagecoach record OUT.wav --device NAME`.")
    return 0
