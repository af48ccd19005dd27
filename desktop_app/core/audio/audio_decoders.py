"""The three decoders behind audio_decode, each giving float32 mono at the asked rate.

- soundfile (libsndfile, shipped in its wheel): wav (any width, float), flac, ogg/opus,
  mp3, aiff. Channels are averaged, and soxr resamples at the recorder's quality; what
  its MP3 decoder prints on stderr goes to the debug log (desktop_app.core.audio.c_stderr).
- PyAV, when installed: everything FFmpeg reads (m4a/AAC, webm, wma, ...).
- the ffmpeg program, when on PATH: the same for installs that leave PyAV out.

Each reads block by block into one SignalBuffer (desktop_app.core.audio.audio_blocks), so the
16 kHz result is the only whole-length array, and stops with TooLong past ``max_s``
seconds (refused from the header when it states the length).

A decoder raises Unavailable when it is not installed here, and DecodeFailure with a
reason when it cannot read the file; audio_decode chooses the decoder and the sentence.
Damaged files make the libraries fail in many ways (LibsndfileError, PyAV's
"ValueError: Invalid layout" for a WAV claiming 0 or 65,535 channels, MemoryError for
absurd sizes, ...): every exception a library raises while reading is the file's
fault, never a bug of ours, so each is a DecodeFailure, logged with its details.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from desktop_app.core.audio import c_stderr
from desktop_app.core.audio.audio_blocks import BlockResampler, SignalBuffer, TooLong, mix_to_mono
from desktop_app.core.audio.audio_file import MAX_AUDIO_S

log = logging.getLogger(__name__)

Audio = npt.NDArray[np.float32]
Reason = Literal["unrecognised", "undecodable", "no_stream", "no_samples", "timeout"]

# Generous: FFmpeg decodes an hour of AAC in seconds; this only stops a hung program.
FFMPEG_TIMEOUT_S = 300.0
# Salvage reads after a decoding error go this many frames at a time, so at most this
# much good audio is lost before a damaged tail.
_SALVAGE_BLOCK = 1024
# Samples (all channels together) per read: 64 K frames of mono, fewer frames when there
# are many channels, so a file claiming thousands of channels cannot make one read huge.
_BLOCK_SAMPLES = 65536
_PIPE_BYTES = 1 << 20
_UNKNOWN_FRAMES = 1 << 62  # libsndfile says SF_COUNT_MAX for a length it does not know


class Unavailable(Exception):
    """This decoder is not installed here."""


class DecodeFailure(Exception):
    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason: Reason = reason


def _library_failure(decoder: str, path: Path, reason: Reason) -> DecodeFailure:
    """The DecodeFailure for an exception a decoding library raised (being handled)."""
    log.info("%s could not read %s", decoder, path, exc_info=True)
    return DecodeFailure(reason)


def _limit(rate: int, max_s: float) -> int:
    return int(max_s * rate)


def _expected(frames: float, source_rate: float, rate: int, max_s: float) -> int:
    """Samples at ``rate`` for ``frames`` at ``source_rate``; TooLong past ``max_s``.

    A count libsndfile does not know (a stream it reads forwards) is left to the reads.
    """
    if not 0 < frames < _UNKNOWN_FRAMES:
        return 0
    seconds = frames / source_rate
    if seconds > max_s:
        raise TooLong(seconds)
    return math.ceil(seconds * rate) + 16


# --- soundfile ---------------------------------------------------------------------------

def _soundfile_name(path: Path) -> str | bytes:
    # soundfile encodes a str path as strict UTF-8, which fails on a name that is not
    # (byte 0xff, from an old archive or another system); the bytes of the name always
    # open. Windows names are UTF-16 and go through its wide-character open.
    return str(path) if sys.platform == "win32" else os.fsencode(path)


def decode_soundfile(path: Path, rate: int, max_s: float = MAX_AUDIO_S) -> Audio:
    import soundfile as sf

    with c_stderr.captured("libsndfile"):
        try:
            fh = sf.SoundFile(_soundfile_name(path))
        except Exception as exc:  # LibsndfileError mostly: not a format (or codec) it reads
            raise _library_failure("libsndfile", path, "unrecognised") from exc
        with fh:
            buffer = _read_soundfile(fh, path, rate, max_s)
    if not len(buffer):
        raise DecodeFailure("no_samples")
    return buffer.result()


def _read_soundfile(fh: Any, path: Path, rate: int, max_s: float) -> SignalBuffer:
    source_rate, channels = int(fh.samplerate), int(fh.channels)
    if source_rate <= 0 or channels <= 0:
        raise DecodeFailure("unrecognised")
    buffer = SignalBuffer(_limit(rate, max_s), _expected(fh.frames, source_rate, rate, max_s))
    resampler = BlockResampler(source_rate, rate)
    block = max(1, _BLOCK_SAMPLES // channels)
    done = _feed_blocks(fh, block, buffer, resampler)
    if done is not None and fh.seekable():
        # A decoding error mid-file: the block it spoiled is read again in small steps,
        # so that at most _SALVAGE_BLOCK frames of good audio are lost before the damage.
        _salvage(path, done, buffer, resampler)
    elif done is not None and done == 0:
        raise DecodeFailure("undecodable")
    try:
        buffer.append(resampler.flush())
    except TooLong:
        raise
    except Exception as exc:
        raise _library_failure("soxr", path, "undecodable") from exc
    return buffer


def _feed_blocks(fh: Any, block: int, buffer: SignalBuffer,
                 resampler: BlockResampler) -> int | None:
    """Reads to the end (None) or to the first decoding error (the frames read before it).

    Some codecs (GSM 6.10 in WAV) only read forwards and by count; reading by blocks
    suits every codec.
    """
    done = 0
    while True:
        try:
            chunk = fh.read(block, dtype="float32", always_2d=True)
        except TooLong:
            raise
        except Exception:  # LibsndfileError mid-file (and anything else it raises there)
            log.info("libsndfile stopped after %d frames", done, exc_info=True)
            return done
        if not len(chunk):
            return None
        buffer.append(resampler.feed(mix_to_mono(chunk)))
        done += len(chunk)


def _salvage(path: Path, start: int, buffer: SignalBuffer, resampler: BlockResampler) -> None:
    import soundfile as sf

    try:
        with sf.SoundFile(_soundfile_name(path)) as fh:
            fh.seek(start)
            stopped = _feed_blocks(fh, _SALVAGE_BLOCK, buffer, resampler)
    except TooLong:
        raise
    except Exception:  # it opened a moment ago; whatever it does now ends the salvage
        log.info("libsndfile could not read %s again", path, exc_info=True)
        stopped = 0
    if stopped == 0 and start == 0 and not len(buffer):
        raise DecodeFailure("undecodable")


def soundfile_duration_s(path: Path) -> float | None:
    """The length libsndfile reads from the header; None when it cannot open the file."""
    import soundfile as sf

    try:
        with c_stderr.captured("libsndfile"):
            info = sf.info(_soundfile_name(path))
    except Exception:  # not a file libsndfile reads, whatever it raises about it
        return None
    if info.frames > 0 and info.samplerate > 0:
        return float(info.frames) / float(info.samplerate)
    return None


# --- PyAV --------------------------------------------------------------------------------

# Resampled to float32 planar with the source's channel layout; channels are averaged
# here, because FFmpeg's own stereo-to-mono mix adds them at -3 dB and can clip.
_PYAV_FORMAT = "fltp"


def _pyav() -> Any:
    try:
        import av

        # In the transcription worker of an install without PyAV, "av" is a placeholder
        # (see desktop_app.transcription.av_shim) whose attributes raise ImportError.
        av.open  # noqa: B018
    except (ImportError, OSError) as exc:
        raise Unavailable("PyAV is not installed") from exc
    return av


def _pyav_open(path: Path) -> Any:
    av = _pyav()
    try:
        container = av.open(str(path), mode="r", metadata_errors="ignore")
    except Exception as exc:  # FFmpegError, OSError, ValueError, ...: not a file it reads
        raise _library_failure("PyAV", path, "unrecognised") from exc
    try:
        has_audio = bool(container.streams.audio)
    except Exception as exc:
        container.close()
        raise _library_failure("PyAV", path, "unrecognised") from exc
    if not has_audio:
        container.close()
        raise DecodeFailure("no_stream")
    return container


def _pyav_mono(frame: Any) -> Audio:
    planes = np.asarray(frame.to_ndarray(), dtype=np.float32)
    if planes.ndim == 2 and planes.shape[0] > 1:
        mixed: Audio = planes.mean(axis=0, dtype=np.float32)
        return mixed
    return planes.reshape(-1)


def decode_pyav(path: Path, rate: int, max_s: float = MAX_AUDIO_S) -> Audio:
    container = _pyav_open(path)
    try:
        buffer = _read_pyav(container, path, rate, max_s)
    finally:
        container.close()
    if not len(buffer):
        raise DecodeFailure("no_samples")
    return buffer.result()


def _pyav_header_seconds(stream: Any, container: Any) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        seconds = float(stream.duration * stream.time_base)
        if seconds > 0:
            return seconds
    if container.duration is not None and container.duration > 0:
        return float(container.duration) / 1_000_000.0
    return None


def _read_pyav(container: Any, path: Path, rate: int, max_s: float) -> SignalBuffer:
    av = _pyav()
    try:
        stream = container.streams.audio[0]
        if not stream.rate or not stream.channels:  # random bytes FFmpeg took for FLAC
            raise DecodeFailure("unrecognised")
        seconds = _pyav_header_seconds(stream, container)
        resampler = av.AudioResampler(format=_PYAV_FORMAT, layout=stream.layout.name,
                                      rate=rate)
    except DecodeFailure:
        raise
    except Exception as exc:  # "Invalid layout" for 0 or 65,535 channels, and the like
        raise _library_failure("PyAV", path, "unrecognised") from exc
    expected = 0 if seconds is None else _expected(seconds, 1.0, rate, max_s)
    buffer = SignalBuffer(_limit(rate, max_s), expected)
    try:
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                buffer.append(_pyav_mono(out))
        # Flush what the resampler still holds back.
        for out in resampler.resample(None):
            buffer.append(_pyav_mono(out))
    except TooLong:
        raise
    except Exception as exc:
        # A damaged tail after good audio is kept; a file with nothing decodable is not.
        if not len(buffer):
            raise _library_failure("PyAV", path, "undecodable") from exc
        log.info("PyAV stopped early in %s", path, exc_info=True)
    return buffer


def pyav_duration_s(path: Path) -> float | None:
    """The length from the container's header; None when it has none."""
    container = _pyav_open(path)
    try:
        return _pyav_header_seconds(container.streams.audio[0], container)
    except Exception as exc:
        raise _library_failure("PyAV", path, "unrecognised") from exc
    finally:
        container.close()


