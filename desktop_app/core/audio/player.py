"""Playback of a sound file on the default output device (PortAudio), without Qt.

The whole file is read into memory (an hour of 16 kHz mono PCM16 is 115 MB; answers are
minutes), so playing never touches the disk.

Threads and why:
- The caller (the UI thread) loads, plays, pauses, seeks, stops and polls.
- PortAudio's callback thread only copies the next frames from the in-memory samples into
  the device buffer and publishes where it is. It takes no lock and allocates nothing of
  note, so it never misses its deadline. The two sides share plain attributes, each written
  by one side only (an attribute assignment is atomic in Python):
  ``_seek`` (generation, frame) is written by the caller and the callback jumps there when
  the generation changes; ``_mark`` (first frame of this run, first frame of the last
  buffer, the time that buffer reaches the speaker) and ``_ended`` are written by the
  callback.

The position is what has been heard: the frame of the last buffer delivered, less the time
until that buffer reaches the speaker (the stream clock against the buffer's DAC time).
It never runs ahead of the frames delivered, so a stalled device holds it still.

A hung sound server leaves the stream "active" with no callbacks: ``poll`` notices that no
frame has gone out for ``OUTPUT_STALL_S`` and pauses there, and closing a stream never
waits more than ``portaudio_calls.CLOSE_WAIT_S``, so the UI thread is never held by the server.

A stream is open only while playing (pause and stop close it): PortAudio is re-initialised
when the device list is refreshed, and that must not find a stream of ours left open.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from desktop_app.core.audio.devices import OutputDevice, default_output_device
from desktop_app.core.audio.portaudio_calls import (
    OPEN_WAIT_S,
    close_stream,
    open_within,
    sounddevice_module,
)
from desktop_app.core.durations import mmss
from desktop_app.core.errors import UserError

log = logging.getLogger(__name__)

State = Literal["stopped", "playing", "paused"]

DEVICE_LOST = ("The sound output stopped during playback (the speakers were disconnected or "
               "the sound system stopped); connect them and press Play again.")
OUTPUT_STALLED = ("The sound output stopped responding, so playback was paused at {at}; "
                  "check the speakers or the sound settings, then press Play again.")
# A stream that stays "active" while its callback no longer runs (a hung sound server):
# PortAudio reports nothing, so ``poll`` notices that no frame has gone out for this long.
# Far above the 20 ms callback period, so a busy machine is not mistaken for a hung one.
OUTPUT_STALL_S = 3.0

# 100 ms of device buffer: seek and pause answer within that, and it rides out the CPU
# being busy with transcription. ALSA's PulseAudio plugin stalls with its default tiny
# periods at 16 kHz, so the block size is fixed (20 ms) rather than left to the host.
LATENCY_S = 0.1
BLOCK_S = 0.02


class Player:
    """Play one loaded file: ``load``, then ``play``/``pause``/``seek``/``stop``; call
    ``poll`` now and then (a UI timer) to notice the end of the file or a lost device."""

    def __init__(self, open_wait_s: float = OPEN_WAIT_S) -> None:
        """``open_wait_s``: how long ``play`` waits for a sound server to open the stream
        (a chime, which is only a nicety, waits less than Review's Play button)."""
        self.open_wait_s = open_wait_s
        self.path: Path | None = None
        self.error: str | None = None  # the last playback failure, one sentence
        self.underflows = 0  # callbacks too late for the device: a gap was heard
        self._data: npt.NDArray[np.int16] = np.zeros((0, 1), np.int16)
        self._rate = 0
        self._out: npt.NDArray[np.int16] = self._data  # the samples as the device takes them
        self._out_rate = 0
        self._out_key: tuple[int, int] | None = None
        self._stream: Any = None
        self._state: State = "stopped"
        self._at_s = 0.0  # position while not playing
        # Shared with the callback (see the module docstring).
        self._pos = 0
        self._run_start = 0
        self._seek: tuple[int, int] = (0, 0)
        self._seek_seen = 0
        self._mark: tuple[int, int, float] = (0, 0, 0.0)
        self._ended = False
        self._finished = threading.Event()
        self._stop_exc: type[BaseException] = Exception  # sd.CallbackStop, set by play()
        self._moved: tuple[int, float] = (0, 0.0)  # (frames out, when poll saw them change)

    # ----- loading ------------------------------------------------------------------
    def load(self, path: Path, gain: float = 1.0) -> float:
        """Read the whole file (any rate and channel count soundfile reads); its duration.

        UserError naming the file when it is missing or not a readable sound file.
        ``gain`` scales the samples once, here, never in the callback.
        """
        self.stop()
        path = Path(path)
        if not path.is_file():
            raise UserError(f"The recording {path.name} is missing, so it cannot be played.")
        try:
            import soundfile
        except OSError as exc:  # libsndfile missing (the wheels ship it; distro installs may not)
            raise UserError("The sound-file library (libsndfile) is not installed, so "
                            "recordings cannot be played; reinstall Stagecoach.") from exc
        try:
            with path.open("rb") as fh:
                data, rate = soundfile.read(fh, dtype="int16", always_2d=True)
        except OSError as exc:
            raise UserError(f"The recording {path.name} could not be opened "
                            f"({exc.strerror or exc}), so it cannot be played.") from exc
        except Exception as exc:  # libsndfile: not a sound file, or a damaged one
            log.info("cannot read %s: %s", path, exc)
            raise UserError(f"The recording {path.name} is damaged or is not a sound file "
                            "Stagecoach can read, so it cannot be played.") from exc
        if gain != 1.0:
            data = np.clip(np.rint(data * gain), -32768, 32767).astype(np.int16)
        self.path = path
        self._data = np.ascontiguousarray(data)
        self._rate = int(rate)
        self._out_key = None
        self._at_s = 0.0
        self.error = None
        return self.duration_s

    @property
    def duration_s(self) -> float:
        return len(self._data) / self._rate if self._rate else 0.0

    @property
    def loaded(self) -> bool:
        return self.path is not None

    # ----- state --------------------------------------------------------------------
    @property
    def state(self) -> State:
        return self._state

    @property
    def is_playing(self) -> bool:
        """Playing and not yet finished (``poll`` makes the finish official)."""
        return self._state == "playing" and not self._finished.is_set()

    @property
    def stream_open(self) -> bool:
        """An output stream is held (playing, or finished and not yet polled)."""
        return self._stream is not None

    def position_s(self) -> float:
        """Seconds into the file of what is being heard now."""
        if self._state != "playing" or self._stream is None:
            return self._at_s
        seek = self._seek
        if seek[0] != self._seek_seen:  # the callback has not jumped yet
            return seek[1] / self._out_rate
        if self._ended and self._finished.is_set():  # all of it was heard; not polled yet
            return self.duration_s
        run_start, frame, dac = self._mark
        written = self._pos
        try:
            now = float(self._stream.time)
        except Exception:  # the stream died under us
            now = 0.0
        if dac > 0.0 and now > 0.0:
            heard = frame - (dac - now) * self._out_rate
        else:  # no timing from the host: assume the nominal buffer is still ahead
            heard = frame - LATENCY_S * self._out_rate
        heard = max(float(run_start), min(heard, float(written), float(len(self._out))))
        return heard / self._out_rate

    # ----- commands -----------------------------------------------------------------
    def play(self) -> None:
        """Start (or resume) from the current position; from the start after the end.

        NoOutputDevice when there is nothing to play on, UserError when the device refuses.
        """
        if self._state == "playing" and self._finished.is_set():
            self.poll()  # a run that finished since the last poll: settle it first
        if self._state == "playing" or not self.loaded:
            return
        sd = sounddevice_module()
        device = default_output_device()
        finished = threading.Event()
        stream = open_within(lambda: self._open(sd, device, finished),
                             lambda late: close_stream(late, drop_buffered=True), "speakers",
                             self.open_wait_s)
        start = round(self._at_s * self._out_rate)
        if start >= len(self._out):
            start = 0
        self._pos = self._run_start = start
        self._mark = (start, start, 0.0)
        self._seek_seen = self._seek[0]
        self._ended = False
        # One event per stream: a closing stream's late "finished" must not end the next.
        self._finished = finished
        self._stop_exc = sd.CallbackStop
        self.error = None
        try:
            open_within(stream.start, lambda _: close_stream(stream, drop_buffered=True),
                        "speakers", self.open_wait_s)
        except (sd.PortAudioError, ValueError) as exc:
            close_stream(stream, drop_buffered=True)
            raise UserError(_refused(device, exc)) from exc
        self._stream = stream
        self._state = "playing"
        self._moved = (self._pos, time.monotonic())

    def pause(self) -> None:
        if self._state == "playing":
            self._at_s = self.position_s()
            self._close_stream()
            self._state = "paused"

    def stop(self) -> None:
        """Stop and go back to the start."""
        self._close_stream()
        self._state = "stopped"
        self._at_s = 0.0

    def seek(self, seconds: float) -> None:
        """Move to ``seconds`` (clamped to the file), keeping playing if playing."""
        seconds = min(max(0.0, seconds), self.duration_s)
        if self._state != "playing":
            self._at_s = seconds
            return
        if self._ended or self._finished.is_set():  # the callback will not run again
            self._close_stream()
            self._state = "paused"
            self._at_s = seconds
            self.play()
            return
        frame = min(round(seconds * self._out_rate), len(self._out))
        self._seek = (self._seek[0] + 1, frame)

    def poll(self) -> str | None:
        """Settle a stream that finished by itself: at the end of the file the player stops
        there; otherwise the device was lost and the sentence is returned (and kept in
        ``error``). A stream that delivers nothing for OUTPUT_STALL_S is paused where it
        was, with its own sentence. None when nothing new happened."""
        stream = self._stream
        if self._state != "playing" or stream is None:
            return None
        if not self._finished.is_set():
            try:
                if stream.active:
                    return self._check_stall()
            except Exception:  # PortAudio no longer knows the stream: it is gone
                pass
        ended = self._ended
        seek = self._seek
        at = seek[1] / self._out_rate if seek[0] != self._seek_seen else self.position_s()
        self._close_stream()
        self._state = "stopped"
        if ended and seek[0] != self._seek_seen:
            # A seek arrived as the last buffer went out: honour it rather than stop.
            self._state, self._at_s = "paused", at
            try:
                self.play()
            except UserError as exc:
                self.error = exc.message
                return exc.message
            return None
        if ended:
            self._at_s = self.duration_s
            return None
        self._at_s = at
        self.error = DEVICE_LOST
        return DEVICE_LOST

    def _check_stall(self) -> str | None:
        """Pause (keeping the position) when no frame has gone out for OUTPUT_STALL_S."""
        pos, now = self._pos, time.monotonic()
        if pos != self._moved[0]:
            self._moved = (pos, now)
            return None
        if now - self._moved[1] < OUTPUT_STALL_S:
            return None
        if self._ended:  # all of it went out; only the close did not come back
            self._close_stream()
            self._state, self._at_s = "stopped", self.duration_s
            return None
        at = self.position_s()
        self._close_stream()
        self._state, self._at_s = "paused", at
        self.error = OUTPUT_STALLED.format(at=mmss(at))  # as the time line shows it
        return self.error

    def close(self) -> None:
        self.stop()

    # ----- PortAudio side (callback thread: copy only) ------------------------------
    def _callback(self, outdata: npt.NDArray[np.int16], frames: int, timeinfo: Any,
                  status: Any) -> None:
        if status.output_underflow:
            self.underflows += 1
        seek = self._seek
        if seek[0] != self._seek_seen:
            self._pos = self._run_start = seek[1]
            self._seek_seen = seek[0]
        pos = self._pos
        chunk = self._out[pos:pos + frames]
        n = len(chunk)
        outdata[:n] = chunk
        self._pos = pos + n
        self._mark = (self._run_start, pos, timeinfo.outputBufferDacTime)
        if n < frames:
            outdata[n:] = 0
            self._ended = True
            raise self._stop_exc  # play what is buffered, then finish

    # ----- helpers ------------------------------------------------------------------
    def _prepare(self, sd: Any, device: OutputDevice) -> None:
        """Fit the samples to the device: as they are when it takes the file's own rate and
        channels (PulseAudio takes anything), else converted once, here."""
        rate, channels = pick_format(sd, device, self._rate, self._data.shape[1])
        if self._out_key != (rate, channels):
            self._out = convert(self._data, self._rate, rate, channels)
            self._out_rate = rate
            self._out_key = (rate, channels)

    def _open(self, sd: Any, device: OutputDevice, finished: threading.Event) -> Any:
        """A stream for the loaded samples on ``device``, not started yet (both the format
        check and the opening ask the sound server: see ``open_within``)."""
        self._prepare(sd, device)
        try:
            return sd.OutputStream(
                device=device.index, samplerate=self._out_rate, channels=self._out.shape[1],
                dtype="int16", latency=LATENCY_S,
                blocksize=max(1, round(self._out_rate * BLOCK_S)),
                callback=self._callback, finished_callback=finished.set,
            )
        except (sd.PortAudioError, ValueError) as exc:
            raise UserError(_refused(device, exc)) from exc

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            close_stream(stream, drop_buffered=True)


def _refused(device: OutputDevice, exc: Exception) -> str:
    return (f"The speakers '{device.name}' could not be opened ({exc}); check that they are "
            "connected and not used by another program.")


def pick_format(sd: Any, device: OutputDevice, rate: int, channels: int) -> tuple[int, int]:
    """The first (rate, channels) the device accepts: the file's own first, then the
    device's rate (and 48/44.1 kHz), with the file's channel count, stereo or mono."""
    channel_options = list(dict.fromkeys(
        c for c in (channels, 2, 1) if c <= max(1, device.channels)))
    rates = list(dict.fromkeys(
        r for r in (rate, int(device.default_samplerate), 48000, 44100) if r > 0))
    for r in rates:
        for c in channel_options:
            try:
                sd.check_output_settings(device=device.index, samplerate=r, channels=c,
                                         dtype="int16")
            except (sd.PortAudioError, ValueError):
                continue
            return r, c
    raise UserError(
        f"The speakers '{device.name}' accept none of the formats Stagecoach can play; "
        "pick another output device in your system's sound settings."
    )


def convert(data: npt.NDArray[np.int16], rate: int, to_rate: int,
            to_channels: int) -> npt.NDArray[np.int16]:
    """``data`` (frames x channels) at ``to_rate`` with ``to_channels`` (channels are
    averaged to mono first when the count changes; soxr resamples)."""
    if to_channels == data.shape[1] and to_rate == rate:
        return data
    out = data.astype(np.float32) / 32768.0
    if to_channels != out.shape[1]:
        out = np.repeat(out.mean(axis=1, keepdims=True), to_channels, axis=1)
    if to_rate != rate and len(out):
        import soxr

        out = soxr.resample(out, rate, to_rate, quality="HQ").reshape(-1, to_channels)
    return np.ascontiguousarray(np.clip(np.rint(out * 32768.0), -32768, 32767).astype(np.int16))
