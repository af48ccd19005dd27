"""The `stagecoach` entry point.

No arguments: the desktop app. Otherwise a subcommand. Exit status: 0 success,
2 bad input or unusable environment (one plain sentence on stderr, no traceback),
1 a bug (a short sentence; the traceback goes to the log, or to stderr with --debug).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import importlib
import logging
import os
import sys
import traceback
from collections.abc import Sequence

from desktop_app import __version__
from desktop_app.core.errors import UserError

# Subcommand modules under desktop_app.commands, in the order `--help` lists them.
COMMAND_MODULES = (
    "banks",
    "devices",
    "record",
    "recover",
    "transcribe",
    "analyze",
    "plan",
    "import_audio",
    "bench",
    "eval",
    "doctor",
    "say",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stagecoach",
        description="Rehearse spoken interview answers offline. "
        "With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"Stagecoach {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show full tracebacks for internal errors"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="run an offline end-to-end check of this installation and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"desktop_app.commands.{name}")
        module.register(sub)
    return parser



def main(argv: Sequence[str] | None = None) -> int:
    # Everything Stagecoach writes (recordings, database, logs) is the user's alone.
    os.umask(0o077)
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
    configure_logging(args.debug)
    code = _run(args)
    _leave_now_if_audio_is_stuck(code)
    return code


def _run(args: argparse.Namespace) -> int:
    try:
        if args.self_test:
            from desktop_app.commands.selftest import run_self_test

            return int(run_self_test(args))
        if args.command is None:
            return gui_main()
        return int(args.func(args))
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception:  # a bug: say so plainly, keep the details for the report
        if args.debug:
            traceback.print_exc()
        else:
            log = _write_crash_log()
            where = f" Details were saved to {log}." if log else ""
            print(
                "Stagecoach hit an internal error; run the command again with --debug "
                f"to see the details.{where}",
                file=sys.stderr,
            )
        return 1


def _leave_now_if_audio_is_stuck(code: int) -> None:
    """Exit at once when a call into PortAudio still waits for a hung sound server.

    Finalising the interpreter under such a call crashed the process (SIGSEGV, seen when
    `record` stopped on a hung server), turning a clean exit 2 into a crash. Only the
    files we wrote matter then, and they are closed; so flush and leave.
    """
    calls = sys.modules.get("desktop_app.core.audio.portaudio_calls")
    if calls is None or calls.settle(0.5):
        return
    logging.shutdown()
    with contextlib.suppress(Exception):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


class LogFile(logging.Handler):
    """Appends each record to logs/stagecoach.log in the data folder of the moment, opening
    and closing it every time: records are rare, a command that logs nothing leaves nothing
    behind, and no handle is held on a folder that goes away (the self-test's). Past 1 MB
    the file becomes stagecoach.log.1. A record that cannot be written (the disk is full,
    which is just when it matters) is kept and written before the next one that can."""

    MAX_BYTES = 1_000_000
    MAX_UNWRITTEN = 200

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        self._unwritten: collections.deque[str] = collections.deque(maxlen=self.MAX_UNWRITTEN)

    def emit(self, record: logging.LogRecord) -> None:
        self._unwritten.append(self.format(record) + "\n")
        try:
            from desktop_app.core import paths

            folder = paths.ensure_private_dir(paths.logs_dir())
            log = folder / "stagecoach.log"
            if log.exists() and log.stat().st_size > self.MAX_BYTES:
                log.replace(folder / "stagecoach.log.1")
            fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, paths.FILE_MODE)
            with os.fdopen(fd, "a", encoding="utf-8") as fh:
                fh.write("".join(self._unwritten))
            self._unwritten.clear()
        except OSError:
            pass  # kept for the next record; never shown to the user


def configure_logging(debug: bool) -> None:
    """Log records go to the log file (and to stderr with --debug). Without a handler,
    Python prints warnings on stderr, which would break the one-sentence rule."""
    root = logging.getLogger()
    if any(isinstance(h, LogFile) for h in root.handlers):
        return  # main() called again in the same process
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    root.addHandler(LogFile())
    if debug:
        root.addHandler(logging.StreamHandler())


def gui_main() -> int:
    os.umask(0o077)
    from desktop_app.ui.app import run_app

    return int(run_app(sys.argv[:1]))


def _write_crash_log() -> str | None:
    try:
        from desktop_app.core.crash_log import write_crash_log

        return str(write_crash_log(traceback.format_exc()))
    except OSError:
        return None


if __name__ == "__main__":
    raise SystemExit(main())
