"""`stagecoach eval`'s work: every case of every condition through the real pipeline.

Each answer is transcribed by the transcription worker with the app's options (the
question's hotwords, the filler prompt, windows cut at pauses) and analysed with the
eval bank, as `stagecoach analyze` does; the same audio also goes through plain
faster-whisper for `wer_plain`. The app's default settings are used, not the user's, so
figures from two computers compare.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.core.analysis import analyze_answer, expected_hotwords
from desktop_app.core.audio.audio_decode import load_audio
from desktop_app.core.banks.library import load_bank
from desktop_app.core.banks.model import Bank, Question
from desktop_app.core.errors import UserError
from desktop_app.core.settings import Settings
from desktop_app.evaluation.cache import CorpusCache, default_cache_dir
from desktop_app.evaluation.corpus import CONDITIONS, Case, CorpusBuilder
from desktop_app.evaluation.plain import PlainRecognizer
from desktop_app.evaluation.real import real_cases
from desktop_app.evaluation.scoring import Tally, score_report, score_words
from desktop_app.evaluation.scripts import BANK_FILE, SCRIPTS, quick_scripts
from desktop_app.evaluation.synthesis import (
    INSTALL_HINT,
    PiperSynth,
    piper_available,
    voice_fingerprint,
)
from desktop_app.evaluation.words import normalise_words
from desktop_app.transcription.options import TranscribeOptions
from desktop_app.transcription.service import transcribe_file
from desktop_app.transcription.worker import TranscriptionWorker

Log = Callable[[str], None]


def bank_path() -> Path:
    return Path(__file__).with_name("data") / BANK_FILE


def _question(bank: Bank, question_id: str) -> Question:
    for question in bank.all_questions():
        if question.id == question_id:
            return question
    raise ValueError(f"the eval bank has no question {question_id}")


class Pipeline:
    """The app's transcription and analysis, with one worker for every case."""

    def __init__(self, worker: TranscriptionWorker, plain: PlainRecognizer,
                 settings: Settings, bank: Bank) -> None:
        self.worker, self.plain, self.settings, self.bank = worker, plain, settings, bank

    def evaluate(self, case: Case) -> tuple[Tally, dict[str, Any]]:
        question = _question(self.bank, case.script.question) if case.script else None
        hotwords = (expected_hotwords(question, self.bank)
                    if question is not None and self.settings.transcription.bias_expected_terms
                    else [])
        options = TranscribeOptions.from_settings(self.settings, hotwords)
        transcript = transcribe_file(case.audio, options, worker=self.worker)
        words = normalise_words(" ".join(w.word for w in transcript.words))
        tally = score_words(case.truth, words, self.plain.words(case.audio))
        detail: dict[str, Any] = {"case": case.name, "text": transcript.text}
        if question is not None and case.script is not None and case.truth.timed:
            report = analyze_answer(transcript, question, self.bank, self.settings.analysis,
                                    audio=load_audio(case.audio), hotwords=hotwords).to_dict()
            tally += score_report(case.truth, report, case.script.concepts,
                                  case.script.red_flags, self.settings.analysis.pause_threshold_s)
            detail.update(
                fillers=[(f["text"], f["start"], f["end"]) for f in report["fillers"]["items"]],
                pauses=[(p["start"], p["end"]) for p in report["pauses"]],
                covered=sorted(c["concept"] for c in report["coverage"]["covered"]),
                red_flags=sorted({r["flag"] for r in report["red_flags"]}),
            )
        detail.update({k: v for k, v in tally.metrics().items()
                       if k in ("wer", "wer_plain", "lost_sentences")})
        return tally, detail


def run_eval(quick: bool = False, real_dir: Path | None = None, cache_dir: Path | None = None,
             details: bool = False, log: Log | None = None) -> dict[str, Any]:
    """The figures per condition and overall (the JSON of `stagecoach eval`)."""
    if not piper_available():
        raise UserError(INSTALL_HINT)
    say = log or (lambda _msg: None)
    started = time.perf_counter()
    real = real_cases(real_dir)  # a wrong --real folder is said before minutes of work
    settings = Settings()
    bank = load_bank(bank_path())
    scripts = quick_scripts() if quick else SCRIPTS
    builder = CorpusBuilder(CorpusCache(cache_dir or default_cache_dir()), PiperSynth(),
                            voice_fingerprint())
    t = settings.transcription
    plain = PlainRecognizer(t.model, t.compute_type, t.cpu_threads)
    overall = Tally()
    conditions: list[dict[str, Any]] = []
    with TranscriptionWorker() as worker:
        pipeline = Pipeline(worker, plain, settings, bank)
        for condition in CONDITIONS:
            began = time.perf_counter()
            tally = Tally()
            case_details = []
            cases = (real if condition == "real"
                     else builder.cases(condition, scripts, every_noise=not quick))
            for case in cases:
                say(f"{condition}: {case.name}")
                scored, detail = pipeline.evaluate(case)
                tally += scored
                case_details.append(detail)
            tally.seconds = time.perf_counter() - began
            overall += tally
            entry = {"name": condition, **tally.metrics()}
            if details:
                entry["details"] = case_details
            conditions.append(entry)
    overall.seconds = time.perf_counter() - started
    return {"quick": quick, "conditions": conditions, "overall": overall.metrics()}