# --- the ffmpeg program ------------------------------------------------------------------

def decode_ffmpeg_program(path: Path, rate: int, max_s: float = MAX_AUDIO_S) -> Audio:
    exe = shutil.which("ffmpeg")
    if exe is None:
        raise Unavailable("ffmpeg is not on PATH")
    cmd = [exe, "-nostdin", "-v", "error",
           # "file:" so that a name such as "concat:x" or "http:y" is never a protocol.
           "-i", f"file:{path.absolute()}",
           "-map", "0:a:0",  # the first audio stream, as with PyAV; none is an error
           # A little past the limit, so that a longer file is known to be longer.
           "-t", f"{max_s + 1:g}",
           "-f", "f32le", "-ac", "1", "-ar", str(rate),
           # FFmpeg mixes stereo to mono at -3 dB per channel, which clips two loud
           # channels; capping the mix matrix at 1 makes it the average.
           "-rematrix_maxval", "1",
           "-"]
    buffer = SignalBuffer(_limit(rate, max_s))
    with tempfile.TemporaryFile() as errors_file:
        returncode, timed_out = _run_streaming(cmd, buffer, errors_file)
        errors_file.seek(0)
        errors = errors_file.read(65536).decode("utf-8", "replace")
    if len(buffer):
        # Decoding errors after good audio still give that audio: a damaged tail is kept.
        return buffer.result()
    if timed_out:
        raise DecodeFailure("timeout")
    if "matches no streams" in errors:
        raise DecodeFailure("no_stream")
    if returncode == 0:
        raise DecodeFailure("no_samples")
    if "Error while decoding" in errors:
        raise DecodeFailure("undecodable")
    raise DecodeFailure("unrecognised")


