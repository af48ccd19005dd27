"""A PCM WAV writer whose file is valid on disk at every moment, and a header repairer.

Why our own writer: libsndfile (soundfile) writes the RIFF and data sizes only at close, so
after a crash the file claims 0 frames and Python's ``wave`` refuses it. Here the 44-byte
header is written first, samples are appended, and after every write batch the two size
fields are rewritten in place to cover exactly the whole frames on disk. The sizes never
run ahead of the data, so a ``kill -9`` at any instant leaves a file that opens everywhere
and holds everything written before it.

``repair_wav`` fixes files whose header is stale (written by another program, or a crash
of the operating system before the last header update reached the disk).
"""

from __future__ import annotations

import contextlib
import errno
import os
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core import no_clobber, paths

HEADER_SIZE = 44
# RIFF sizes are 32-bit: stop a little before 4 GiB (about 37 hours of 16 kHz mono PCM16).
MAX_DATA_BYTES = 0xFFFFFFFF - 64 - 1024 * 1024

try:  # advisory lock: tells recovery that a live recorder still owns the file
    import fcntl
except ImportError:  # Windows: an open file cannot be renamed there anyway
    fcntl = None  # type: ignore[assignment]


def _header(sample_rate: int, channels: int, sampwidth: int, data_bytes: int) -> bytes:
    block_align = channels * sampwidth
    return struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF", 36 + data_bytes, b"WAVE",
        b"fmt ", 16, 1, channels, sample_rate, sample_rate * block_align, block_align,
        sampwidth * 8,
        b"data", data_bytes,
    )


def _pwrite(fd: int, data: bytes, offset: int) -> None:
    """Write at ``offset`` without moving the append position."""
    if hasattr(os, "pwrite"):
        os.pwrite(fd, data, offset)
        return
    pos = os.lseek(fd, 0, os.SEEK_CUR)  # Windows has no pwrite
    os.lseek(fd, offset, os.SEEK_SET)
    os.write(fd, data)
    os.lseek(fd, pos, os.SEEK_SET)


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable (POSIX only; Windows has no directory handles for this)."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class LiveWavWriter:
    """Append-only PCM writer with a header kept current after every ``write``.

    Not thread-safe: one thread (the recorder's writer thread) owns it.
    """

    def __init__(self, path: Path, sample_rate: int = 16000, channels: int = 1,
                 sampwidth: int = 2, *, exclusive: bool = False) -> None:
        self.path = Path(path)
        # exclusive: FileExistsError rather than replacing a file already at ``path`` (an
        # answer's recording must never take the place of another one).
        self.exclusive = exclusive
        self.sample_rate = sample_rate
        self.channels = channels
        self.sampwidth = sampwidth
        self.block_align = channels * sampwidth
        self.data_bytes = 0
        self._fd = self._create()

    def _create(self) -> int:
        """Create the file with its header under a temporary name, then rename it into place.

        So the path is either absent/the old file or a valid WAV: never an empty file.
        """
        if not self.path.parent.exists():
            # Only folders we create are made owner-only: a folder the user names (say
            # /tmp for `stagecoach record /tmp/x.wav`) must keep its own mode.
            paths.ensure_private_dir(self.path.parent)
        # Windows cannot rename a file that is open: create it in place there.
        tmp = self.path if sys.platform == "win32" else \
            self.path.with_name(f".{self.path.name}.{os.getpid()}.new")
        if tmp == self.path and self.exclusive:
            fd = no_clobber.create_exclusive(tmp)  # FileExistsError: nothing of ours to undo
        else:
            fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC |
                         getattr(os, "O_BINARY", 0), paths.FILE_MODE)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(fd, _header(self.sample_rate, self.channels, self.sampwidth, 0))
            os.fsync(fd)
            if tmp != self.path:
                if self.exclusive:
                    no_clobber.move_exact(tmp, self.path)  # FileExistsError when taken
                else:
                    os.replace(tmp, self.path)
        except BaseException:
            os.close(fd)
            if tmp != self.path or not self.exclusive:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            raise
        paths.make_private(self.path)
        _fsync_dir(self.path.parent)
        return fd

    @property
    def frames(self) -> int:
        return self.data_bytes // self.block_align

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate

    @property
    def closed(self) -> bool:
        return self._fd < 0

    def write(self, data: bytes) -> None:
        """Append whole frames and update the header. Raises OSError (ENOSPC, EFBIG, EIO...).

        After an error the header still describes the whole frames that reached the file;
        bytes of a frame cut short stay uncounted (``close`` trims them).
        """
        if self._fd < 0:
            raise ValueError("write to a closed WAV file")
        if len(data) % self.block_align:
            raise ValueError("WAV data must be whole frames")
        if self.data_bytes + len(data) > MAX_DATA_BYTES:
            raise OSError(errno.EFBIG, "WAV size limit reached")
        buf = memoryview(data)
        written = 0
        try:
            while written < len(buf):
                written += os.write(self._fd, buf[written:])
        finally:
            whole = self.data_bytes + written - written % self.block_align
            if whole != self.data_bytes:
                self.data_bytes = whole
                self._write_sizes()

    def _write_sizes(self) -> None:
        _pwrite(self._fd, struct.pack("<I", 36 + self.data_bytes), 4)
        _pwrite(self._fd, struct.pack("<I", self.data_bytes), 40)

    def sync(self) -> None:
        """Push data and header to the disk (survives power loss, not only a process kill)."""
        if self._fd >= 0:
            os.fsync(self._fd)

    def close(self) -> None:
        """Cut any stray partial frame, write the final header, fsync and close. Idempotent."""
        if self._fd < 0:
            return
        fd, self._fd = self._fd, -1
        try:
            os.ftruncate(fd, HEADER_SIZE + self.data_bytes)
            _pwrite(fd, _header(self.sample_rate, self.channels, self.sampwidth,
                                self.data_bytes), 0)
            os.fsync(fd)
        finally:
            os.close(fd)

    def rename(self, target: Path) -> Path:
        """Move the file to ``target`` — or, when a file is already there, to the first free
        name beside it (never over it) — and make the move durable (close first on
        Windows). Returns where the file now is."""
        self.path = no_clobber.move(self.path, Path(target))
        _fsync_dir(self.path.parent)
        return self.path


