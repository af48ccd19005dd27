"""Playback of an answer's WAV (QMediaPlayer + QAudioOutput), created on first use.

With no audio output device QMediaPlayer "plays" silently to the end without an error,
so the controller checks QMediaDevices first and says so instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal

NO_OUTPUT = ("No audio output device was found, so playback is off; connect speakers or "
             "headphones to listen. The transcript is still here to read.")


class Playback(QObject):
    position_changed = Signal(float)  # seconds
    playing_changed = Signal(bool)
    duration_changed = Signal(float)
    unavailable = Signal(str)  # one plain sentence

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player: Any = None
        self._output: Any = None
        self._path: Path | None = None
        self.available_reason: str | None = None

    def _ensure_player(self) -> bool:
        from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

        if not QMediaDevices.audioOutputs():
            self.available_reason = NO_OUTPUT
            return False
        self.available_reason = None
        if self._player is None:
            self._player = QMediaPlayer(self)
            self._output = QAudioOutput(self)
            self._player.setAudioOutput(self._output)
            self._player.positionChanged.connect(lambda ms: self.position_changed.emit(ms / 1000))
            self._player.durationChanged.connect(lambda ms: self.duration_changed.emit(ms / 1000))
            self._player.playbackStateChanged.connect(self._on_state)
            self._player.errorOccurred.connect(self._on_error)
        return True

    def check_output(self) -> str | None:
        """None when playback can work, else the sentence to show."""
        self._ensure_player()
        return self.available_reason

    def load(self, path: Path | None) -> None:
        self.stop()
        self._path = path
        if path is None:
            return
        if not path.exists():
            self.unavailable.emit(f"The recording {path.name} is missing, so it cannot be "
                                  "played; the transcript and report are still here.")
            return
        if not self._ensure_player():
            self.unavailable.emit(NO_OUTPUT)
            return
        self._player.setSource(QUrl.fromLocalFile(str(path)))

    @property
    def is_playing(self) -> bool:
        if self._player is None:
            return False
        from PySide6.QtMultimedia import QMediaPlayer

        return bool(self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState)

    def position_s(self) -> float:
        return float(self._player.position()) / 1000 if self._player is not None else 0.0

    def toggle(self) -> None:
        if self.is_playing:
            self._player.pause()
        else:
            self.play()

    def play(self) -> None:
        if self._path is None:
            return
        if not self._ensure_player():
            self.unavailable.emit(NO_OUTPUT)
            return
        if self._player.source().isEmpty():
            self._player.setSource(QUrl.fromLocalFile(str(self._path)))
        self._player.play()

    def seek(self, seconds: float, play: bool = True) -> None:
        if self._player is None and not self._ensure_player():
            self.unavailable.emit(NO_OUTPUT)
            self.position_changed.emit(seconds)  # still show where that is in the text
            return
        if self._player.source().isEmpty() and self._path is not None:
            self._player.setSource(QUrl.fromLocalFile(str(self._path)))
        self._player.setPosition(int(max(0.0, seconds) * 1000))
        self.position_changed.emit(seconds)
        if play:
            self._player.play()

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()

    def _on_state(self, _state: Any) -> None:
        self.playing_changed.emit(self.is_playing)

    def _on_error(self, _error: Any, text: str = "") -> None:
        self.unavailable.emit(f"The recording could not be played ({text or 'unknown error'}).")
