"""Playback of an answer's WAV for the Review page: Qt signals over the core player.

The audio work (reading the file, the PortAudio stream, the position) is
``desktop_app.core.audio.player``; this only turns it into signals. A ~30 Hz timer runs while
playing: it emits the position (the transcript follows the word being heard) and notices
the end of the file or a lost device.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.core.audio import devices
from desktop_app.core.audio.player import Player
from desktop_app.core.errors import UserError

NO_OUTPUT = devices.NO_OUTPUT  # not "the transcript is still here": it may not be yet
TICK_MS = 33


class Playback(QObject):
    position_changed = Signal(float)  # seconds
    playing_changed = Signal(bool)
    duration_changed = Signal(float)
    unavailable = Signal(str)  # one plain sentence: playing cannot work (no output, bad file)
    interrupted = Signal(str)  # one plain sentence: this play failed, pressing Play may work

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player = Player()
        self._path: Path | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._was_playing = False
        self.available_reason: str | None = None

    def check_output(self) -> str | None:
        """None when playback can work, else the sentence to show."""
        try:
            devices.default_output_device()
        except devices.NoOutputDevice:
            self.available_reason = NO_OUTPUT
        except UserError as exc:  # PortAudio itself is missing
            self.available_reason = exc.message
        else:
            self.available_reason = None
        return self.available_reason

    def load(self, path: Path | None) -> None:
        self.stop()
        self._path = path
        self.available_reason = None
        if path is None:
            return
        if not path.exists():
            # Not "the transcript and report are still here": an answer may have neither.
            self._fail(f"The recording {path.name} is missing, so it cannot be played.")
            return
        if self.check_output() is not None:
            self._show_length(path)  # the time line still says how long the answer is
            self._fail(self.available_reason or NO_OUTPUT)
            return
        self._load_file(path)

    def _show_length(self, path: Path) -> None:
        from desktop_app.core.audio.audio_decode import audio_duration_s

        try:
            duration = audio_duration_s(path)
        except UserError:
            return  # a damaged file: the sentence from loading it later says so
        self.duration_changed.emit(duration)
        self.position_changed.emit(0.0)

    def _load_file(self, path: Path) -> bool:
        try:
            duration = self._player.load(path)
        except UserError as exc:
            self._fail(exc.message)
            return False
        self.duration_changed.emit(duration)
        self.position_changed.emit(0.0)
        return True

    @property
    def is_playing(self) -> bool:
        return self._player.is_playing

    def position_s(self) -> float:
        return self._player.position_s()

    def toggle(self) -> None:
        if self.is_playing:
            self._player.pause()
            self._after_command()
        else:
            self.play()

    def play(self) -> None:
        if self._path is None:
            return
        if not self._player.loaded and not self._ready():
            return
        if self._command(self._player.play):
            self._after_command()

    def seek(self, seconds: float, play: bool = True) -> None:
        if not self._player.loaded and (self._path is None or not self._ready()):
            self.position_changed.emit(seconds)  # still show where that is in the text
            return
        if not self._command(lambda: self._player.seek(seconds)):
            return
        self.position_changed.emit(self._player.position_s())
        if play:
            self.play()
        else:
            self._after_command()

    def stop(self) -> None:
        self._player.stop()
        self._after_command()

    # ----- internals ----------------------------------------------------------------
    def _ready(self) -> bool:
        """Load the file now (it was not loaded because there was no output at first)."""
        assert self._path is not None
        if self.check_output() is not None:
            self._fail(self.available_reason or NO_OUTPUT)
            return False
        return self._load_file(self._path)

    def _command(self, fn: Callable[[], None]) -> bool:
        """Run a player command; a failure becomes the sentence (never an exception)."""
        try:
            fn()
        except devices.NoOutputDevice:
            self._fail(NO_OUTPUT)
        except UserError as exc:  # the device refused or did not answer: try again later
            self.interrupted.emit(exc.message)
        else:
            return True
        self._after_command()
        return False

    def _fail(self, sentence: str) -> None:
        self.available_reason = sentence
        self.unavailable.emit(sentence)

    def _after_command(self) -> None:
        """Start or stop the timer and say whether it plays, once per change."""
        playing = self._player.is_playing
        if playing and not self._timer.isActive():
            self._timer.start()
        elif not playing:
            self._timer.stop()
        if playing != self._was_playing:
            self._was_playing = playing
            self.playing_changed.emit(playing)
            if not playing:
                self.position_changed.emit(self._player.position_s())

    def _tick(self) -> None:
        error = self._player.poll()
        self.position_changed.emit(self._player.position_s())
        # Only poll moves the player out of "playing", so the timer stops on what poll
        # settled; a stream that finishes just after it is settled on the next tick.
        if self._player.state != "playing":
            self._after_command()
        if error:  # the device went away or stopped answering; the player kept its place
            self.interrupted.emit(error)
