"""The measurements behind `stagecoach bench` (runs in the app process; models in workers).

- cases: per engine and model, load_s and transcribe_s measured inside the worker
  (after a short warm-up pass, so one-off JIT compilation is not counted), rtf, and the
  worker's peak resident memory.
- live: the sample fed to LiveTranscriber at real-time pace from the file (50 ms blocks,
  as the recorder delivers them) → seconds from Stop to the finished report.
- startup: `python -m desktop_app` offscreen until the main window is exposed.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from desktop_app.core import paths
from desktop_app.core.audio.audio_decode import WHISPER_RATE, load_audio
from desktop_app.core.errors import UserError
from desktop_app.core.transcript import Transcript
from desktop_app.transcription.compare import script_words, transcript_words, word_error_rate
from desktop_app.transcription.models import list_installed_models
from desktop_app.transcription.options import TranscribeOptions
from desktop_app.transcription.worker import TranscriptionWorker

SAMPLE_QUESTION = "cs-helpful-vs-harmful"
BLOCK_S = 0.05
REPEAT_GAP_S = 1.5  # the pause between two takes of the sample in a long answer
PROBE_ENV = "STAGECOACH_STARTUP_PROBE"


def sample_audio_path() -> Path:
    return paths.resources_dir() / "sample" / "answer.wav"


def installed_engines() -> list[str]:
    found = []
    if importlib.util.find_spec("faster_whisper") is not None:
        found.append("faster-whisper")
    if all(importlib.util.find_spec(m) is not None for m in ("whisper", "torch")):
        found.append("openai-whisper")
    return found


def _models_for(engine: str) -> list[str]:
    return [m.name for m in list_installed_models() if engine in m.engines and m.verified
            is not False]


def bench_case(audio_path: Path, audio_s: float, engine: str, model: str) -> dict[str, Any]:
    options = TranscribeOptions(engine=engine, model=model)
    warmup = load_audio(audio_path)[: 5 * WHISPER_RATE]
    with TranscriptionWorker() as worker:
        loaded = worker.wait(worker.preload(options))
        worker.transcribe(warmup, options)
        final = worker.wait(worker.submit(audio_path, options))
        rss = worker.peak_rss_mb()
    transcript = Transcript.from_dict(final.transcript)
    result = {
        "engine": engine,
        "model": model,
        "compute_type": "float32" if engine == "openai-whisper" else options.compute_type,
        "audio_s": round(audio_s, 2),
        "load_s": round(loaded.load_s, 3),
        "transcribe_s": round(final.transcribe_s, 3),
        "rtf": round(final.transcribe_s / audio_s, 4),
        "peak_rss_mb": round(rss, 1) if rss is not None else None,
        "words": len(transcript.words),
    }
    script = audio_path.with_suffix(".txt")
    if script.is_file():  # the words that were read: how many the engine got wrong
        result["wer_vs_script"] = round(word_error_rate(script_words(script),
                                                        transcript_words(transcript)), 3)
    return result


def _analysis_target() -> tuple[Any, Any, Any] | None:
    """(bank, question, settings) for the sample's question (None: its bank is missing)."""
    try:
        from desktop_app.core.banks.library import find_question
        from desktop_app.core.settings import load_settings

        settings = load_settings()
        bank, question = find_question(SAMPLE_QUESTION, settings, None)
        return bank, question, settings
    except (ImportError, UserError):
        return None


def repeated(audio: npt.NDArray[np.float32], at_least_s: float,
             gap_s: float = REPEAT_GAP_S) -> npt.NDArray[np.float32]:
    """``audio`` said again and again, a pause between, until it lasts ``at_least_s``."""
    gap = np.zeros(int(gap_s * WHISPER_RATE), dtype=np.float32)
    parts = [audio]
    total = len(audio)
    while total < at_least_s * WHISPER_RATE:
        parts += [gap, audio]
        total += len(gap) + len(audio)
    return np.concatenate(parts) if len(parts) > 1 else audio


