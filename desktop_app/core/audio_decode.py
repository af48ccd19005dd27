"""Decode any audio file into 16 kHz float32 mono samples (what Whisper expects).

PyAV bundles FFmpeg's decoders, so wav, flac, mp3, m4a and ogg at any rate, with any
number of channels and any sample width (24-bit included) load without an ffmpeg
program. A file that cannot be read is a UserError naming the file, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from desktop_app.core.errors import UserError

WHISPER_RATE = 16000
# Resampled to float32 planar with the source's channel layout; channels are averaged
# here, because FFmpeg's own stereo-to-mono mix adds them at -3 dB and can clip.
_FORMAT = "fltp"


def _check_file(path: Path) -> None:
    if not path.exists():
        raise UserError(f"The audio file {path} does not exist; check the path.")
    if path.is_dir():
        raise UserError(f"{path} is a folder, not an audio file; give the path of a file.")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UserError(f"The audio file {path} cannot be read ({exc.strerror}).") from exc
    if size == 0:
        raise UserError(f"The audio file {path} is empty; record or pick another file.")


def _open(path: Path) -> Any:
    import av

    try:
        container = av.open(str(path), mode="r", metadata_errors="ignore")
    except PermissionError as exc:
        raise UserError(f"The audio file {path} cannot be read: permission denied.") from exc
    except (av.error.FFmpegError, OSError, UnicodeDecodeError, ValueError) as exc:
        raise UserError(
            f"{path} is not an audio file Stagecoach can read (it may be corrupt); "
            "use wav, flac, mp3, m4a or ogg."
        ) from exc
    if not container.streams.audio:
        container.close()
        raise UserError(f"{path} has no audio in it; pick a file with recorded sound.")
    return container


def _mono(frame: Any) -> npt.NDArray[np.float32]:
    planes = np.asarray(frame.to_ndarray(), dtype=np.float32)
    if planes.ndim == 2 and planes.shape[0] > 1:
        mixed: npt.NDArray[np.float32] = planes.mean(axis=0, dtype=np.float32)
        return mixed
    return planes.reshape(-1)


def load_audio(path: str | Path, sample_rate: int = WHISPER_RATE) -> npt.NDArray[np.float32]:
    """All of the file's audio as float32 mono at ``sample_rate`` (values in [-1, 1])."""
    import av

    path = Path(path)
    _check_file(path)
    container = _open(path)
    stream = container.streams.audio[0]
    resampler = av.AudioResampler(format=_FORMAT, layout=stream.layout.name, rate=sample_rate)
    parts: list[npt.NDArray[np.float32]] = []
    try:
        try:
            for frame in container.decode(stream):
                parts.extend(_mono(out) for out in resampler.resample(frame))
            # Flush what the resampler still holds back.
            parts.extend(_mono(out) for out in resampler.resample(None))
        except (av.error.FFmpegError, ValueError) as exc:
            # A damaged tail after good audio is kept; a file with nothing decodable is not.
            if not parts:
                raise UserError(
                    f"{path} could not be decoded (the file is corrupt or not audio); "
                    "record it again or pick another file."
                ) from exc
    finally:
        container.close()
    if not parts:
        raise UserError(f"{path} contains no audio samples; record or pick another file.")
    audio = np.concatenate(parts)
    if not np.all(np.isfinite(audio)):
        audio = np.nan_to_num(audio, nan=0.0, posinf=1.0, neginf=-1.0)
    return np.clip(audio, -1.0, 1.0).astype(np.float32, copy=False)


def audio_duration_s(path: str | Path) -> float:
    """The file's duration in seconds (from its header when it has one, else decoded)."""
    path = Path(path)
    _check_file(path)
    container = _open(path)
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
    return len(load_audio(path)) / WHISPER_RATE
