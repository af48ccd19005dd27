"""Decode any audio file into 16 kHz float32 mono samples (what Whisper expects).

Decoders are tried in order (desktop_app.core.audio.audio_decoders):
1. soundfile (libsndfile, always installed): wav at any rate, width (24-bit) or channel
   count, float wav, flac, ogg/opus, mp3, aiff. Our own recordings take this path and,
   being 16 kHz mono already, are not resampled.
2. PyAV, when installed (development, and faster-whisper's own dependency): m4a/AAC and
   everything else FFmpeg decodes.
3. the ffmpeg program, when on PATH: the same for installs that leave PyAV out.
FFmpeg's verdict on a file is final. Without FFmpeg, a file libsndfile cannot read is
either damaged, or valid in a format only FFmpeg decodes; its first bytes tell which
(desktop_app.core.audio.audio_sniff), so a corrupt file is never sent off to install FFmpeg.
A file that cannot be read is a UserError naming the file, never a traceback; only a
regular file is opened at all (desktop_app.core.audio.audio_file), and a file longer than
MAX_AUDIO_S is refused.

Decoding streams: each decoder reads in blocks, mixes and resamples them as they come and
fills one array, so the peak memory is the 16 kHz float32 signal (230 MB an hour) plus a
block, whatever the file's rate, width or channels.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

from desktop_app.core.audio.audio_blocks import TooLong
from desktop_app.core.audio.audio_decoders import (
    DecodeFailure,
    Reason,
    Unavailable,
    decode_ffmpeg_program,
    decode_pyav,
    decode_soundfile,
    pyav_duration_s,
    soundfile_duration_s,
)
from desktop_app.core.audio.audio_file import check_audio_file, too_long_sentence
from desktop_app.core.audio.audio_sniff import FileKind, sniff_file
from desktop_app.core.errors import UserError

WHISPER_RATE = 16000

_FFMPEG_DECODERS = (decode_pyav, decode_ffmpeg_program)


def _failure_sentence(path: Path, reason: Reason, with_ffmpeg: bool) -> str:
    if reason == "no_stream":
        return f"{path} has no audio in it; pick a file with recorded sound."
    if reason == "no_samples":
        return f"{path} contains no audio samples; record or pick another file."
    if reason == "undecodable":
        return (f"{path} could not be decoded (the file is corrupt or not audio); "
                "record it again or pick another file.")
    if reason == "timeout":
        return (f"{path} took too long to decode; convert it to WAV or FLAC and try again.")
    formats = "wav, flac, mp3, m4a or ogg" if with_ffmpeg else "wav, flac, mp3 or ogg"
    return (f"{path} is not an audio file Stagecoach can read (it may be corrupt); "
            f"use {formats}.")


def _install_hint() -> str:
    if sys.platform == "darwin":
        return "for example 'brew install ffmpeg'"
    if sys.platform == "win32":
        return "for example 'winget install ffmpeg'"
    return "for example 'sudo apt install ffmpeg'"


def _needs_ffmpeg_sentence(path: Path, kind: FileKind) -> str:
    return (f"{path} is {kind.described}, which needs FFmpeg to read: install ffmpeg "
            f"({_install_hint()}), or convert the file to WAV, FLAC, MP3 or OGG.")


def _decode(path: Path, sample_rate: int) -> npt.NDArray[np.float32]:
    try:
        return _decode_any(path, sample_rate)
    except TooLong as exc:
        raise UserError(too_long_sentence(path)) from exc


def _decode_any(path: Path, sample_rate: int) -> npt.NDArray[np.float32]:
    try:
        return decode_soundfile(path, sample_rate)
    except DecodeFailure as exc:
        libsndfile_failure = exc
    for decoder in _FFMPEG_DECODERS:
        try:
            return decoder(path, sample_rate)
        except Unavailable:
            continue
        except DecodeFailure as exc:
            raise UserError(_failure_sentence(path, exc.reason, with_ffmpeg=True)) from exc
    kind = sniff_file(path)
    if kind is not None and not kind.libsndfile_reads:
        raise UserError(_needs_ffmpeg_sentence(path, kind)) from libsndfile_failure
    raise UserError(_failure_sentence(path, libsndfile_failure.reason, with_ffmpeg=False)
                    ) from libsndfile_failure


def load_audio(path: str | Path, sample_rate: int = WHISPER_RATE) -> npt.NDArray[np.float32]:
    """All of the file's audio as float32 mono at ``sample_rate`` (values in [-1, 1];
    the decoders clean each block as it comes, see SignalBuffer)."""
    path = Path(path)
    check_audio_file(path)
    return _decode(path, sample_rate)


def audio_duration_s(path: str | Path) -> float:
    """The file's duration in seconds (from its header when it has one, else decoded)."""
    path = Path(path)
    check_audio_file(path)
    seconds = soundfile_duration_s(path)
    if seconds is not None:
        return seconds
    try:
        seconds = pyav_duration_s(path)
    except Unavailable:
        pass
    except DecodeFailure as exc:
        raise UserError(_failure_sentence(path, exc.reason, with_ffmpeg=True)) from exc
    if seconds is not None:
        return seconds
    return len(load_audio(path)) / WHISPER_RATE