def bench_live(audio_path: Path, realtime: bool = True, at_least_s: float | None = None,
               compare: bool = False) -> dict[str, Any]:
    """Feed the file at real-time pace; time from the last block (Stop) to the report.

    ``at_least_s``: a long answer made of the file repeated (a 10-minute answer from the
    85 s sample). ``compare``: also transcribe the whole recording in one pass and report
    how many of its words the live transcript has at the same time (±0.3 s).
    """
    from desktop_app.core.analysis.acoustics import FrameAnalyser
    from desktop_app.transcription.live import LiveTranscriber

    audio = load_audio(audio_path)
    if at_least_s:
        audio = repeated(audio, at_least_s)
    target = _analysis_target()
    options = TranscribeOptions()
    if target is not None:
        from desktop_app.pipeline.answer import transcribe_options

        bank, question, settings = target
        options = transcribe_options(settings, bank, question)
    block = int(BLOCK_S * WHISPER_RATE)
    with TranscriptionWorker() as worker:
        worker.wait(worker.preload(options))
        live = LiveTranscriber(worker, options)
        frame_analysis = FrameAnalyser()  # as the app does: frames measured while recording
        started = time.monotonic()
        for i, at in enumerate(range(0, len(audio), block)):
            live.feed(audio[at : at + block])
            frame_analysis.feed(audio[at : at + block])
            if realtime:
                delay = started + (i + 1) * BLOCK_S - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
        stop = time.perf_counter()
        transcript = live.finish()
        transcript_s = time.perf_counter() - stop
        analysed = False
        if target is not None:
            from desktop_app.pipeline.answer import analyse_answer

            bank, question, settings = target
            # As the app at Stop: the frames for the pauses, the samples for the pitch.
            analyse_answer(transcript, settings, bank, question,
                           frames=frame_analysis.frames(), audio=audio,
                           used_s=len(audio) / WHISPER_RATE).to_dict()
            analysed = True
        stop_to_report = time.perf_counter() - stop
        result: dict[str, Any] = {
            "audio_s": round(len(audio) / WHISPER_RATE, 2),
            "stop_to_report_s": round(stop_to_report, 3),
            "stop_to_transcript_s": round(transcript_s, 3),
            "includes_analysis": analysed,
            "source": ("file at real-time pace" if realtime else "file at full speed")
            + (", repeated" if at_least_s else ""),
            "chunks": live.chunk_count,
            "words": len(transcript.words),
        }
        if compare:
            from desktop_app.transcription.compare import agreement

            whole = worker.transcribe(audio, options.with_changes(cpu_threads=os.cpu_count()
                                                                  or 1))
            result["agreement_with_whole_file"] = round(agreement(whole, transcript), 3)
    return result


def bench_startup(timeout: float = 60.0) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{PROBE_ENV: "1"})
    started = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", "desktop_app"], env=env, timeout=timeout,
                              capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        return {"window_s": None, "note": f"no window within {timeout:.0f} s"}
    wall = time.perf_counter() - started
    for line in proc.stdout.splitlines():
        if line.startswith("window_shown_s="):
            return {"window_s": round(float(line.split("=", 1)[1]), 3),
                    "process_wall_s": round(wall, 3)}
    return {"window_s": None, "note": f"the app did not report its window (exit "
                                      f"{proc.returncode})"}


def bench_analysis() -> dict[str, Any]:
    from desktop_app.bench.analysis import bench_analysis as run

    return dict(run())


