"""Render each view of the desktop app to PNG: `python packaging/screenshots.py OUTDIR`.

Uses a throw-away data folder. The review shows a real answer: the shipped sample
recording (resources/sample/answer.wav) transcribed by the shipped model and analysed;
History holds that answer plus a few earlier ones (analysed from timed transcripts, dated
over the past weeks so the trends have a shape). Rendered offscreen (no display needed)
unless QT_QPA_PLATFORM says otherwise; each window is grabbed at 1366x768, a common laptop
screen (the window opens fitted to the screen).

Options: --theme light|dark, --size WxH, --no-model (skip transcription; the review then
uses a timed transcript of the sample's script).
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

QUESTION_ID = "cs-helpful-vs-harmful"
BANK_ID = "ai-lab-data-pm"

EARLIER = (  # (days ago, stage index, words per minute, answer)
    (24, 0, 178, "um so I I want to work here because um safety matters to me and uh "
                 "I like the mission and you know data is important"),
    (19, 1, 165, "I would start with provenance and uh keep the lineage of every source "
                 "and then measure bias across languages so we know the coverage"),
    (13, 2, 152, "we would compare DPO and a reward model on held out evaluation sets and "
                 "watch for reward hacking um before we scale the training run"),
    (8, 1, 146, "first provenance and consent for every source then red teaming with "
                "outside testers and a bias audit and we stop the launch if harm goes up"),
    (3, 3, 139, "I would escalate to the safety team write down the decision and hold the "
                "release until the red team signs off on the new data"),
)


def _settle(app: Any, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def _timed(text: str, wpm: float) -> Any:
    from desktop_app.core.transcript import Segment, Transcript, Word

    step, t, words = 60.0 / wpm, 0.8, []
    for token in text.split():
        words.append(Word(token, round(t, 3), round(t + step * 0.8, 3), 0.95))
        t += step
    return Transcript("faster-whisper", "tiny.en", "en", t + 0.6,
                      (Segment(words[0].start, words[-1].end, text, tuple(words)),))


def _store_answer(store: Any, bank: Any, question: Any, transcript: Any, audio: Path | None,
                  used_s: float, days_ago: float, pcm: Any = None) -> int:
    from desktop_app.core.settings import load_settings
    from desktop_app.pipeline.answer import analyse_answer

    session = store.create_session("practice")
    answer_id = int(store.create_answer(session, bank.id, question.stage_id, question.id,
                                        audio))
    store.mark_recorded(answer_id, used_s, 0)
    store.save_transcript(answer_id, transcript.to_dict())
    report = analyse_answer(transcript, load_settings(), bank, question, audio=pcm,
                            used_s=used_s)
    store.save_report(answer_id, report)
    with sqlite3.connect(store.path) as conn:  # date it in the past for the trend charts
        conn.execute("UPDATE answers SET started_at = ? WHERE id = ?",
                     (time.time() - days_ago * 86400, answer_id))
    return answer_id


def _sample_transcript(use_model: bool, sample: Path, bank: Any, question: Any) -> Any:
    if use_model:
        from desktop_app.core.settings import load_settings
        from desktop_app.pipeline.answer import transcribe_answer

        return transcribe_answer(sample, load_settings(), bank, question)
    script = re.sub(r"<[^>]+>", " ", (sample.parent / "answer.txt").read_text())
    return _timed(" ".join(script.split()), 150)


def seed_history(use_model: bool) -> int:
    """Fill the data folder; returns the id of the real, analysed sample answer."""
    import shutil

    from desktop_app.core import paths
    from desktop_app.core.audio.audio_decode import audio_duration_s, load_audio
    from desktop_app.core.banks.library import find_bank
    from desktop_app.core.history.store import Store

    bank = find_bank(BANK_ID)
    store = Store()
    for days, stage_index, wpm, text in EARLIER:
        question = bank.stages[stage_index].questions[0]
        tr = _timed(text, wpm)
        _store_answer(store, bank, question, tr, None, tr.duration_s + 20, days)
    sample = paths.resources_dir() / "sample" / "answer.wav"
    audio = paths.ensure_private_dir(paths.recordings_dir() / "demo") / "sample.wav"
    shutil.copyfile(sample, audio)
    question = bank.question(QUESTION_ID)
    transcript = _sample_transcript(use_model, sample, bank, question)
    answer_id = _store_answer(store, bank, question, transcript, audio,
                              audio_duration_s(audio), 0.02, pcm=load_audio(audio))
    store.set_notes(answer_id, "Define helpful and harmful first; provenance and consent; "
                    "red teaming; say what would stop the launch")
    store.close()
    return answer_id


def stage_answering(view: Any, app: Any) -> None:
    """The rehearse page 4:40 into an answer (green zone), recording, words arriving."""
    fake = [5000.0]
    clock = view.model.clock
    # Only the picture: no microphone is opened when the staged clock starts.
    clock.state_changed.disconnect(view.model._on_clock_state)
    clock._clock = lambda: fake[0]
    clock.set_timing(view.model.question.timing)
    clock.start_answer()
    fake[0] += 280.4
    clock.poll()
    view._on_answering(True)
    view.elapsed_label.setText("Recorded 4:40")
    view.level_meter.set_level(0.18, 0.42)
    view.question_card.notes.setPlainText(
        "Define helpful and harmful first\nProvenance and consent · red teaming · stop rule")
    view.live_transcript.setPlainText(
        "Um, so the first thing I would do is get clear on what helpful and harmful mean "
        "for this feature, because the data strategy follows from that. I would start "
        "with provenance. For every source we collect, we record where the data came from, "
        "who consented, and the license, and we keep that lineage attached to each example…")
    _settle(app)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--theme", default="light", choices=("light", "dark"))
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--no-model", action="store_true")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="stagecoach-shots-"))
    os.environ["STAGECOACH_HOME"] = str(home)
    os.umask(0o077)

    from PySide6.QtWidgets import QApplication

    from desktop_app.core.settings import Settings, save_settings
    from desktop_app.ui.icons import app_icon
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.theme import apply_theme

    settings = Settings()
    settings.ui.theme = args.theme
    settings.ui.last_question = QUESTION_ID
    settings.ui.last_stage = None
    save_settings(settings)
    answer_id = seed_history(use_model=not args.no_model)

    app = QApplication(["stagecoach"])
    app.setApplicationName("Stagecoach")
    app.setWindowIcon(app_icon())
    apply_theme(app, args.theme)
    window = MainWindow(settings)
    window.resize(width, height)
    window.show()
    _settle(app, 0.5)
    # Once shown, the window fits itself to the screen, and the offscreen platform's
    # screen is small: the size asked for is set again after that.
    window.resize(width, height)
    _settle(app, 0.3)
    args.outdir.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.theme == "light" else "-dark"

    def shot(name: str) -> None:
        _settle(app)
        path = args.outdir / f"{name}{suffix}.png"
        window.grab().save(str(path))
        print(path)

    rehearse = window.show_page("rehearse")
    shot("rehearse-idle")
    stage_answering(rehearse, app)
    shot("rehearse-answering")
    rehearse._on_answering(False)
    rehearse.model.reset_clock()
    window.banner.dismiss()
    rehearse.choose_question()
    picker = rehearse.picker
    picker.search.setText("data")
    _settle(app, 1.0)  # the tries are counted in the background
    path = args.outdir / f"rehearse-choose-question{suffix}.png"
    picker.grab().save(str(path))
    print(path)
    picker.reject()

    window.open_review(answer_id)
    review = window.page("review")
    # Show the current-word highlight as if playback were at 0:14.
    review.transcript_view.highlight_time(14.0)
    shot("review")

    window.show_page("history")
    shot("history")

    settings_page = window.show_page("settings")
    settings_page.tabs.setCurrentIndex(1)
    _settle(app, 1.5)  # the model list loads in the background
    shot("settings")
    for index in range(settings_page.tabs.count()):
        if index != 1:
            settings_page.tabs.setCurrentIndex(index)
            name = settings_page.tabs.tabText(index).lower().replace(" ", "-")
            shot(f"settings-{name}")

    rehearse = window.show_page("rehearse")
    rehearse.mock_button.setChecked(True)
    shot("rehearse-mock")
    while not rehearse.model.mock_finished():
        rehearse.next_question()
    shot("rehearse-mock-summary")
    window.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
