"""The Qt binding must not leak references to ``None`` (PySide6 6.12.0 on CPython 3.11 did:
the app aborted after about 74 s of answering with "Fatal Python error: none_dealloc").

The calls run in a child process: on a leaking build the interpreter aborts part-way, and
the test reports how far it got instead of taking the whole test run down with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from desktop_app.ui.binding_check import binding_fault, none_refcount_drift

# Every kind of void call the answering screen makes many times a second: setting text,
# scheduling and forcing repaints, a progress value, a signal delivered to a Python slot.
CHILD = r"""
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar

app = QApplication([])

class Ticker(QObject):
    tick = Signal(float)

label, bar, ticker = QLabel(), QProgressBar(), Ticker()
seen = []
ticker.tick.connect(seen.append)
label.resize(200, 40)
print("start", sys.getrefcount(None), flush=True)
for batch in range(BATCHES):
    for i in range(1000):
        label.setText(str(i))
        label.update()
        bar.setValue(i % 100)
        ticker.tick.emit(float(i))
    label.repaint()
    seen.clear()
    print("batch", batch, sys.getrefcount(None), flush=True)
"""

BATCHES = 30  # 30,000 rounds of four void calls: six times what a leaking build survives


def test_none_keeps_its_reference_count_over_a_hundred_thousand_void_calls() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", CHILD.replace("BATCHES", str(BATCHES))],
                          env=env, capture_output=True, text=True, timeout=300)
    lines = [line.split() for line in proc.stdout.splitlines()]
    counts = [int(parts[-1]) for parts in lines]
    done = sum(1 for parts in lines if parts[0] == "batch")
    assert proc.returncode == 0 and done == BATCHES, (
        f"the interpreter stopped after {done} of {BATCHES} batches "
        f"(exit {proc.returncode}): {proc.stderr.strip().splitlines()[-1:]}")
    # Ordinary churn moves the count by a few dozen at most; the fault moved it by 4,000
    # per batch.
    assert max(counts) - min(counts) < 200, counts


def test_the_in_app_check_finds_no_fault_in_this_binding(qapp: Any) -> None:
    drift = none_refcount_drift(5_000)
    assert abs(drift) < 100, drift
    assert binding_fault() is None
