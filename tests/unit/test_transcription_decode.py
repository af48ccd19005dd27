"""audio_decode: every format, rate, channel count and sample width; every bad-file class;
each decoder of the chain against PyAV."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.audio import audio_decoders as decoders
from desktop_app.core.audio.audio_decode import audio_duration_s, load_audio
from desktop_app.core.audio.audio_sniff import FileKind, sniff_file
from desktop_app.core.audio.wav_writer import LiveWavWriter
from desktop_app.core.errors import UserError
from tests.support.decode import aligned_difference, convert
from tests.support.transcription import speech


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speech("Hello, this is a short test of the audio decoder.",
                  tmp_path_factory.mktemp("decode") / "clip.wav")


@pytest.mark.parametrize("name,args", [
    ("clip.flac", []),
    ("clip.mp3", []),
    ("clip.m4a", []),
    ("clip.ogg", []),
    ("clip.opus", []),
    ("clip.aiff", []),
    ("stereo44k24.wav", ["-ac", "2", "-ar", "44100", "-c:a", "pcm_s24le"]),
    ("stereo48kfloat.wav", ["-ac", "2", "-ar", "48000", "-c:a", "pcm_f32le"]),
    ("rate8k.wav", ["-ar", "8000"]),
    ("flac_in.ogg", ["-c:a", "flac"]),  # libsndfile fails on it: PyAV reads it
])
def test_formats_decode_to_the_same_16k_mono_signal(clip: Path, tmp_path: Path, name: str,
                                                     args: list[str]) -> None:
    reference = load_audio(clip)
    other = load_audio(convert(clip, tmp_path / name, *args))
    assert other.dtype == np.float32 and other.ndim == 1
    # Same length within codec padding (m4a/mp3 add up to a few tens of ms).
    assert abs(len(other) - len(reference)) < 0.06 * 16000
    n = min(len(other), len(reference))
    corr = np.corrcoef(reference[:n], other[:n])[0, 1]
    assert corr > (0.9 if "8k" in name else 0.98)
    assert float(np.max(np.abs(other))) <= 1.0
    assert audio_duration_s(tmp_path / name) == pytest.approx(len(reference) / 16000, abs=0.06)


def test_stereo_is_averaged_not_clipped(tmp_path: Path) -> None:
    # Two identical full-scale channels: a summing downmix would clip at 1.0.
    t = np.arange(16000) / 16000
    tone = (0.9 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    import soundfile as sf

    sf.write(tmp_path / "st.wav", np.stack([tone, tone], axis=1), 16000, subtype="PCM_24")
    out = load_audio(tmp_path / "st.wav")
    assert float(np.max(np.abs(out))) == pytest.approx(0.9, abs=0.01)


@pytest.mark.parametrize("kind", ["missing", "empty", "folder", "garbage", "text", "truncated",
                                  "video_without_audio"])
def test_bad_files_are_one_plain_sentence_naming_the_file(clip: Path, tmp_path: Path,
                                                          kind: str) -> None:
    path = tmp_path / f"{kind}.wav"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "folder":
        path.mkdir()
    elif kind == "garbage":
        path.write_bytes(np.random.default_rng(1).bytes(4000))
    elif kind == "text":
        path.write_text("this is not audio\n" * 20)
    elif kind == "truncated":
        path.write_bytes(clip.read_bytes()[:44])  # a WAV header and no samples
    elif kind == "video_without_audio":
        path = tmp_path / "silent.mp4"
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                        "color=c=black:s=32x32:d=1", str(path)], check=True, timeout=60)
    with pytest.raises(UserError) as err:
        load_audio(path)
    message = err.value.message
    assert path.name in message
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message


# Formats libsndfile reads take the soundfile path: its samples against PyAV's on the same
# file. max_rel is the RMS of the difference over the RMS of the signal: 0 where both read
# the same PCM, tiny where two decoders of one lossy codec differ in rounding, about 1 %
# where soxr and FFmpeg resample (their filters differ only near the band edge).
@pytest.mark.parametrize("name,args,max_rel", [
    ("own.wav", [], 0.0),
    ("clip.flac", [], 0.0),
    ("clip.aiff", [], 0.0),
    ("float.wav", ["-c:a", "pcm_f32le"], 0.0),
    ("clip.mp3", [], 1e-5),
    ("clip.ogg", [], 1e-5),
    ("clip.opus", [], 0.02),
    ("stereo44k24.wav", ["-ac", "2", "-ar", "44100", "-c:a", "pcm_s24le"], 0.02),
    ("stereo48kfloat.wav", ["-ac", "2", "-ar", "48000", "-c:a", "pcm_f32le"], 0.02),
    ("stereo44k.mp3", ["-ac", "2", "-ar", "44100"], 0.02),
    ("rate22k.wav", ["-ar", "22050"], 0.03),
    ("rate8k.wav", ["-ar", "8000"], 0.03),
    ("gsm.wav", ["-ar", "8000", "-c:a", "gsm_ms"], 0.03),  # read forwards only
])
def test_soundfile_path_agrees_with_pyav(clip: Path, tmp_path: Path, name: str,
                                         args: list[str], max_rel: float) -> None:
    path = clip if name == "own.wav" else convert(clip, tmp_path / name, *args)
    ours = decoders.decode_soundfile(path, 16000)
    pyav = decoders.decode_pyav(path, 16000)
    # GSM's last block is padded, and the two decoders keep different amounts of it.
    assert abs(len(ours) - len(pyav)) <= (0.05 * 16000 if name == "gsm.wav" else 1)
    lag, rel = aligned_difference(pyav, ours)
    assert lag == 0
    assert rel <= max_rel
    np.testing.assert_array_equal(load_audio(path), np.clip(ours, -1, 1))


def test_own_recordings_are_read_as_is_without_pyav_or_resampling(clip: Path,
                                                                   tmp_path: Path) -> None:
    import soundfile as sf

    pcm, rate = sf.read(clip, dtype="int16")
    assert rate == 16000 and pcm.ndim == 1
    own = tmp_path / "answer.wav"
    writer = LiveWavWriter(own, 16000)
    writer.write(pcm.tobytes())
    writer.close()
    script = ("import json, sys\nfrom desktop_app.core.audio.audio_decode import load_audio\n"
              "a = load_audio(sys.argv[1])\n"
              "print(json.dumps([len(a), [m for m in ('av', 'soxr') if m in sys.modules]]))")
    out = subprocess.run([sys.executable, "-c", script, str(own)], capture_output=True,
                         text=True, check=True, timeout=120)
    n, loaded = json.loads(out.stdout)
    assert n == len(pcm) and loaded == []
    # Bit-exact PCM16 / 32768: no resampler (not even 16 kHz to 16 kHz) touched them.
    np.testing.assert_array_equal(load_audio(own), pcm.astype(np.float32) / 32768)


@pytest.mark.parametrize("name,args", [
    ("clip.m4a", []),
    ("stereo.m4a", ["-ac", "2", "-ar", "44100"]),
    ("stereo44k24.wav", ["-ac", "2", "-ar", "44100", "-c:a", "pcm_s24le"]),
])
def test_ffmpeg_program_agrees_with_pyav(clip: Path, tmp_path: Path, name: str,
                                         args: list[str]) -> None:
    path = convert(clip, tmp_path / name, *args)
    program = decoders.decode_ffmpeg_program(path, 16000)
    pyav = decoders.decode_pyav(path, 16000)
    assert len(program) == len(pyav)
    lag, rel = aligned_difference(pyav, program)
    assert lag == 0 and rel < 1e-4


def test_ffmpeg_program_reads_webm_in_step_with_the_source(clip: Path, tmp_path: Path) -> None:
    # PyAV keeps part of Opus's pre-skip here (audio 4.3 ms late); the program drops it.
    program = decoders.decode_ffmpeg_program(convert(clip, tmp_path / "clip.webm"), 16000)
    source = load_audio(clip)
    assert len(program) == len(source)
    lag, rel = aligned_difference(source, program)
    assert lag == 0 and rel < 0.05  # Opus's own coding noise is 2.7 % here


def test_ffmpeg_program_averages_stereo_instead_of_clipping(tmp_path: Path) -> None:
    import soundfile as sf

    t = np.arange(16000) / 16000
    tone = (0.9 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    sf.write(tmp_path / "st.wav", np.stack([tone, tone], axis=1), 16000, subtype="PCM_24")
    m4a = convert(tmp_path / "st.wav", tmp_path / "st.m4a")
    for path in (tmp_path / "st.wav", m4a):
        # FFmpeg's default mix would give 0.9 * 2 * 0.707 = 1.27 here.
        peak = float(np.max(np.abs(decoders.decode_ffmpeg_program(path, 16000))))
        assert peak == pytest.approx(0.9, abs=0.02)


def test_damaged_tail_is_kept_by_every_decoder(clip: Path, tmp_path: Path) -> None:
    flac = convert(clip, tmp_path / "clip.flac")
    cut = tmp_path / "cut.flac"
    cut.write_bytes(flac.read_bytes()[: flac.stat().st_size // 2])
    whole = len(load_audio(clip))
    for decode in (decoders.decode_soundfile, decoders.decode_pyav,
                   decoders.decode_ffmpeg_program):
        audio = decode(cut, 16000)
        assert 0.3 * whole < len(audio) < 0.7 * whole, decode.__name__
        np.testing.assert_allclose(audio[:8000], load_audio(clip)[:8000], atol=1e-6)


def test_ffmpeg_program_verdicts_on_bad_files(clip: Path, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.m4a"
    garbage.write_bytes(np.random.default_rng(1).bytes(4000))
    header_only = tmp_path / "header.wav"
    header_only.write_bytes(clip.read_bytes()[:44])
    video = tmp_path / "silent.mp4"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "color=c=black:s=32x32:d=1", str(video)], check=True, timeout=60)
    for path, reason in ((garbage, "unrecognised"), (header_only, "no_samples"),
                         (video, "no_stream")):
        with pytest.raises(decoders.DecodeFailure) as failure:
            decoders.decode_ffmpeg_program(path, 16000)
        assert failure.value.reason == reason


@pytest.mark.parametrize("name,args,described,libsndfile", [
    ("clip.wav", None, "a WAV file", True),
    ("clip.mp3", [], "an MP3 file", True),  # behind an ID3 tag
    ("clip.flac", [], "a FLAC file", True),
    ("clip.ogg", [], "an OGG Vorbis file", True),
    ("clip.opus", [], "an Opus file", True),
    ("clip.aiff", [], "an AIFF file", True),
    ("clip.m4a", [], "an M4A file", False),
    ("clip.mp4", [], "an MP4 file", False),
    ("clip.aac", [], "an AAC file", False),
    ("clip.webm", [], "a WebM file", False),
    ("clip.mka", [], "a Matroska (MKA/MKV) file", False),
    ("clip.wma", [], "a WMA file", False),
    ("wma.wav", ["-c:a", "wmav2"], "a WAV file with WMA audio", False),
    ("flac_in.ogg", ["-c:a", "flac"], "an OGG file with FLAC audio", False),
])
def test_file_kinds_come_from_the_bytes(clip: Path, tmp_path: Path, name: str,
                                        args: list[str] | None, described: str,
                                        libsndfile: bool) -> None:
    path = clip if args is None else convert(clip, tmp_path / name, *args)
    assert sniff_file(path) == FileKind(described, libsndfile)
    # libsndfile reads exactly the kinds said to be its own.
    try:
        decoders.decode_soundfile(path, 16000)
        read = True
    except decoders.DecodeFailure:
        read = False
    assert read == libsndfile


def test_files_of_no_known_kind_are_unknown(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.m4a"  # the name says M4A, the bytes do not
    garbage.write_bytes(np.random.default_rng(1).bytes(4000))
    text = tmp_path / "notes.m4a"
    text.write_text("this is not audio\n" * 20)
    assert sniff_file(text) is None
    # These random bytes happen to start with an MPEG sync word: at worst a damaged MP3,
    # which is what they are called; never a valid file that needs FFmpeg.
    kind = sniff_file(garbage)
    assert kind is None or kind.libsndfile_reads


def test_mp3_decoder_notes_stay_off_stderr(clip: Path, tmp_path: Path) -> None:
    # libmpg123 inside libsndfile prints notes on damaged or non-MP3 data straight to
    # descriptor 2; the command line promises one sentence there.
    mp3 = convert(clip, tmp_path / "clip.mp3")
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(mp3.read_bytes()[: mp3.stat().st_size // 2])
    garbage = tmp_path / "garbage.mp3"
    garbage.write_bytes(b"\x00\x01garbage" * 100)
    script = ("import sys\nfrom desktop_app.core.audio.audio_decode import load_audio\n"
              "from desktop_app.core.errors import UserError\n"
              "for name in sys.argv[1:]:\n"
              "    try:\n        print(len(load_audio(name)))\n"
              "    except UserError as exc:\n        print(exc.message)\n")
    done = subprocess.run([sys.executable, "-c", script, str(cut), str(garbage)],
                          capture_output=True, text=True, check=True, timeout=120)
    assert done.stderr == ""
    kept, refused = done.stdout.splitlines()
    assert 0.3 * len(load_audio(clip)) < int(kept) < 0.7 * len(load_audio(clip))
    assert refused.startswith(f"{garbage} is not an audio file Stagecoach can read")