def _run_streaming(cmd: list[str], buffer: SignalBuffer, errors: Any) -> tuple[int, bool]:
    """Runs ffmpeg, its output read into ``buffer`` as it comes; (exit code, timed out).

    Read as it comes rather than collected: the whole output as bytes and then as an
    array was twice the signal. Its messages go to a file, which cannot fill up and
    stall it as an unread pipe would.
    """
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=errors, env=_program_env(),
                                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    except OSError as exc:  # not executable after all
        raise Unavailable(f"ffmpeg could not be started ({exc.strerror})") from exc
    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        proc.kill()

    timer = threading.Timer(FFMPEG_TIMEOUT_S, stop)
    timer.daemon = True
    timer.start()
    assert proc.stdout is not None
    pending = b""
    try:
        while chunk := proc.stdout.read(_PIPE_BYTES):
            data = pending + chunk if pending else chunk
            usable = len(data) - len(data) % 4
            buffer.append(np.frombuffer(data[:usable], dtype="<f4"))
            pending = data[usable:]
    except TooLong:
        proc.kill()
        raise
    finally:
        timer.cancel()
        proc.stdout.close()
        proc.wait()
    return proc.returncode, timed_out.is_set()


def _program_env() -> dict[str, str]:
    env = dict(os.environ)
    if getattr(sys, "frozen", False):
        # A PyInstaller bundle points LD_LIBRARY_PATH at its own libraries; the system's
        # ffmpeg must load the system's, so the value from before the bundle started
        # is restored.
        original = env.pop("LD_LIBRARY_PATH_ORIG", None)
        if original is None:
            env.pop("LD_LIBRARY_PATH", None)
        else:
            env["LD_LIBRARY_PATH"] = original
    return env
