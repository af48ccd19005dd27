"""`stagecoach recover`: repair and register interrupted recordings"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "recover", help="repair and register interrupted recordings"
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILE",
                   help="WAV files to repair in place instead (e.g. left by a killed "
                        "`stagecoach record`)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop_app.core.errors import UserError
    from desktop_app.core.history.recovery import recover, repair_files
    from desktop_app.core.history.store import Store

    if args.files:
        results = repair_files(list(args.files))
        for r in results:
            if r.note:
                print(f"{r.path}: nothing repaired. {r.note}")
            else:
                print(f"{r.path}: {r.duration_s:.1f} s of audio.")
        if all(r.note for r in results):
            raise UserError("None of the files holds recoverable audio.")
        return 0

    with Store() as store:
        results = recover(store)
    if not results:
        print("Nothing to recover: every recording was closed properly.")
        return 0
    total = 0.0
    for r in results:
        who = f"Answer {r.answer_id}" if r.answer_id is not None else "A recording"
        if r.question_id:
            who += f" ({r.question_id})"
        if r.path is None or r.note:
            print(f"{who}: {r.note or 'nothing saved.'}")
        else:
            total += r.duration_s
            print(f"{who}: {r.duration_s:.1f} s saved in {r.path}")
    saved = sum(1 for r in results if not r.note)
    print(f"Recovered {saved} recording{'s' if saved != 1 else ''}, "
          f"{total:.1f} s of audio in total.")
    return 0
