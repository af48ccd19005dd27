"""`stagecoach bench`: measure transcription, live pipeline and start-up speed"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "bench", help="measure transcription, live pipeline and start-up speed",
        description="Transcribe the shipped sample answer (or --audio) with every installed "
        "engine and model, run the live pipeline at real-time pace, and time the app's start.",
    )
    p.add_argument("--format", choices=("json", "text"), default="text")
    p.add_argument("-o", "--output", metavar="FILE", default=None)
    p.add_argument("--audio", metavar="FILE", default=None,
                   help="audio to use instead of the shipped sample answer")
    p.add_argument("--engines", nargs="+", default=None, metavar="ENGINE",
                   choices=("faster-whisper", "openai-whisper"))
    p.add_argument("--models", nargs="+", default=None, metavar="MODEL")
    p.add_argument("--record", type=float, default=None, metavar="SECONDS",
                   help="also benchmark recording from the default microphone")
    p.add_argument("--no-live", action="store_true", help="skip the live pipeline")
    p.add_argument("--live-long", type=float, default=None, metavar="SECONDS",
                   help="also run the live pipeline on an answer this long (the sample "
                   "repeated), at real-time pace: --live-long 600 takes ten minutes")
    p.add_argument("--no-startup", action="store_true", help="skip the start-up timing")
    p.add_argument("--no-voice", action="store_true",
                   help="skip the interviewer's voice (first audio, memory, and the live "
                   "pipeline run again while the voice synthesises)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop_app.bench.transcription import format_text, run_bench
    from desktop_app.core import paths
    from desktop_app.transcription.service import check_audio_path

    audio = Path(args.audio).expanduser() if args.audio else None
    if audio is not None:
        check_audio_path(audio)
    result = run_bench(audio, args.engines, args.models, record_s=args.record,
                       live=not args.no_live, startup=not args.no_startup,
                       live_long_s=args.live_long,
                       log=lambda msg: print(msg, file=sys.stderr, flush=True))
    if not args.no_voice:
        result.update(_bench_voice(audio, live=not args.no_live))
    text = (json.dumps(result, indent=2) + "\n" if args.format == "json"
            else format_text(result) + _voice_text(result))
    if args.output:
        paths.write_private_text(Path(args.output).expanduser(), text)
    else:
        sys.stdout.write(text)
    return 0


def _bench_voice(audio: Path | None, live: bool) -> dict[str, Any]:
    """The voice measured in a process of its own (its memory alone), then the live
    pipeline run again while the voice synthesises questions without a break."""
    import subprocess
    import threading

    from desktop_app.bench.transcription import bench_live, sample_audio_path
    from desktop_app.bench.voice import bench_questions, keep_speaking

    print("interviewer's voice ...", file=sys.stderr, flush=True)
    proc = subprocess.run([sys.executable, "-m", "desktop_app.bench.voice"],
                          capture_output=True, text=True, timeout=300)
    lines = proc.stdout.strip().splitlines()
    out: dict[str, Any] = {"voice": json.loads(lines[-1]) if proc.returncode == 0 and lines
                           else {"note": (proc.stderr.strip().splitlines() or ["failed"])[-1]}}
    if live:
        print("live pipeline at real-time pace while the voice synthesises ...",
              file=sys.stderr, flush=True)
        stop = threading.Event()
        made: list[int] = []
        speaker = threading.Thread(target=lambda: made.append(
            keep_speaking(stop, bench_questions())), daemon=True)
        speaker.start()
        try:
            out["live_with_voice"] = bench_live(audio or sample_audio_path(), compare=True)
        finally:
            stop.set()
            speaker.join(60)
        out["live_with_voice"]["questions_synthesised"] = made[0] if made else None
    return out


def _voice_text(result: dict[str, Any]) -> str:
    voice = result.get("voice") or {}
    if "first_audio_cached_s" not in voice:
        return f"voice: {voice.get('note', 'not measured')}\n" if voice else ""
    cold, warm = voice["first_audio_uncached_s"], voice["first_audio_cached_s"]
    stall = voice["ui_thread_while_synthesising"]
    rows = [f"voice {voice['voice']}: load {voice['load_s']:.2f} s; first audio uncached "
            f"median {cold['median']:.2f} s, max {cold['max']:.2f} s (limit {cold['limit']}); "
            f"cached median {warm['median']:.3f} s, max {warm['max']:.3f} s (limit "
            f"{warm['limit']})",
            f"voice: a 10 ms UI tick waited at most {stall['max_gap_ms']:.0f} ms "
            f"(p99 {stall['p99_gap_ms']:.0f} ms) while a question was synthesised"]
    if voice.get("rss_mb"):
        rows.append(f"voice memory: {voice['rss_mb']['added']} MB added (RSS)")
    both = result.get("live_with_voice")
    if both:
        alone = result.get("live") or {}
        rows.append(f"live while the voice synthesised {both.get('questions_synthesised')} "
                    f"questions: stop to report {both['stop_to_report_s']:.2f} s (alone "
                    f"{alone.get('stop_to_report_s', float('nan')):.2f} s), "
                    f"{both.get('agreement_with_whole_file', 0):.1%} of words as in a "
                    "whole-file pass")
    return "\n".join(rows) + "\n"