def run_bench(audio: Path | None, engines: list[str] | None, models: list[str] | None,
              record_s: float | None = None, live: bool = True, startup: bool = True,
              log: Any = None, live_long_s: float | None = None) -> dict[str, Any]:
    audio_path = audio or sample_audio_path()
    samples = load_audio(audio_path)  # bad files fail here, before any worker starts
    audio_s = len(samples) / WHISPER_RATE
    say = log or (lambda _msg: None)
    result: dict[str, Any] = {"audio": str(audio_path), "cpu_count": os.cpu_count(),
                              "cases": []}
    for engine in engines or installed_engines():
        for model in models or _models_for(engine):
            say(f"transcribing with {engine} {model} ...")
            result["cases"].append(bench_case(audio_path, audio_s, engine, model))
    result["comparison"] = _compare(result["cases"])
    if live:
        say(f"live pipeline at real-time pace ({audio_s:.0f} s) ...")
        result["live"] = bench_live(audio_path, compare=True)
        if live_long_s:
            say(f"live pipeline, a {live_long_s:.0f} s answer at real-time pace ...")
            result["live_long"] = bench_live(audio_path, at_least_s=live_long_s, compare=True)
    else:
        result["live"] = {"audio_s": round(audio_s, 2), "stop_to_report_s": None}
    if startup:
        say("app start-up ...")
        result["startup"] = bench_startup()
    else:
        result["startup"] = {"window_s": None}
    result["analysis"] = bench_analysis()
    from desktop_app.bench.practice import bench_plan

    say("practice plan over 1,000 answers ...")
    result["plan"] = bench_plan()
    if record_s:
        from desktop_app.bench.recording import run_record_bench

        say(f"recording {record_s:.0f} s ...")
        result["record"] = run_record_bench(record_s)
    return result


def _compare(cases: list[dict[str, Any]]) -> dict[str, Any]:
    default = [c for c in cases if c["engine"] == "faster-whisper" and c["model"] == "tiny.en"]
    ref = [c for c in cases if c["engine"] == "openai-whisper" and c["model"] == "tiny.en"]
    if not default or not ref or not ref[0]["rtf"]:
        return {}
    ratio = default[0]["rtf"] / ref[0]["rtf"]
    return {"default_over_reference_rtf": round(ratio, 3), "limit": 0.5,
            "within_limit": bool(ratio <= 0.5)}


def format_text(result: dict[str, Any]) -> str:
    rows = ["engine          model     compute   audio_s  load_s  transcribe_s  rtf     "
            "peak_rss_mb  wer"]
    for c in result["cases"]:
        wer = c.get("wer_vs_script")
        rows.append(f"{c['engine']:<15} {c['model']:<9} {c['compute_type']:<9} "
                    f"{c['audio_s']:>7.1f} {c['load_s']:>7.2f} {c['transcribe_s']:>13.2f} "
                    f"{c['rtf']:>7.3f} {c['peak_rss_mb'] or float('nan'):>11.0f}"
                    + (f"  {wer:.3f}" if wer is not None else ""))
    comp = result.get("comparison") or {}
    if comp:
        rows.append(f"default/reference RTF: {comp['default_over_reference_rtf']:.2f} "
                    f"(limit {comp['limit']})")
    for key in ("live", "live_long"):
        live = result.get(key) or {}
        if live.get("stop_to_report_s") is not None:
            agree = live.get("agreement_with_whole_file")
            rows.append(f"live ({live.get('source')}, {live['audio_s']:.0f} s): stop to report "
                        f"{live['stop_to_report_s']:.2f} s"
                        + (f", {agree:.1%} of words as in a whole-file pass"
                           if agree is not None else ""))
    window = (result.get("startup") or {}).get("window_s")
    rows.append(f"start-up to window: {window:.2f} s" if window is not None
                else "start-up to window: not measured")
    if result.get("analysis"):
        a = result["analysis"]
        rows.append(f"analysis of a 10-minute answer: {a.get('analysis_ms')} ms (text), "
                    f"{a.get('analysis_with_audio_ms')} ms (with its audio), "
                    f"{a.get('analysis_after_recording_ms')} ms (at Stop, frames measured "
                    "while recording, samples read back for the pitch)")
        if a.get("style_text_ms") is not None:
            rows.append(f"hedges, repetition and structure of it: {a['style_text_ms']} ms "
                        f"(budget {a['style_text_budget_ms']:.0f} ms); pitch "
                        f"{a['pitch_ms']} ms and loudness {a['loudness_ms']} ms (budget "
                        f"{a['delivery_budget_ms']:.0f} ms together)")
    if result.get("plan"):
        p = result["plan"]
        rows.append(f"practice plan over {p['answers']:,} answers: {p['plan_ms']} ms "
                    f"(budget {p['budget_ms']:.0f} ms)")
    if result.get("record"):
        rows.append(f"recording: {result['record']}")
    return "\n".join(rows) + "\n"
