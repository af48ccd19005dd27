"""`stagecoach import`: bring recordings made elsewhere into History as analysed answers"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "import", help="add recordings made elsewhere to History as analysed answers",
        description="Transcribe and analyse each AUDIO file as an answer to the question and "
        "keep it in History (its audio copied into the data folder), as if it had been "
        "recorded in the app. If any file cannot be read, nothing is imported.",
    )
    p.add_argument("audio", nargs="+", metavar="AUDIO",
                   help="recordings (wav, flac, mp3, m4a, ogg)")
    p.add_argument("--question", required=True, metavar="ID", help="the question's id")
    p.add_argument("--bank", metavar="ID|FILE", help="the bank's id or a .toml file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop_app.core.banks.library import find_question
    from desktop_app.core.history.store import Store
    from desktop_app.core.practice.grading import RATING_NAMES
    from desktop_app.core.settings import load_settings
    from desktop_app.pipeline.importing import import_recordings
    from desktop_app.transcription.worker import CRASHED_TWICE_CLI, TranscriptionWorker

    settings = load_settings()
    bank, question = find_question(args.question, settings, args.bank)
    sources = [Path(a) for a in args.audio]
    with Store() as store, TranscriptionWorker(crashed_twice=CRASHED_TWICE_CLI) as worker:
        done = import_recordings(settings, store, bank, question, sources, worker=worker,
                                 progress=lambda m: print(m, file=sys.stderr, flush=True))
        for item in done:
            record = store.get_answer(item.answer_id)
            grade = store.answer_grade(item.answer_id)
            coverage = record.coverage_pct if record is not None else None
            said = f", {coverage:.0f} % of the expected concepts" if coverage is not None \
                else ""
            graded = f", graded {RATING_NAMES[grade[0]]}" if grade else ""
            print(f"{item.source}: answer {item.answer_id} ({item.duration_s:.1f} s{said}"
                  f"{graded})")
    return 0
