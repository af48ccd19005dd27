"""Keep what C libraries print on the process's stderr out of the user's terminal.

libsndfile's MP3 decoder (libmpg123) writes notes such as "Note: Illegal Audio-MPEG-Header"
straight to file descriptor 2 when it meets damaged or non-MP3 data, where the command
line promises one plain sentence. While a block runs under ``captured()``, descriptor 2
points at a temporary file; what was written there goes to the debug log afterwards.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from typing import IO

log = logging.getLogger(__name__)

# One capture at a time: two overlapping ones would each restore the other's descriptor,
# and stderr could end up pointing at a deleted temporary file.
_LOCK = threading.Lock()
_MAX_LOGGED = 2000


def _open_capture() -> tuple[int, IO[bytes]] | None:
    """(a copy of descriptor 2, the file to capture into), or None when there is no way."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all (a windowed app on Windows)
        return None
    try:
        return saved, tempfile.TemporaryFile()  # captured() closes it
    except OSError:  # no usable temporary folder: the notes stay on stderr
        os.close(saved)
        return None


@contextlib.contextmanager
def captured(what: str) -> Iterator[None]:
    """Run the block with descriptor 2 captured; ``what`` names the source in the log."""
    with _LOCK:
        opened = _open_capture()
        if opened is None:
            yield
            return
        saved, sink = opened
        with sink:
            if sys.stderr is not None:
                sys.stderr.flush()  # Python's own pending output goes out first
            os.dup2(sink.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
                os.close(saved)
                sink.seek(0)
                text = sink.read(_MAX_LOGGED).decode("utf-8", "replace").strip()
                if text:
                    log.debug("%s wrote on stderr: %s", what, text)
