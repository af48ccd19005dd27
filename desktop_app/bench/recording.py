"""Recording benchmark: long capture with the other core busy → overflows, memory, CPU.

Not a test: ``stagecoach bench --record`` (or ``python -m desktop_app.bench.recording
--seconds 600``) prints the figures. Targets: 0 overflows, RSS growth < 10 MB, recorder
threads < 5 % of one core.

CPU is measured per thread over the same window (after a short warm-up): the writer thread
(ours), PortAudio's callback thread(s) (every thread that is neither ours nor the main
one), and the whole process. The main thread drains the level meter every 100 ms as the
UI would.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from desktop_app.core.audio.recorder import Recorder
from desktop_app.core.errors import UserError

TARGETS = {"overflows": 0, "rss_growth_mb": 10.0, "recorder_cpu_pct": 5.0}


def _thread_times(proc: Any) -> dict[int, float]:
    return {t.id: t.user_time + t.system_time for t in proc.threads()}


def _busy_process() -> subprocess.Popen[bytes]:
    """Keep one core busy in another process (so its CPU is not counted as ours)."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def run_record_bench(seconds: float, load_other_core: bool = True,
                     device: str | int | None = None,
                     capture_rate: int | None = None) -> dict[str, Any]:
    """Record ``seconds`` from ``device`` (default input) and return the figures.

    ``capture_rate`` forces a device rate (e.g. 48000, to measure the resampling path).
    """
    try:
        import psutil
    except ImportError as exc:
        raise UserError("The recording benchmark needs psutil; install it with "
                        "`pip install psutil` and run it again.") from exc
    proc = psutil.Process()
    load = _busy_process() if load_other_core else None
    warmup = min(5.0, max(0.5, seconds / 20))
    try:
        with tempfile.TemporaryDirectory(prefix="stagecoach-bench-") as tmp:
            rec = Recorder(Path(tmp) / "bench.wav", device, capture_rate=capture_rate)
            rss0_process = proc.memory_info().rss
            rec.start()
            time.sleep(warmup)
            rec.levels()
            rss0 = proc.memory_info().rss
            threads0 = _thread_times(proc)
            cpu0 = sum(proc.cpu_times()[:2])
            wall0 = time.monotonic()
            levels = 0
            while time.monotonic() - wall0 < seconds and rec.is_recording:
                time.sleep(0.1)
                levels += len(rec.levels())
            wall = time.monotonic() - wall0
            rss1 = proc.memory_info().rss
            threads1 = _thread_times(proc)
            cpu1 = sum(proc.cpu_times()[:2])
            writer_id = rec._thread.native_id if rec._thread else None
            result = rec.stop()
    finally:
        if load is not None:
            load.kill()
            load.wait()

    main_id = threading.main_thread().native_id
    delta = {tid: t - threads0.get(tid, 0.0) for tid, t in threads1.items()}
    writer_s = delta.get(writer_id, 0.0) if writer_id is not None else 0.0
    callback_s = sum(v for tid, v in delta.items() if tid not in (main_id, writer_id))

    def pct(cpu_s: float) -> float:
        return round(100.0 * cpu_s / wall, 3) if wall > 0 else 0.0

    figures: dict[str, Any] = {
        "seconds": round(wall, 1),
        "recorded_s": round(result.duration_s, 2),
        "device": result.device,
        "capture_rate": result.capture_rate,
        "load_other_core": load_other_core,
        "overflows": result.overflows,
        "stopped_reason": result.stopped_reason,
        "level_blocks": levels,
        "rss_before_start_mb": round(rss0_process / 2**20, 2),
        "rss_after_warmup_mb": round(rss0 / 2**20, 2),
        "rss_end_mb": round(rss1 / 2**20, 2),
        "rss_growth_mb": round((rss1 - rss0) / 2**20, 2),
        "writer_cpu_pct": pct(writer_s),
        "callback_cpu_pct": pct(callback_s),
        "recorder_cpu_pct": pct(writer_s + callback_s),
        "process_cpu_pct": pct(cpu1 - cpu0),
        "writer_thread_time_s": round(rec.writer_cpu_s, 3),
    }
    figures["targets_met"] = (
        figures["overflows"] <= TARGETS["overflows"]
        and figures["rss_growth_mb"] < TARGETS["rss_growth_mb"]
        and figures["recorder_cpu_pct"] < TARGETS["recorder_cpu_pct"]
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--device", default=None)
    parser.add_argument("--capture-rate", type=int, default=None,
                        help="force the device rate (default: 16 kHz when accepted)")
    parser.add_argument("--no-load", action="store_true", help="leave the other core idle")
    args = parser.parse_args(argv)
    try:
        figures = run_record_bench(args.seconds, not args.no_load, args.device,
                                   args.capture_rate)
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
