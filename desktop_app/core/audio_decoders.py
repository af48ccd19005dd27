"""The three decoders behind audio_decode, each giving float32 mono at the asked rate.

- soundfile (libsndfile, shipped in its wheel): wav (any width, float), flac, ogg/opus,
  mp3, aiff. Channels are averaged, and soxr resamples at the recorder's quality; what
  its MP3 decoder prints on stderr goes to the debug log (desktop_app.core.c_stderr).
- PyAV, when installed: everything FFmpeg reads (m4a/AAC, webm, wma, ...).
- the ffmpeg program, when on PATH: the same for installs that leave PyAV out.

A decoder raises Unavailable when it is not installed here, and DecodeFailure with a
reason when it cannot read the file; audio_decode chooses the decoder and the sentence.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from desktop_app.core import c_stderr

Audio = npt.NDArray[np.float32]
Reason = Literal["unrecognised", "undecodable", "no_stream", "no_samples", "timeout"]

# Generous: FFmpeg decodes an hour of AAC in seconds; this only stops a hung program.
FFMPEG_TIMEOUT_S = 300.0
# Salvage reads after a decoding error go this many frames at a time, so at most this
# much good audio is lost before a damaged tail.
_SALVAGE_BLOCK = 1024
_STREAM_BLOCK = 65536


class Unavailable(Exception):
    """This decoder is not installed here."""


class DecodeFailure(Exception):
    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason: Reason = reason


# --- soundfile ---------------------------------------------------------------------------

def decode_soundfile(path: Path, rate: int) -> Audio:
    import soundfile as sf

    try:
        with c_stderr.captured("libsndfile"), sf.SoundFile(str(path)) as fh:
            source_rate = int(fh.samplerate)
            if fh.seekable():
                try:
                    frames = fh.read(dtype="float32", always_2d=True)
                except RuntimeError:  # LibsndfileError mid-file: keep the audio before it
                    frames = _salvage(path)
            else:  # some codecs (GSM 6.10 in WAV) only read forwards, and by count
                frames = _read_blocks(fh, _STREAM_BLOCK)
    except RuntimeError as exc:  # LibsndfileError: not a format (or codec) it reads
        raise DecodeFailure("unrecognised") from exc
    if not len(frames):
        raise DecodeFailure("no_samples")
    mono = _average_channels(frames)
    if source_rate == rate:  # our own recordings: no resampling at all
        return mono
    import soxr

    resampled: Audio = soxr.resample(mono, source_rate, rate, quality="HQ")
    return resampled


def _salvage(path: Path) -> npt.NDArray[np.float32]:
    import soundfile as sf

    with sf.SoundFile(str(path)) as fh:
        return _read_blocks(fh, _SALVAGE_BLOCK)


def _read_blocks(fh: Any, block: int) -> npt.NDArray[np.float32]:
    """Reads until the end or the first decoding error; what came before an error is kept."""
    parts: list[npt.NDArray[np.float32]] = []
    try:
        while len(chunk := fh.read(block, dtype="float32", always_2d=True)):
            parts.append(chunk)
    except RuntimeError:
        if not parts:
            raise DecodeFailure("undecodable") from None
    if not parts:
        return np.zeros((0, fh.channels), np.float32)
    return np.concatenate(parts)


def _average_channels(frames: npt.NDArray[np.float32]) -> Audio:
    # Averaged, not summed: two full-scale channels would clip at 1.0 otherwise.
    if frames.shape[1] == 1:
        return frames.reshape(-1)
    mixed: Audio = frames.mean(axis=1, dtype=np.float32)
    return mixed


def soundfile_duration_s(path: Path) -> float | None:
    """The length libsndfile reads from the header; None when it cannot open the file."""
    import soundfile as sf

    try:
        with c_stderr.captured("libsndfile"):
            info = sf.info(str(path))
    except RuntimeError:
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
    except (av.error.FFmpegError, OSError, UnicodeDecodeError, ValueError) as exc:
        raise DecodeFailure("unrecognised") from exc
    if not container.streams.audio:
        container.close()
        raise DecodeFailure("no_stream")
    return container


def _pyav_mono(frame: Any) -> Audio:
    planes = np.asarray(frame.to_ndarray(), dtype=np.float32)
    if planes.ndim == 2 and planes.shape[0] > 1:
        mixed: Audio = planes.mean(axis=0, dtype=np.float32)
        return mixed
    return planes.reshape(-1)


def decode_pyav(path: Path, rate: int) -> Audio:
    av = _pyav()
    container = _pyav_open(path)
    stream = container.streams.audio[0]
    resampler = av.AudioResampler(format=_PYAV_FORMAT, layout=stream.layout.name, rate=rate)
    parts: list[Audio] = []
    try:
        try:
            for frame in container.decode(stream):
                parts.extend(_pyav_mono(out) for out in resampler.resample(frame))
            # Flush what the resampler still holds back.
            parts.extend(_pyav_mono(out) for out in resampler.resample(None))
        except (av.error.FFmpegError, ValueError) as exc:
            # A damaged tail after good audio is kept; a file with nothing decodable is not.
            if not parts:
                raise DecodeFailure("undecodable") from exc
    finally:
        container.close()
    if not parts:
        raise DecodeFailure("no_samples")
    return np.concatenate(parts)


def pyav_duration_s(path: Path) -> float | None:
    """The length from the container's header; None when it has none."""
    container = _pyav_open(path)
    try:
        stream = container.streams.audio[0]
        if stream.duration is not None and stream.time_base is not None:
            seconds = float(stream.duration * stream.time_base)
            if seconds > 0:
                return seconds
        if container.duration is not None and container.duration > 0:
            return float(container.duration) / 1_000_000.0
    finally:
        container.close()
    return None


# --- the ffmpeg program ------------------------------------------------------------------

def decode_ffmpeg_program(path: Path, rate: int) -> Audio:
    exe = shutil.which("ffmpeg")
    if exe is None:
        raise Unavailable("ffmpeg is not on PATH")
    cmd = [exe, "-nostdin", "-v", "error",
           # "file:" so that a name such as "concat:x" or "http:y" is never a protocol.
           "-i", f"file:{path.absolute()}",
           "-map", "0:a:0",  # the first audio stream, as with PyAV; none is an error
           "-f", "f32le", "-ac", "1", "-ar", str(rate),
           # FFmpeg mixes stereo to mono at -3 dB per channel, which clips two loud
           # channels; capping the mix matrix at 1 makes it the average.
           "-rematrix_maxval", "1",
           "-"]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=FFMPEG_TIMEOUT_S,
                              env=_program_env(), check=False,
                              creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    except subprocess.TimeoutExpired as exc:
        raise DecodeFailure("timeout") from exc
    except OSError as exc:  # not executable after all
        raise Unavailable(f"ffmpeg could not be started ({exc.strerror})") from exc
    usable = len(done.stdout) - len(done.stdout) % 4
    if usable:
        # Decoding errors after good audio still give that audio: a damaged tail is kept.
        return np.frombuffer(done.stdout[:usable], dtype="<f4").astype(np.float32)
    errors = done.stderr.decode("utf-8", "replace")
    if "matches no streams" in errors:
        raise DecodeFailure("no_stream")
    if done.returncode == 0:
        raise DecodeFailure("no_samples")
    if "Error while decoding" in errors:
        raise DecodeFailure("undecodable")
    raise DecodeFailure("unrecognised")


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
