"""How quickly and at what cost the interviewer speaks: ``stagecoach bench`` runs this in a
process of its own (``python -m desktop_app.bench.voice``), so the memory it reports is
the voice's alone.

Measured: loading the voice; the first audio of a question (from asking to the output
stream playing) with a cold cache and again from the cache; the memory the voice adds
(RSS); and how long a thread that ticks every 10 ms (a UI thread's timers) is held up
while a question is synthesised on another thread.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

TICK_S = 0.01


def _rss_mb() -> float | None:
    try:
        import psutil
    except ImportError:
        return None
    return float(psutil.Process().memory_info().rss) / 1e6


def bench_questions() -> list[str]:
    """The first question of each stage of the shipped default bank."""
    from desktop_app.core.banks.library import load_bank
    from desktop_app.core.paths import shipped_banks_dir

    bank = load_bank(shipped_banks_dir() / "ai-lab-data-pm.toml")
    return [stage.questions[0].prompt for stage in bank.stages if stage.questions]


def _first_audio_s(voice: Any, text: str) -> tuple[float, bool, float]:
    """Seconds from asking for ``text`` to its stream playing, as the app does it: its
    first part made (or found in the cache) and played; False when nothing could play (no
    output device: then the time is to the audio being ready); and the CPU seconds it took
    (all threads), which other work on the machine does not inflate."""
    from desktop_app.core.audio.player import Player
    from desktop_app.core.errors import UserError
    from desktop_app.voice.speech import speaking_parts

    started, cpu = time.perf_counter(), time.process_time()
    path = voice.wav_for(speaking_parts(text)[0])
    player = Player(open_wait_s=1.0)
    try:
        player.load(path)
        player.play()
        played = True
    except UserError:
        played = False
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    player.stop()
    return elapsed, played, cpu


def _ui_stall_ms(voice: Any, text: str) -> dict[str, float]:
    """The longest and 99th-percentile gap between 10 ms ticks of this thread while
    another thread synthesises ``text``."""
    done = threading.Event()

    def synthesise() -> None:
        voice.wav_for(text)
        done.set()

    worker = threading.Thread(target=synthesise, daemon=True)
    gaps: list[float] = []
    last = time.perf_counter()
    worker.start()
    while not done.is_set():
        time.sleep(TICK_S)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    worker.join()
    gaps.sort()
    return {"tick_ms": TICK_S * 1000, "max_gap_ms": round(gaps[-1] * 1000, 1),
            "p99_gap_ms": round(gaps[int(len(gaps) * 0.99)] * 1000, 1)}


def run_voice_bench() -> dict[str, Any]:
    from desktop_app.voice.cache import SpeechCache
    from desktop_app.voice.speech import Voice

    questions = bench_questions()
    rss_before = _rss_mb()
    with tempfile.TemporaryDirectory() as folder:
        voice = Voice(cache=SpeechCache(Path(folder)))
        started = time.perf_counter()
        voice.warm_up()
        load_s = time.perf_counter() - started
        rss_loaded = _rss_mb()
        cold = [_first_audio_s(voice, q) for q in questions]
        warm = [_first_audio_s(voice, q) for q in questions]
        rss_after = _rss_mb()
        stall = _ui_stall_ms(voice, questions[0] + " Take your time.")
    result: dict[str, Any] = {
        "voice": voice.name,
        "questions": len(questions),
        "load_s": round(load_s, 3),
        "first_audio_uncached_s": {"median": round(statistics.median(t for t, _, _ in cold), 3),
                                   "max": round(max(t for t, _, _ in cold), 3), "limit": 1.0,
                                   "cpu_median": round(statistics.median(c for _, _, c in cold),
                                                       3)},
        "first_audio_cached_s": {"median": round(statistics.median(t for t, _, _ in warm), 3),
                                 "max": round(max(t for t, _, _ in warm), 3), "limit": 0.3},
        "played_on_a_device": all(p for _, p, _ in cold + warm),
        "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg")
        else None,
        "ui_thread_while_synthesising": stall,
    }
    if rss_before is not None and rss_loaded is not None and rss_after is not None:
        result["rss_mb"] = {"before": round(rss_before), "voice_loaded": round(rss_loaded),
                            "after_speaking": round(rss_after),
                            "added": round(rss_after - rss_before)}
    return result


def keep_speaking(stop: threading.Event, texts: list[str]) -> int:
    """Synthesise ``texts`` over and over (a fresh cache, so every one is made) until
    ``stop``: the voice at its busiest, to run beside live transcription. How many made."""
    from desktop_app.voice.cache import SpeechCache
    from desktop_app.voice.speech import Voice

    made = 0
    with tempfile.TemporaryDirectory() as folder:
        while not stop.is_set():
            voice = Voice(cache=SpeechCache(Path(folder) / str(made)))
            for text in texts:
                if stop.is_set():
                    break
                voice.wav_for(text)
                made += 1
    return made


if __name__ == "__main__":
    print(json.dumps(run_voice_bench()))
