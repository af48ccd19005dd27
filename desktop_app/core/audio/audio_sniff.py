"""What kind of audio file this is, from its first bytes (never from its name alone).

Only consulted when no FFmpeg is available and libsndfile could not read a file: then the
question is whether the file is damaged, or fine but in a format only FFmpeg decodes
(m4a/AAC, webm, wma, ...). Magic bytes answer it; a garbage file named ``x.m4a`` has no
MP4 header, so it is called corrupt rather than sent off to install FFmpeg.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_HEAD_BYTES = 4096


@dataclass(frozen=True)
class FileKind:
    described: str  # fits "{path} is {described}, which ...": "an M4A file"
    libsndfile_reads: bool  # if True, libsndfile failing on it means the file is damaged


# The WAV codec tags libsndfile 1.2 decodes (wav.c); anything else in a RIFF WAVE
# (AAC, WMA, G.726, ...) is a valid file that needs FFmpeg.
_LIBSNDFILE_WAV_CODECS = frozenset({
    0x0001,  # PCM
    0x0002,  # MS ADPCM
    0x0003,  # IEEE float
    0x0006,  # A-law
    0x0007,  # mu-law
    0x0011,  # IMA ADPCM
    0x0031,  # GSM 6.10
    0x0040,  # G.721 ADPCM
    0x0055,  # MPEG layer III
    0xFFFE,  # WAVE_FORMAT_EXTENSIBLE (PCM or float in practice)
})
_WAV_CODEC_NAMES = {0x00FF: "AAC", 0x1610: "AAC", 0xA106: "AAC", 0x0161: "WMA",
                    0x0162: "WMA", 0x0163: "WMA", 0x2000: "AC-3", 0x2001: "DTS",
                    0x0045: "G.726", 0x0050: "MPEG"}
_MP4_BOXES = (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip", b"pnot")
_CAF_LIBSNDFILE = (b"lpcm", b"alac", b"ulaw", b"alaw")
_OGG_CODECS = {  # first packet of the first stream -> (described, libsndfile reads it)
    b"\x01vorbis": ("an OGG Vorbis file", True),
    b"OpusHead": ("an Opus file", True),
    # libsndfile claims FLAC-in-OGG but fails on what FFmpeg writes; Speex is not built in.
    b"\x7fFLAC": ("an OGG file with FLAC audio", False),
    b"Speex   ": ("an OGG file with Speex audio", False),
    b"\x80theora": ("an OGG video file", False),
}
_FFMPEG_ONLY_MAGIC = (  # (offset, magic, described)
    (0, b"\x1a\x45\xdf\xa3", "a Matroska (MKA/MKV) file"),
    (0, bytes.fromhex("3026b2758e66cf11a6d900aa0062ce6c"), "a WMA file"),
    (0, b"#!AMR", "an AMR file"),
    (0, b"MAC ", "an APE (Monkey's Audio) file"),
    (0, b"wvpk", "a WavPack file"),
    (0, b"MPCK", "a Musepack file"),
    (0, b"MP+", "a Musepack file"),
    (0, b".RMF", "a RealMedia file"),
    (0, b".ra\xfd", "a RealAudio file"),
    (0, b"DSD ", "a DSF file"),
    (0, b"\x00\x00\x01\xba", "an MPEG video file"),
)


def sniff_file(path: Path) -> FileKind | None:
    """The file's kind, or None when its bytes match no audio format known here."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
            if head[:3] == b"ID3" and len(head) >= 10:
                # An ID3v2 tag (often with cover art) precedes MP3, and sometimes AAC or FLAC.
                size = 10 + _syncsafe(head[6:10]) + (10 if head[5] & 0x10 else 0)
                fh.seek(size)
                after = fh.read(_HEAD_BYTES)
                return _after_id3(after)
    except OSError:
        return None
    return sniff(head, path.suffix)


