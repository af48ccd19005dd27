"""`stagecoach banks`: list, show and validate question banks.

``banks validate FILE...`` prints every problem as FILE:LINE: message on stdout (one per
line, so editors and CI can jump to it), then exits 2 if any file has problems and 0
with one "ok" line per valid file otherwise. A folder argument validates its *.toml.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "banks", help="list, show and validate question banks",
        description="List, show and validate question banks.",
    )
    actions = p.add_subparsers(dest="banks_action", metavar="ACTION")
    actions.add_parser(
        "list", help="the banks Stagecoach can use (shipped and in your bank folder)"
    )
    show = actions.add_parser("show", help="the stages and question ids of one bank")
    show.add_argument("bank", metavar="BANK", help="a bank id or the path of a .toml file")
    validate = actions.add_parser(
        "validate", help="check bank files; each problem is printed as FILE:LINE: message"
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="bank files or folders")
    p.set_defaults(func=run, banks_parser=p)


def run(args: argparse.Namespace) -> int:
    action = getattr(args, "banks_action", None)
    if action == "list":
        return _list()
    if action == "show":
        return _show(args.bank)
    if action == "validate":
        return _validate(args.files)
    args.banks_parser.print_help(sys.stderr)
    return 2


def _list() -> int:
    from desktop_app.core.banks.library import bank_origin, discover_banks
    from desktop_app.core.settings import load_settings

    settings = load_settings()
    banks, problems = discover_banks(settings)
    rows = [("ID", "TITLE", "STAGES", "QUESTIONS", "SOURCE")]
    for bank in banks:
        rows.append((bank.id, bank.title, str(len(bank.stages)),
                     str(len(bank.all_questions())), bank_origin(bank, settings)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    broken: dict[str, list[str]] = {}
    for problem in problems:
        broken.setdefault(problem.file, []).append(str(problem))
    if broken:
        print()
        print("Not usable or with notes:")
        for file, lines in broken.items():
            for line in lines[:3]:
                print(f"  {line}")
            if len(lines) > 3:
                print(f"  ... {len(lines) - 3} more; run 'stagecoach banks validate {file}'")
    print()
    print(f"Your bank folder: {settings.user_banks_dir()}")
    return 0


def _show(bank_ref: str) -> int:
    from desktop_app.core.banks.library import find_bank

    bank = find_bank(bank_ref)
    print(f"{bank.id}: {bank.title}")
    for stage in bank.stages:
        t = stage.timing
        print(f"\n{stage.id}: {stage.title}  (prep {t.prep_s:g} s; green {t.green_s:g} s, "
              f"yellow {t.yellow_s:g} s, red {t.red_s:g} s)")
        for q in stage.questions:
            print(f"  {q.id}  {q.prompt}")
    return 0


def _validate(files: list[str]) -> int:
    from desktop_app.core.banks.library import load_bank, validate_bank_file

    targets: list[Path] = []
    for name in files:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.toml") if not p.name.startswith("."))
            if not found:
                print(f"{name}:1: this folder has no .toml bank files")
                targets.append(path)  # counted as a problem below
                continue
            targets.extend(found)
        else:
            targets.append(path)
    bad = 0
    for path in targets:
        if path.is_dir():
            bad += 1
            continue
        problems = validate_bank_file(path)
        errors = [p for p in problems if p.severity == "error"]
        for problem in problems:
            print(problem)
        if errors:
            bad += 1
            continue
        bank = load_bank(path)
        counts = ", ".join(_count(n, what) for n, what in (
            (len(bank.stages), "stage"), (len(bank.all_questions()), "question"),
            (len(bank.concepts), "concept"), (len(bank.red_flags), "red flag")))
        print(f"{path}: ok — bank '{bank.id}', {counts}")
    if bad:
        total = len(targets)
        print(f"{bad} of {total} bank file{'s' if total != 1 else ''} "
              f"{'has' if bad == 1 else 'have'} problems.", file=sys.stderr)
        return 2
    return 0


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"
