"""Bad audio inputs for the decoding tests: damaged files, wrong headers, odd file types.

Each case is made in a folder by ``make_case``; random bytes come from a fixed seed, so a
failing case can be made again and looked at.
"""

from __future__ import annotations

import io
import os
import socket
import struct
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = PROJECT_ROOT / "resources" / "sample" / "answer.wav"
RANDOM_SUFFIXES = (".flac", ".wav", ".mp3", ".m4a", ".ogg")
RANDOM_SIZES = (64, 4096, 150_000)


def random_bytes(n: int, seed: int) -> bytes:
    return np.random.default_rng(seed).integers(0, 256, n, dtype=np.uint8).tobytes()


def wav_header(channels: int, rate: int, bits: int = 16, data_bytes: int = 32000) -> bytes:
    """A canonical 44-byte PCM WAV header claiming these values (followed by no data)."""
    block_align = channels * bits // 8
    byte_rate = (rate * block_align) & 0xFFFFFFFF
    fmt = struct.pack("<HHIIHH", 1, channels, rate, byte_rate, block_align & 0xFFFF, bits)
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
            + b"fmt " + struct.pack("<I", 16) + fmt
            + b"data" + struct.pack("<I", data_bytes))


def _tone(seconds: float = 2.0, rate: int = 16000) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def _flac_bytes() -> bytes:
    out = io.BytesIO()
    sf.write(out, _tone(), 16000, format="FLAC")
    return out.getvalue()


def _wav_bytes() -> bytes:
    out = io.BytesIO()
    sf.write(out, _tone(), 16000, format="WAV", subtype="PCM_16")
    return out.getvalue()


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("notes.txt", "not audio " * 2000)
        z.writestr("more.bin", random_bytes(20_000, 7))
    return out.getvalue()


def _with_data(header: bytes, n: int) -> bytes:
    return header + random_bytes(n, 11)


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], Path]  # folder -> the path to give the command
    valid: bool = False  # True: the file is good audio and must be read


def _file(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path
    return make


def _non_utf8_name(folder: Path) -> Path:
    # The first 4 s of the sample answer (a few words: quick to transcribe), under a name
    # with bytes that are not UTF-8, as files from older systems or archives can have.
    raw = os.fsencode(folder) + b"/answer-\xff\xfe.wav"
    pcm, rate = sf.read(SAMPLE, dtype="int16", frames=4 * 16000)
    sf.write(raw, pcm, rate, subtype="PCM_16")
    return Path(os.fsdecode(raw))


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.wav"
    os.mkfifo(path)
    return path


def _folder(folder: Path) -> Path:
    path = folder / "folder.wav"
    path.mkdir()
    return path


def _socket_file(folder: Path) -> Path:
    # A short relative name: socket paths are limited to about 100 bytes.
    path = folder / "sock.wav"
    here = os.getcwd()
    os.chdir(folder)
    try:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind("sock.wav")
    finally:
        os.chdir(here)
    _SOCKETS.append(server)
    return path


_SOCKETS: list[socket.socket] = []


def bad_cases() -> list[Case]:
    cases = [
        Case(f"random {size} B {suffix}", _file(f"random-{size}{suffix}",
                                                 random_bytes(size, size + i)))
        for i, suffix in enumerate(RANDOM_SUFFIXES) for size in RANDOM_SIZES
    ]
    wav, flac = _wav_bytes(), _flac_bytes()
    cases += [
        Case("zip named .flac", _file("archive.flac", _zip_bytes())),
        Case("zip named .wav", _file("archive.wav", _zip_bytes())),
        Case("WAV cut inside its header", _file("cut-header.wav", wav[:30])),
        Case("WAV header only", _file("header-only.wav", wav[:44])),
        Case("FLAC cut inside its header", _file("cut-header.flac", flac[:20])),
        Case("FLAC cut after its header", _file("cut.flac", flac[:200])),
        Case("WAV claiming 0 channels", _file("zero-channels.wav",
                                              _with_data(wav_header(0, 16000), 32000))),
        Case("WAV claiming 65,535 channels", _file("many-channels.wav",
                                                   _with_data(wav_header(65535, 16000), 32000))),
        Case("WAV claiming 4,294,967,295 Hz", _file("huge-rate.wav",
                                                    _with_data(wav_header(1, 0xFFFFFFFF), 32000))),
        Case("WAV claiming 0 Hz", _file("zero-rate.wav",
                                        _with_data(wav_header(1, 0), 32000))),
        Case("WAV claiming 1 Hz (a year of audio)", _file("one-hz.wav",
                                                          _with_data(wav_header(1, 1), 64000))),
        Case("empty file", _file("empty.wav", b"")),
        Case("text named .mp3", _file("notes.mp3", b"These are my notes.\n" * 50)),
        Case("named pipe", _fifo),
        Case("/dev/zero", lambda _folder: Path("/dev/zero")),
        Case("folder", _folder),
        Case("socket", _socket_file),
        Case("valid WAV with a non-UTF-8 name", _non_utf8_name, valid=True),
    ]
    return cases


@contextmanager
def made(case: Case, folder: Path) -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    try:
        yield case.make(folder)
    finally:
        while _SOCKETS:
            _SOCKETS.pop().close()
