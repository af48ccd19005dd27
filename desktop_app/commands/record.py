"""`stagecoach record`: record the microphone to a WAV file"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "record", help="record the microphone to a WAV file",
        description="Record 16 kHz mono WAV. The file is valid at every moment, so even a "
        "killed recording keeps its audio. Ctrl+C stops cleanly.",
    )
    p.add_argument("out", type=Path, metavar="OUT.wav", help="where to write the recording")
    p.add_argument("--seconds", type=float, default=None, metavar="N",
                   help="stop after N seconds (default: record until Ctrl+C)")
    p.add_argument("--device", default=None, metavar="NAME",
                   help="input device name or number (see `stagecoach devices`)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import signal
    import sys
    import threading

    from desktop_app.core.audio.devices import choose_saved_device, resolve_device
    from desktop_app.core.audio.recorder import Recorder
    from desktop_app.core.errors import UserError
    from desktop_app.core.settings import load_settings

    if args.seconds is not None and not args.seconds > 0:
        raise UserError("--seconds must be a positive number of seconds.")
    if args.out.is_dir():
        raise UserError(f"{args.out} is a folder; give the name of the WAV file to write.")
    settings = load_settings().audio
    if args.device is not None:
        device = resolve_device(args.device)
    else:
        device, notice = choose_saved_device(settings.device)
        if notice:
            print(notice, file=sys.stderr)

    stop = threading.Event()

    def on_signal(_signum: int, _frame: Any) -> None:
        stop.set()

    handled = [signal.SIGINT, signal.SIGTERM]
    previous = {s: signal.signal(s, on_signal) for s in handled}
    # Past a file-size limit the kernel sends SIGXFSZ, which kills by default; ignored,
    # the write fails with EFBIG and the recording stops with its audio kept.
    # (CPython already ignores it at start-up; this keeps it so when embedded.)
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        rec = Recorder(args.out, device, settings=settings, max_duration_s=args.seconds)
        rec.start()
        until = f" for {args.seconds:g} s" if args.seconds else "; press Ctrl+C to stop"
        print(f"Recording from '{device.name}' ({rec.capture_rate} Hz) into "
              f"{args.out}{until}.", flush=True)
        while not stop.wait(0.1) and rec.is_recording:
            pass
        result = rec.stop()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    print(f"Saved {result.duration_s:.1f} s to {result.path} "
          f"({result.overflows} input overflow{'s' if result.overflows != 1 else ''}).",
          flush=True)
    if rec.error:
        raise UserError(rec.error)
    return 0
