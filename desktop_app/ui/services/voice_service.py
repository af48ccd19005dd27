"""The interviewer speaks: ``speak(text, on_done)`` for any code on the UI thread.

Synthesis (or the cache lookup) runs on a background thread (``run_in_background``):
onnxruntime releases the GIL while the model runs: a 10 ms timer beside a synthesis ran under
35 ms apart at the 99th percentile on the busy 2-core test machine (``stagecoach bench``),
so no child process is needed. Playback goes through the core Player, the same output path as
Review's Play button. ``on_done`` is called exactly once per ``speak``, whether the text
was heard to the end, cut short (``stop``), or could not be spoken, so a caller can
always carry on (the prep countdown starts from it).

A voice that cannot load says why once (``unavailable``) and the app carries on silently.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.core.audio.player import Player
from desktop_app.core.errors import UserError
from desktop_app.core.settings import Settings, VoiceSettings
from desktop_app.ui.services.background import run_in_background
from desktop_app.voice.engine import VoiceUnavailable
from desktop_app.voice.speech import Voice, speaking_parts

log = logging.getLogger(__name__)

POLL_MS = 40
# The stream opens on the UI thread: a sound server that does not answer costs this at
# most (as for the chime), and the question is then shown silently.
OPEN_WAIT_S = 1.0

# A question synthesises in about a second: longer than this means something is stuck.
SHUTDOWN_WAIT_S = 10.0

Done = Callable[[], None]


class VoiceService(QObject):
    speaking_changed = Signal(bool)
    unavailable = Signal(str)  # the one sentence, the first time the voice cannot speak

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.error: str | None = None
        self.spoken = 0  # texts heard to the end or cut short (tests read it)
        self.last_text = ""
        self.first_audio_s: float | None = None  # speak() to the stream playing, last time
        self._voice: Voice | None = None
        self._player = Player(open_wait_s=OPEN_WAIT_S)
        self._token = 0
        self._on_done: Done | None = None
        self._asked_at = 0.0
        self._jobs: list[threading.Thread] = []
        self._to_make: list[str] = []  # parts of the text being spoken not yet asked for
        self._made: list[Path] = []  # parts made and not yet played
        self._making = False  # a part is being made
        self._prepared = 0  # the latest prepare; older ones stop where they are
        self._poller = QTimer(self)
        self._poller.setInterval(POLL_MS)
        self._poller.timeout.connect(self._poll)

    # -- the voice -------------------------------------------------------------------
    @property
    def settings(self) -> VoiceSettings:
        """Read at every use: a change in Settings applies to the next text spoken."""
        return self._settings.voice

    def voice(self) -> Voice:
        """The voice named in Settings (a new one when the choice changed)."""
        if self._voice is None or self._voice.name != self.settings.name:
            self._voice = Voice(self.settings.name)
            self.error = None
        return self._voice

    @property
    def active(self) -> bool:
        """On, and no reason known why the voice chosen now cannot speak."""
        if not self.settings.enabled:
            return False
        self.voice()  # another voice chosen since the last failure gets its own chance
        return self.error is None

    def warm_up(self) -> None:
        """Load the model in the background now, so the first question speaks sooner."""
        if not self.settings.enabled:
            return
        voice = self.voice()
        self._track(run_in_background(voice.warm_up, None, self._cannot_speak,
                                      name="voice-warm-up"))

    def prepare(self, *texts: str) -> None:
        """Make the texts' audio now, in the background, in order, without playing it: a
        question (and the one after it) is prepared when it is shown, so Start reads it from
        the cache. A newer ``prepare`` makes an older one that has not started moot."""
        parts = [p for text in texts for p in speaking_parts(text)]
        if not self.active or not parts:
            return
        self._prepared += 1
        generation = self._prepared
        voice, speed = self.voice(), self.settings.speed
        self._track(run_in_background(
            lambda: voice.prepare(parts, speed, lambda: generation == self._prepared), None,
            self._cannot_speak, name="voice-prepare"))

    # -- speaking --------------------------------------------------------------------
    @property
    def is_speaking(self) -> bool:
        return self._on_done is not None

    def speak(self, text: str, on_done: Done | None = None) -> bool:
        """Read ``text`` aloud; False (and ``on_done`` soon after) when the voice is off or
        cannot speak. Speaking again cuts the current text short first.

        The text is made in parts (``speaking_parts``): the first plays while the next is
        synthesised, so an uncached question starts after its first clause is made."""
        self.stop()
        done = on_done or (lambda: None)
        if not self.active or not text.strip():
            QTimer.singleShot(0, done)
            return False
        self._token += 1
        self._on_done = done
        self._asked_at = time.monotonic()
        self.first_audio_s = None
        self.last_text = text
        self._to_make = speaking_parts(text)
        self._made = []
        self.speaking_changed.emit(True)
        self._make_next(self._token)
        return True

    def stop(self) -> None:
        """Cut the current text short (Esc, Skip, a new question); ``on_done`` follows."""
        if self._on_done is None:
            return
        self._token += 1  # a synthesis still running is dropped when it comes back
        self._player.stop()
        self._finish()

    def _make_next(self, token: int) -> None:
        """Synthesise (or find in the cache) the next part, in the background."""
        if not self._to_make:
            return
        text = self._to_make.pop(0)
        self._making = True
        voice, speed = self.voice(), self.settings.speed
        self._track(run_in_background(lambda: voice.wav_for(text, speed),
                                      lambda path: self._part_made(token, path),
                                      lambda message: self._failed(token, message),
                                      name="voice-speak"))

    def _part_made(self, token: int, path: Path) -> None:
        if token != self._token:
            return
        self._making = False
        self._made.append(path)
        self._make_next(token)
        if self._player.state != "playing":
            self._play_next()

    def _play_next(self) -> None:
        """Play the next part made; finish when none is left or on its way."""
        if not self._made:
            if not self._making:
                self._finish()
            return  # the next part is still being made: the poller waits for it
        path = self._made.pop(0)
        try:
            self._player.load(path, gain=max(0.0, min(1.0, self.settings.volume)))
            self._player.play()
        except UserError as exc:  # no speakers, or the server refused: silently on
            log.info("question not read aloud: %s", exc.message)
            self._finish()
            return
        if self.first_audio_s is None:
            self.first_audio_s = time.monotonic() - self._asked_at
        self._poller.start()

    def _poll(self) -> None:
        self._player.poll()
        if self._player.state != "playing":
            self._play_next()

    def _failed(self, token: int, message: str) -> None:
        if token == self._token:
            self._cannot_speak(message)
            self._finish()

    def _cannot_speak(self, message: str) -> None:
        if self.error is None:
            self.error = message
            self.unavailable.emit(message)

    def _finish(self) -> None:
        self._poller.stop()
        self._to_make, self._made, self._making = [], [], False
        done, self._on_done = self._on_done, None
        if done is None:
            return
        self.spoken += 1
        self.speaking_changed.emit(False)
        done()

    def _track(self, thread: threading.Thread) -> None:
        self._jobs = [t for t in self._jobs if t.is_alive()]
        self._jobs.append(thread)

    def shutdown(self) -> None:
        """Stop speaking and let a synthesis under way finish: the interpreter must not
        exit while onnxruntime runs on a daemon thread (it aborts the process)."""
        self.stop()
        self._player.close()
        for thread in self._jobs:
            thread.join(SHUTDOWN_WAIT_S)
        self._jobs = []


__all__ = ["VoiceService", "VoiceUnavailable"]
