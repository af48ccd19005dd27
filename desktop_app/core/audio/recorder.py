"""Crash-safe microphone recording to a 16 kHz mono PCM16 WAV.

Threads and why:
- PortAudio's callback thread only copies frames into a preallocated ring buffer and counts
  overflows: no allocation-heavy work, no I/O, no locks, so it never misses its deadline.
- The writer thread (ours) drains the ring every ~50 ms, converts to mono 16 kHz, appends
  to the WAV with its header kept current (``LiveWavWriter``), fsyncs every
  ``fsync_interval_s``, computes the level meter and feeds listeners (the live transcriber).
  It also notices when the stream ends on its own (device unplugged, audio server gone:
  PortAudio raises nothing then) or stays open but delivers nothing for ``INPUT_STALL_S``
  (a hung server), and stops cleanly, keeping the audio. Closing a stream never waits more
  than ``portaudio_calls.CLOSE_WAIT_S``, so ``stop`` returns even when the server does not answer.
- Callers (UI or CLI) call ``start``/``stop`` and poll ``levels()``, ``overflows``,
  ``is_recording`` and ``error``; nothing they do can block the callback.

When the device accepts 16 kHz (PulseAudio and most OS mixers do) we capture at 16 kHz
mono and write the samples untouched; otherwise we capture at the device rate and resample
with soxr (streaming, HQ) in the writer thread.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from desktop_app.core import no_clobber
from desktop_app.core.audio.devices import InputDevice, resolve_device
from desktop_app.core.audio.frame_ring import FrameRing
from desktop_app.core.audio.input_levels import InputLevels, Level
from desktop_app.core.audio.portaudio_calls import close_stream, open_within, sounddevice_module
from desktop_app.core.audio.recording_messages import (
    DEVICE_LOST,
    INPUT_STALLED,
    NO_SOUND_AT_ALL,
    write_failure_message,
)
from desktop_app.core.audio.wav_writer import LiveWavWriter
from desktop_app.core.errors import UserError
from desktop_app.core.settings import AudioSettings

log = logging.getLogger(__name__)

Listener = Callable[[npt.NDArray[np.float32]], None]

# A stream that stays "active" but delivers nothing (a hung sound server, a USB device
# that stopped answering): PortAudio reports nothing, so the writer notices the silence
# of the callback itself. Long enough for a device that starts slowly (an idle PulseAudio
# null sink delivers in 2 s blocks; Bluetooth headsets take 1-2 s to switch profiles).
INPUT_STALL_S = 4.0
PARTIAL_SUFFIX = ".partial"


@dataclass(frozen=True)
class RecordingResult:
    path: Path
    duration_s: float
    overflows: int
    stopped_reason: str | None  # None: stopped on request (or at the time limit)
    device: str = ""
    capture_rate: int = 0


class Recorder:
    """Record one input device into ``out_path`` (see the module docstring).

    ``partial=True`` writes ``<out_path>.partial`` and renames it to ``out_path`` when the
    recording is closed (the app's answers); ``partial=False`` writes ``out_path`` itself,
    which is a valid WAV at every moment (``stagecoach record``).
    """

    OUT_RATE = 16000

    def __init__(
        self,
        out_path: Path | str,
        device: str | int | InputDevice | None = None,
        sample_rate: int = 16000,
        *,
        partial: bool = False,
        settings: AudioSettings | None = None,
        capture_rate: int | None = None,
        max_duration_s: float | None = None,
        buffer_s: float = 20.0,
    ) -> None:
        if sample_rate != self.OUT_RATE:
            raise ValueError("Stagecoach records 16 kHz audio (Whisper's rate)")
        self.path = Path(out_path)
        self.file_path = self.path.with_name(self.path.name + PARTIAL_SUFFIX) if partial \
            else self.path
        self._wanted = device
        self._settings = settings or AudioSettings()
        self._forced_rate = capture_rate
        self._max_frames = None if max_duration_s is None else round(
            max_duration_s * self.OUT_RATE)
        self._buffer_s = buffer_s

        self.device: InputDevice | None = None
        self.capture_rate = 0
        self.error: str | None = None
        self.stopped_reason: str | None = None
        self.writer_cpu_s = 0.0  # CPU time of the writer thread (for the benchmark)

        self._listeners: list[Listener] = []
        self._levels = InputLevels(self.OUT_RATE, self._settings.block_ms)
        self._lock = threading.Lock()
        self._stop_evt = threading.Event()
        self._finished_evt = threading.Event()  # PortAudio says the stream ended
        self._done_evt = threading.Event()
        self._thread: threading.Thread | None = None
        self._stream: Any = None
        self._stream_closed = False
        self._closing_started = False
        self._writer: LiveWavWriter | None = None
        self._resampler: Any = None
        self._ring = FrameRing()  # between the callback and the writer thread
        self._status_overflows = 0
        self._frames_out = 0

    # ----- public state -------------------------------------------------------------
    @property
    def overflows(self) -> int:
        """Input overflows reported by PortAudio plus blocks lost to a full ring buffer."""
        return self._status_overflows + self._ring.dropped_blocks

    @property
    def is_recording(self) -> bool:
        return self._thread is not None and not self._done_evt.is_set()

    @property
    def audio_started(self) -> bool:
        """The device has delivered audio (show "recording" from then on)."""
        return self._ring.written > 0

    @property
    def duration_s(self) -> float:
        return self._frames_out / self.OUT_RATE

    def levels(self) -> list[Level]:
        """Level-meter blocks since the last call (thread-safe)."""
        return self._levels.take()

    def add_listener(self, fn: Listener) -> None:
        """``fn(samples)`` gets every written block (float32, 16 kHz, mono) on the writer
        thread. Keep it cheap; an exception removes the listener, never the recording."""
        with self._lock:
            self._listeners.append(fn)

    def remove_listener(self, fn: Listener) -> None:
        with self._lock, contextlib.suppress(ValueError):
            self._listeners.remove(fn)

    # ----- start / stop -------------------------------------------------------------
    def start(self, first_audio_timeout_s: float = 2.0) -> None:
        """Open the file and the stream; returns when the first audio has arrived (or after
        ``first_audio_timeout_s``; a UI thread passes 0 and polls ``audio_started``).
        UserError when the device or the file cannot be used."""
        if self._thread is not None:
            raise RuntimeError("a Recorder records once; make a new one")
        sd = sounddevice_module()
        self.device = resolve_device(self._wanted)
        device = self.device
        # Both the format check and the opening ask the sound server: see open_within.
        rate, channels = open_within(lambda: self._pick_format(sd, device), lambda _: None,
                                     "microphone")
        self.capture_rate = rate
        if rate != self.OUT_RATE:
            import soxr

            self._resampler = soxr.ResampleStream(rate, self.OUT_RATE, 1, dtype="float32",
                                                  quality="HQ")
        self._ring = FrameRing(int(rate * self._buffer_s), channels)
        try:
            self._writer = self._open_writer()
        except OSError as exc:
            raise UserError(
                f"Stagecoach cannot create the recording {self.file_path} "
                f"({exc.strerror or exc}); pick a folder you can write to."
            ) from exc

        def open_stream() -> Any:
            stream = sd.InputStream(
                device=device.index, samplerate=rate, channels=channels, dtype="int16",
                blocksize=max(1, rate * self._settings.block_ms // 1000),
                callback=self._callback, finished_callback=self._finished_evt.set,
            )
            try:
                stream.start()
            except BaseException:
                close_stream(stream)
                raise
            return stream

        try:
            self._stream = open_within(open_stream, close_stream, "microphone")
        except (sd.PortAudioError, ValueError) as exc:
            self._abandon_file()
            raise UserError(
                f"The microphone '{device.name}' could not be opened ({exc}); check that "
                "it is connected and not used by another program, or pick another one."
            ) from exc
        except UserError:
            self._abandon_file()
            raise
        self._thread = threading.Thread(target=self._run, name="stagecoach-wav-writer",
                                        daemon=True)
        self._thread.start()
        self._wait_for_first_audio(first_audio_timeout_s)

    def _open_writer(self) -> LiveWavWriter:
        """The WAV writer. An answer (``partial``) never takes an existing file's place: when
        its name (or the name's .partial) is taken, the next free name is used, and
        ``path`` says which."""
        if self.file_path == self.path:
            return LiveWavWriter(self.file_path, self.OUT_RATE)
        for candidate in no_clobber.candidates(self.path):
            if no_clobber.taken(candidate, (PARTIAL_SUFFIX,)):
                continue
            partial = candidate.with_name(candidate.name + PARTIAL_SUFFIX)
            try:
                writer = LiveWavWriter(partial, self.OUT_RATE, exclusive=True)
            except FileExistsError:  # taken between the look and the creation
                continue
            if candidate != self.path:
                log.warning("%s exists; recording to %s instead", self.path, candidate)
            self.path, self.file_path = candidate, partial
            return writer
        raise AssertionError("unreachable")  # candidates() never ends

    def _wait_for_first_audio(self, timeout_s: float) -> None:
        """Return once audio flows, so "recording" is shown when it is true.

        The first stream of a process (or on a freshly started audio server) can take a
        few hundred milliseconds to deliver anything; what is said before that is lost, so
        the caller should not tell the user to speak before then. Polling (no Event) keeps
        the callback free of locks.
        """
        deadline = time.monotonic() + timeout_s
        while (self._ring.written == 0 and not self._done_evt.is_set()
               and time.monotonic() < deadline):
            time.sleep(0.005)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the recording ends by itself (limit, device lost, write failure)."""
        return self._done_evt.wait(timeout)

    def stop(self) -> RecordingResult:
        """Stop, write everything captured, close the file. Safe to call more than once."""
        self._stop_evt.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()  # (a listener calling stop() must not wait for itself)
        return self.result()

    def result(self) -> RecordingResult:
        return RecordingResult(
            path=self.path, duration_s=self.duration_s, overflows=self.overflows,
            stopped_reason=self.stopped_reason,
            device=self.device.name if self.device else "", capture_rate=self.capture_rate,
        )

    # ----- PortAudio side (callback thread: copy only) ------------------------------
    def _callback(self, indata: npt.NDArray[np.int16], frames: int, _time: Any,
                  status: Any) -> None:
        if status.input_overflow:
            self._status_overflows += 1
        self._ring.push(indata)

    def _pick_format(self, sd: Any, dev: InputDevice) -> tuple[int, int]:
        """16 kHz mono when the device accepts it, else its own rate (resampled later)."""
        rates = [self._forced_rate] if self._forced_rate else [
            self.OUT_RATE, int(dev.default_samplerate) or 48000]
        for rate in rates:
            for channels in (1, min(2, dev.channels)):
                try:
                    sd.check_input_settings(device=dev.index, samplerate=rate,
                                            channels=channels, dtype="int16")
                except (sd.PortAudioError, ValueError):
                    continue
                return rate, channels
        raise UserError(
            f"The microphone '{dev.name}' accepts none of the formats Stagecoach can record; "
            "pick another device in Settings."
        )

    # ----- writer thread ------------------------------------------------------------
    def _run(self) -> None:
        cpu0 = time.thread_time()
        writer = self._writer
        assert writer is not None
        try:
            self._loop(writer)
        except OSError as exc:
            self._frames_out = writer.frames  # whole frames that reached the file
            self._fail(write_failure_message(exc, self.path, self.duration_s))
        except Exception:  # a bug: still keep the audio
            log.exception("recorder writer thread failed")
            self._fail("Recording stopped because of an internal error; the "
                       f"{self.duration_s:.1f} s recorded until then were kept in {self.path}.")
        finally:
            self._close_stream()
            try:
                writer.close()
                if writer.path != self.path:
                    # Never over a file that appeared under the final name meanwhile.
                    self.path = writer.rename(self.path)
            except OSError as exc:  # the header on disk is still valid up to the last write
                log.warning("closing %s failed: %s", writer.path, exc)
                if self.error is None:
                    self._fail(write_failure_message(exc, self.path, self.duration_s))
            self.writer_cpu_s = time.thread_time() - cpu0
            self._done_evt.set()

    def _loop(self, writer: LiveWavWriter) -> None:
        poll = self._settings.block_ms / 1000
        sync_every = self._settings.fsync_interval_s
        last_sync = last_audio = time.monotonic()
        seen = self._ring.written
        while True:
            stopping = self._stop_evt.wait(poll)
            if stopping:
                self._close_stream()  # no callback runs after this: drain the rest
                self._drain(writer, final=True)
                return
            if not self._drain(writer, final=False):
                return  # time limit reached
            now = time.monotonic()
            if now - last_sync >= sync_every:
                writer.sync()
                last_sync = now
            if self._finished_evt.is_set() or not self._stream.active:
                self._close_stream()
                self._drain(writer, final=True)
                self._fail(DEVICE_LOST.format(seconds=self.duration_s, path=self.path))
                return
            if self._ring.written != seen:
                seen, last_audio = self._ring.written, now
            elif now - last_audio >= INPUT_STALL_S:
                self._close_stream()
                self._drain(writer, final=True)
                self._fail(self._stall_message())
                return

    def _stall_message(self) -> str:
        if self._ring.written == 0:
            name = self.device.name if self.device else "microphone"
            return NO_SOUND_AT_ALL.format(device=name, stall=INPUT_STALL_S)
        return INPUT_STALLED.format(stall=INPUT_STALL_S, seconds=self.duration_s,
                                    path=self.path)

    def _drain(self, writer: LiveWavWriter, final: bool) -> bool:
        """Write what the callback has captured; False once the time limit is reached."""
        pcm = self._to_output(self._ring.take(), final)
        if self._max_frames is not None:
            pcm = pcm[:max(0, self._max_frames - self._frames_out)]
        if len(pcm):
            writer.write(pcm.tobytes())
            self._frames_out += len(pcm)
            self._after_write(pcm)
        if self._max_frames is not None and self._frames_out >= self._max_frames:
            if final:
                return False
            self._close_stream()
            return False
        return True

    def _to_output(self, block: npt.NDArray[np.int16], final: bool) -> npt.NDArray[np.int16]:
        """Mono 16 kHz PCM16 from captured frames."""
        if self._resampler is None and block.shape[1] == 1:
            return block[:, 0]
        mono = block.astype(np.float32).mean(axis=1) / 32768.0
        if self._resampler is not None:
            mono = self._resampler.resample_chunk(mono, last=final)
        out: npt.NDArray[np.int16] = np.clip(np.rint(mono * 32768.0), -32768, 32767).astype(
            np.int16)
        return out

    def _after_write(self, pcm: npt.NDArray[np.int16]) -> None:
        samples = pcm.astype(np.float32) / 32768.0
        self._levels.feed(samples)
        with self._lock:
            listeners = list(self._listeners)
        for fn in listeners:
            try:
                fn(samples)
            except Exception:
                log.exception("recording listener failed; removed")
                self.remove_listener(fn)

    def _fail(self, message: str) -> None:
        if self.error is None:
            self.error = message
            self.stopped_reason = message

    def _close_stream(self) -> None:
        """Stop and close the stream once (from whichever thread gets here first)."""
        with self._lock:
            stream, self._stream_closed = self._stream, True
            if stream is None or self._closing_started:
                return
            self._closing_started = True
        close_stream(stream)

    def _abandon_file(self) -> None:
        """The stream never started: remove the empty file we created."""
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                self._writer.path.unlink()
            self._writer = None
