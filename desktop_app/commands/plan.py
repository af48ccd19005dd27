"""`stagecoach plan`: what to rehearse today, and how ready each stage is"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, time
from typing import Any

from desktop_app.core.errors import UserError


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "plan", help="what to rehearse today, and how ready each stage is",
        description="The questions due today (spaced repetition, FSRS), then new ones from "
        "the weakest stage, each with its reason; readiness per stage (ready at 0.75) and the "
        "concepts missed most.",
    )
    p.add_argument("--format", choices=("json", "text"), default="text")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="plan for this day instead of today")
    p.add_argument("--bank", metavar="ID|FILE",
                   help="the bank (default: the one last used in the app)")
    p.add_argument("--interview", metavar="YYYY-MM-DD",
                   help="the interview date (default: the one in Settings)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop_app.core.banks.library import find_bank
    from desktop_app.core.practice.plan import render_text
    from desktop_app.core.practice.today import interview_day, parse_day, plan_from_store
    from desktop_app.core.settings import load_settings

    settings = load_settings()
    now = datetime.now().astimezone()
    try:
        if args.date is not None:
            day = parse_day(args.date)
            if day != now.date():  # another day: plan as of its noon
                now = datetime.combine(day, time(12)).astimezone()
        interview = parse_day(args.interview) if args.interview else interview_day(settings)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    bank = find_bank(args.bank or settings.ui.last_bank, settings)
    plan = plan_from_store(None, bank, now, interview, settings.practice.new_per_day)
    if args.format == "json":
        sys.stdout.write(json.dumps(plan.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_text(plan, bank))
    return 0
