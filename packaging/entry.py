"""Entry script of the frozen (PyInstaller) Stagecoach.

The transcription worker is a multiprocessing child started with "spawn": in a frozen
program the child re-runs this executable, and freeze_support() is what turns that run
into the worker instead of a second copy of the app. It must come before anything else.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()

    from desktop_app.cli import main

    sys.exit(main())
