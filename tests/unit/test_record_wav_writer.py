"""The live-header WAV writer and the header repairer (no audio device needed)."""

from __future__ import annotations

import os
import stat
import struct
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from desktop_app.core.audio.wav_writer import (
    HEADER_SIZE,
    LiveWavWriter,
    WavRepairError,
    file_in_use,
    repair_wav,
)
from tests.support.record import PROJECT_ROOT, read_wav


def _tone(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(n) * 3000).astype(np.int16)


def test_file_is_valid_after_every_write_and_holds_exactly_what_was_written(
        tmp_path: Path) -> None:
    out = tmp_path / "a.wav"
    w = LiveWavWriter(out)
    with wave.open(str(out)) as first:
        assert first.getnframes() == 0  # valid from the first moment
    written = []
    for i, n in enumerate((800, 1, 1600, 333)):
        block = _tone(n, i)
        w.write(block.tobytes())
        written.append(block)
        samples, rate = read_wav(out)  # read while the writer still has the file open
        assert rate == 16000
        assert np.array_equal(samples, np.concatenate(written).astype(np.float64))
    w.close()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.stat().st_size == HEADER_SIZE + 2 * sum(len(b) for b in written)
    assert not list(tmp_path.glob(".*.new"))  # the temporary creation name is gone


def test_new_folders_are_private_but_existing_ones_keep_their_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    LiveWavWriter(shared / "a.wav").close()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    LiveWavWriter(shared / "new" / "b.wav").close()
    assert stat.S_IMODE((shared / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE((shared / "new" / "b.wav").stat().st_mode) == 0o600


def test_rejects_partial_frames(tmp_path: Path) -> None:
    w = LiveWavWriter(tmp_path / "a.wav")
    with pytest.raises(ValueError):
        w.write(b"\x01\x02\x03")
    w.close()


def test_file_size_limit_keeps_whole_frames_with_a_valid_header(tmp_path: Path) -> None:
    """Under `prlimit --fsize` the write fails with EFBIG (CPython ignores SIGXFSZ) and
    the header covers exactly the whole frames that fit."""
    out = tmp_path / "limited.wav"
    script = (
        "import sys, errno\n"
        "from pathlib import Path\n"
        "from desktop_app.core.audio.wav_writer import LiveWavWriter\n"
        "w = LiveWavWriter(Path(sys.argv[1]))\n"
        "try:\n"
        "    for _ in range(100):\n"
        "        w.write(b'\\x07\\x00' * 1000)\n"
        "except OSError as e:\n"
        "    print('errno', errno.errorcode[e.errno], w.frames)\n"
        "w.close()\n"
    )
    proc = subprocess.run(
        ["prlimit", "--fsize=10001", sys.executable, "-c", script, str(out)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split()[:2] == ["errno", "EFBIG"]
    frames = int(proc.stdout.split()[2])
    assert frames == (10001 - HEADER_SIZE) // 2  # the odd last byte is not a frame
    with wave.open(str(out)) as w:
        assert w.getnframes() == frames
    assert out.stat().st_size == HEADER_SIZE + 2 * frames


def _stale_header_copy(src: Path, dst: Path, riff: int, data: int, extra: bytes = b"") -> None:
    raw = bytearray(src.read_bytes()) + extra
    raw[4:8] = struct.pack("<I", riff)
    raw[40:44] = struct.pack("<I", data)
    dst.write_bytes(bytes(raw))


def test_repair_fixes_sizes_cut_partial_frame_and_is_idempotent(tmp_path: Path) -> None:
    good = tmp_path / "good.wav"
    w = LiveWavWriter(good)
    w.write(_tone(16000).tobytes())
    w.close()
    broken = tmp_path / "broken.wav"
    _stale_header_copy(good, broken, riff=36, data=0, extra=b"\x05")  # + half a frame
    with wave.open(str(broken)) as wf:
        assert wf.getnframes() == 0  # what a reader sees before repair
    fixed = repair_wav(broken)
    assert fixed.changed and fixed.frames == 16000 and fixed.duration_s == 1.0
    assert broken.read_bytes() == good.read_bytes()
    again = repair_wav(broken)
    assert not again.changed and again.frames == 16000


def test_repair_handles_libsndfile_crash_files_with_extra_chunks(tmp_path: Path) -> None:
    """soundfile writes its sizes only at close; a killed writer leaves RIFF=8/data=0."""
    f = tmp_path / "sf.wav"
    data = _tone(8000)
    sf.write(f, data, 16000, subtype="PCM_16")
    raw = bytearray(f.read_bytes())
    data_at = raw.index(b"data")
    raw[4:8] = struct.pack("<I", 8)
    raw[data_at + 4:data_at + 8] = struct.pack("<I", 0)
    f.write_bytes(bytes(raw))
    assert repair_wav(f).frames == 8000
    samples, _ = read_wav(f)
    assert np.array_equal(samples, data.astype(np.float64))


def test_repair_refuses_files_that_are_not_wav(tmp_path: Path) -> None:
    f = tmp_path / "x.wav"
    f.write_bytes(b"not a wave file at all, really")
    with pytest.raises(WavRepairError):
        repair_wav(f)
    f.write_bytes(b"RIFF")
    with pytest.raises(WavRepairError):
        repair_wav(f)


def test_open_writer_holds_a_lock_that_recovery_can_see(tmp_path: Path) -> None:
    out = tmp_path / "live.wav"
    w = LiveWavWriter(out)
    if os.name == "nt":
        pytest.skip("advisory locks are POSIX")
    assert file_in_use(out)
    w.close()
    assert not file_in_use(out)


def test_exclusive_writer_and_its_rename_never_replace_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "1.wav"
    existing.write_bytes(b"an older answer")
    with pytest.raises(FileExistsError):
        LiveWavWriter(existing, exclusive=True)
    assert existing.read_bytes() == b"an older answer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.wav"]  # no temporary left

    writer = LiveWavWriter(tmp_path / "2.wav.partial", exclusive=True)
    writer.write(b"\x01\x00" * 1600)
    writer.close()
    assert writer.rename(existing) == tmp_path / "1-2.wav"
    assert existing.read_bytes() == b"an older answer"
    assert (tmp_path / "1-2.wav").stat().st_size == 44 + 3200
