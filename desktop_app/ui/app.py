"""Start the desktop app: QApplication, theme, icon, the main window, then background work.

Nothing heavy happens before the window is shown: banks load in a few milliseconds, the
audio library, the database and the transcription worker start after the first frame.
Set STAGECOACH_STARTUP_PROBE=1 to print ``window_shown_s=<seconds since process start>``
once the window is exposed and quit (used by ``stagecoach bench``).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence

PROBE_ENV = "STAGECOACH_STARTUP_PROBE"
_IMPORTED_AT = time.time()


def process_age_s() -> float:
    """Seconds since this process started (falls back to since this module loaded)."""
    try:  # Linux: start time in clock ticks since boot, against the precise uptime
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:  # elsewhere psutil knows it (to the second's precision of the boot time)
        import psutil

        return time.time() - float(psutil.Process().create_time())
    except Exception:
        return time.time() - _IMPORTED_AT


def run_app(argv: Sequence[str]) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app import APP_NAME
    from desktop_app.core import fatal_log
    from desktop_app.core.settings import load_settings
    from desktop_app.ui.binding_check import binding_fault, none_refcount_drift
    from desktop_app.ui.icons import app_icon
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.theme import apply_theme

    probe = os.environ.get(PROBE_ENV) == "1" or "--startup-probe" in argv
    app = QApplication.instance() or QApplication([a for a in argv if a != "--startup-probe"])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("stagecoach")
    app.setWindowIcon(app_icon())
    settings = load_settings()
    apply_theme(app, settings.ui.theme)

    window = MainWindow(settings)
    if probe:
        def report_shown() -> None:
            print(f"window_shown_s={process_age_s():.3f}", flush=True)
            print(f"none_refcount_drift={none_refcount_drift()}", flush=True)
            QTimer.singleShot(0, window.close)

        window.first_exposed.connect(report_shown)
    else:
        # A fatal error kills the interpreter before any handler runs: faulthandler
        # leaves its trace, and the next start says so.
        previous_crash = fatal_log.keep_previous_fatal_log()
        fatal_log.enable_fatal_log()

        def warn_of_a_faulty_binding() -> None:
            fault = binding_fault()
            if fault is not None:
                window.context.message.emit("error", fault)
            elif previous_crash is not None:
                window.context.message.emit(
                    "warning", fatal_log.previous_crash_sentence(previous_crash))

        window.first_exposed.connect(window.start_background_work)
        window.first_exposed.connect(warn_of_a_faulty_binding)
    window.restore_geometry()
    window.show()
    code = int(app.exec())
    window.shutdown()
    return code


if __name__ == "__main__":
    raise SystemExit(run_app(sys.argv))