def file_in_use(path: Path) -> bool:
    """True when a live recorder holds the file (its advisory lock is taken)."""
    if fcntl is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


@dataclass(frozen=True)
class WavRepair:
    path: Path
    frames: int
    sample_rate: int
    changed: bool  # the header (or a trailing partial frame) had to be fixed

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate if self.sample_rate else 0.0


class WavRepairError(Exception):
    """The file has no usable WAV header (nothing can be recovered from it)."""


def repair_wav(path: Path) -> WavRepair:
    """Make a PCM WAV's header match the data on disk. Idempotent.

    RIFF size = file length - 8, data size = bytes after the data header rounded down to
    whole frames (a trailing partial frame is cut off first).
    """
    path = Path(path)
    with open(path, "r+b") as fh:
        size = os.fstat(fh.fileno()).st_size
        head = fh.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            raise WavRepairError(f"{path} is not a WAV file")
        offset = 12
        block_align = sample_rate = 0
        data_offset = -1
        while offset + 8 <= size:
            fh.seek(offset)
            chunk_id, chunk_size = struct.unpack("<4sI", fh.read(8))
            if chunk_id == b"fmt ":
                fmt = fh.read(min(chunk_size, 16))
                if len(fmt) < 16:
                    raise WavRepairError(f"{path} has a damaged format chunk")
                _tag, _channels, sample_rate, _rate, block_align, _bits = struct.unpack(
                    "<HHIIHH", fmt)
            elif chunk_id == b"data":
                data_offset = offset + 8
                break
            offset += 8 + chunk_size + (chunk_size & 1)
        if data_offset < 0 or block_align <= 0 or sample_rate <= 0:
            raise WavRepairError(f"{path} has no audio data header")
        data_bytes = size - data_offset
        data_bytes -= data_bytes % block_align
        data_bytes = min(data_bytes, MAX_DATA_BYTES - MAX_DATA_BYTES % block_align)
        new_size = data_offset + data_bytes
        fh.seek(4)
        old_riff = struct.unpack("<I", fh.read(4))[0]
        fh.seek(data_offset - 4)
        old_data = struct.unpack("<I", fh.read(4))[0]
        changed = new_size != size or old_riff != new_size - 8 or old_data != data_bytes
        if changed:
            fh.truncate(new_size)
            fh.seek(4)
            fh.write(struct.pack("<I", new_size - 8))
            fh.seek(data_offset - 4)
            fh.write(struct.pack("<I", data_bytes))
            fh.flush()
            os.fsync(fh.fileno())
    return WavRepair(path, data_bytes // block_align, sample_rate, changed)