def sniff(head: bytes, suffix: str = "") -> FileKind | None:
    """The kind of a file starting with ``head``; ``suffix`` only picks between names."""
    if head[:4] in (b"RIFF", b"RIFX", b"RF64") and head[8:12] == b"WAVE":
        return _wav(head)
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return FileKind("an AVI file", False)
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return FileKind("an AIFF file", True)
    if head[:4] == b"fLaC":
        return FileKind("a FLAC file", True)
    if head[:4] == b"OggS":
        return _ogg(head)
    if head[:4] == b"caff":
        return _caf(head)
    if head[:4] == b".snd":
        return FileKind("an AU file", True)
    if head[4:8] in _MP4_BOXES:
        return FileKind(_mp4_name(head, suffix.lower()), False)
    if head[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in head[:64]:
        return FileKind("a WebM file", False)
    for offset, magic, described in _FFMPEG_ONLY_MAGIC:
        if head[offset:offset + len(magic)] == magic:
            return FileKind(described, False)
    if len(head) > 376 and head[0] == head[188] == head[376] == 0x47:
        return FileKind("an MPEG-TS file", False)
    if _is_adts(head):
        return FileKind("an AAC file", False)
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06:
        return FileKind("an MP3 file", True)
    return None


def _after_id3(after: bytes) -> FileKind:
    if after[:4] == b"fLaC":
        return FileKind("a FLAC file", True)
    if _is_adts(after):
        return FileKind("an AAC file", False)
    return FileKind("an MP3 file", True)


def _syncsafe(four: bytes) -> int:
    return (four[0] & 0x7F) << 21 | (four[1] & 0x7F) << 14 | (four[2] & 0x7F) << 7 | four[3] & 0x7F


def _is_adts(head: bytes) -> bool:
    """An AAC ADTS frame header (MPEG sync with layer 0), confirmed by the next frame's."""
    if len(head) < 7 or head[0] != 0xFF or head[1] & 0xF6 != 0xF0:
        return False
    length = (head[3] & 0x03) << 11 | head[4] << 3 | head[5] >> 5
    nxt = head[length:length + 2]
    # Two headers in a row make a chance match in damaged data very unlikely.
    return length >= 7 and (len(nxt) < 2 or (nxt[0] == 0xFF and nxt[1] & 0xF6 == 0xF0))


def _wav(head: bytes) -> FileKind:
    big_endian = head[:4] == b"RIFX"
    offset = 12
    while offset + 10 <= len(head):
        chunk, size = head[offset:offset + 4], head[offset + 4:offset + 8]
        length = int.from_bytes(size, "big" if big_endian else "little")
        if chunk == b"fmt ":
            tag = int.from_bytes(head[offset + 8:offset + 10], "big" if big_endian else "little")
            if tag in _LIBSNDFILE_WAV_CODECS:
                return FileKind("a WAV file", True)
            if tag in _WAV_CODEC_NAMES:
                return FileKind(f"a WAV file with {_WAV_CODEC_NAMES[tag]} audio", False)
            return FileKind(f"a WAV file with audio in codec 0x{tag:04x}", False)
        if length == 0xFFFFFFFF:  # an RF64 placeholder size: the real one is in ds64
            break
        offset += 8 + length + (length & 1)
    return FileKind("a WAV file", True)  # no readable fmt chunk: a damaged WAV


def _ogg(head: bytes) -> FileKind | None:
    if len(head) < 28:
        return None
    packet = head[27 + head[26]:]
    for ident, (described, reads) in _OGG_CODECS.items():
        if packet.startswith(ident):
            return FileKind(described, reads)
    return None


def _caf(head: bytes) -> FileKind:
    # 'caff' header (8 bytes), then the 'desc' chunk: type, size, sample rate, format id.
    fmt = head[28:32]
    if head[8:12] != b"desc" or fmt in _CAF_LIBSNDFILE:
        return FileKind("a CAF file", True)
    return FileKind(f"a CAF file with {fmt.decode('latin-1').strip().upper()} audio", False)


def _mp4_name(head: bytes, suffix: str) -> str:
    brand = head[8:12] if head[4:8] == b"ftyp" else b""
    if brand[:3] in (b"M4A", b"M4B", b"M4P") or suffix in (".m4a", ".m4b"):
        return "an M4A file"
    if brand[:3] in (b"3gp", b"3g2") or suffix in (".3gp", ".3g2"):
        return "a 3GP file"
    if brand == b"qt  " or suffix == ".mov":
        return "a QuickTime (MOV) file"
    return "an MP4 file"
