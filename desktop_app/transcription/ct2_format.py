"""Read a CTranslate2 ``model.bin`` into numpy arrays (no ctranslate2 import needed).

Layout (little endian), as written by ctranslate2/specs/model_spec.py:
u32 binary_version | str spec_name | u32 revision | u32 n_vars |
n_vars x {str name | u8 rank | u32 dims[rank] | u8 dtype | u32 n_bytes | raw} |
u32 n_aliases | n_aliases x {str alias | str target}
where str = u16 length (including the NUL) + UTF-8 bytes + NUL.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from desktop_app.core.errors import UserError

# dtype ids of the format; bfloat16 (5) has no numpy type and is widened on read.
_DTYPES: dict[int, np.dtype[np.generic]] = {
    0: np.dtype("<f4"),
    1: np.dtype("i1"),
    2: np.dtype("<i2"),
    3: np.dtype("<i4"),
    4: np.dtype("<f2"),
    5: np.dtype("<u2"),
}
DTYPE_NAMES = {0: "float32", 1: "int8", 2: "int16", 3: "int32", 4: "float16", 5: "bfloat16"}
_FLOAT_TYPES = ("float32", "float16")
_MIN_VERSION = 4
_MAX_VERSION = 64  # a far larger number means the bytes are not this format at all


class NotCT2ModelError(UserError):
    """The file is not a readable CTranslate2 model."""


@dataclass
class CT2Model:
    spec_name: str
    binary_version: int
    revision: int
    variables: dict[str, npt.NDArray[np.generic]] = field(default_factory=dict)
    dtypes: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> npt.NDArray[np.generic]:
        target = self.aliases.get(name, name)
        return self.variables[target]

    def scalar(self, name: str) -> int:
        return int(np.asarray(self.get(name)).reshape(-1)[0])


class _Reader:
    def __init__(self, buf: memoryview, path: Path) -> None:
        self.buf = buf
        self.pos = 0
        self.path = path

    def _take(self, n: int) -> memoryview:
        if n < 0 or self.pos + n > len(self.buf):
            raise NotCT2ModelError(
                f"{self.path} is not a CTranslate2 model file (it ends early or is damaged)."
            )
        view = self.buf[self.pos : self.pos + n]
        self.pos += n
        return view

    def u8(self) -> int:
        return int(self._take(1)[0])

    def u16(self) -> int:
        return int(struct.unpack("<H", self._take(2))[0])

    def u32(self) -> int:
        return int(struct.unpack("<I", self._take(4))[0])

    def string(self) -> str:
        n = self.u16()
        raw = bytes(self._take(n))
        if n == 0 or raw[-1] != 0:
            raise NotCT2ModelError(f"{self.path} is not a CTranslate2 model file.")
        try:
            return raw[:-1].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotCT2ModelError(f"{self.path} is not a CTranslate2 model file.") from exc

    def array(self, dtype_id: int, dims: list[int], n_bytes: int) -> npt.NDArray[np.generic]:
        raw = self._take(n_bytes)
        dtype = _DTYPES.get(dtype_id)
        if dtype is None:
            raise NotCT2ModelError(f"{self.path} uses an unknown CTranslate2 data type.")
        count = int(np.prod(dims)) if dims else 1
        if count * dtype.itemsize != n_bytes:
            raise NotCT2ModelError(f"{self.path} is not a CTranslate2 model file (bad sizes).")
        arr = np.frombuffer(raw, dtype=dtype, count=count).reshape(dims or ())
        if dtype_id == 5:  # bfloat16: the high half of a float32
            arr = (arr.astype(np.uint32) << 16).view(np.float32)
        return arr


def read_ct2_model(path: Path) -> CT2Model:
    """Parse ``path`` fully (the arrays are views of one in-memory copy of the file)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise UserError(f"The model file {path} cannot be read ({exc.strerror}).") from exc
    if not data:
        raise NotCT2ModelError(f"{path} is empty, not a model file.")
    return _parse(memoryview(data), path)


def _parse(buf: memoryview, path: Path) -> CT2Model:
    r = _Reader(buf, path)
    version = r.u32()
    if not _MIN_VERSION <= version <= _MAX_VERSION:
        raise NotCT2ModelError(f"{path} is not a CTranslate2 model file (version {version}).")
    spec = r.string()
    model = CT2Model(spec_name=spec, binary_version=version, revision=r.u32())
    n_vars = r.u32()
    for _ in range(n_vars):
        name = r.string()
        rank = r.u8()
        dims = [r.u32() for _ in range(rank)]
        dtype_id = r.u8()
        n_bytes = r.u32()
        model.variables[name] = r.array(dtype_id, dims, n_bytes)
        model.dtypes[name] = DTYPE_NAMES.get(dtype_id, "?")
    try:
        n_aliases = r.u32()
    except NotCT2ModelError:
        n_aliases = 0  # files from before aliases existed end here
    for _ in range(n_aliases):
        alias = r.string()
        model.aliases[alias] = r.string()
    return model


def write_ct2_model(model: CT2Model, path: Path) -> None:
    """Serialize ``model`` in the same format (the installer's int8 model, test models)."""
    ids = {v: k for k, v in DTYPE_NAMES.items()}

    def s(text: str) -> bytes:
        raw = text.encode("utf-8")
        return struct.pack("<H", len(raw) + 1) + raw + b"\0"

    with open(path, "wb") as fh:
        fh.write(struct.pack("<I", model.binary_version) + s(model.spec_name))
        fh.write(struct.pack("<II", model.revision, len(model.variables)))
        for name, arr in model.variables.items():
            dtype_name = model.dtypes.get(name) or _name_of(arr.dtype)
            fh.write(s(name) + struct.pack("<B", arr.ndim))
            fh.write(b"".join(struct.pack("<I", d) for d in arr.shape))
            data = np.ascontiguousarray(arr, dtype=_DTYPES[ids[dtype_name]]).tobytes()
            fh.write(struct.pack("<BI", ids[dtype_name], len(data)) + data)
        fh.write(struct.pack("<I", len(model.aliases)))
        for alias, target in model.aliases.items():
            fh.write(s(alias) + s(target))


def quantize_int8(model: CT2Model) -> CT2Model:
    """``model`` with every 2-D weight stored as int8 plus a per-row float32 scale.

    The layout CTranslate2's own converter writes for ``--quantization int8`` (row
    scale = 127 / max |w|). The embedding table (shared with the output projection) is
    quantized too: it is 40 of the 75 MB of tiny.en. Loading this file with
    compute_type int8 gives the same weights CTranslate2 would make from the float16
    file at load time (the bundled sample transcribes to identical words and times), and
    halves the file. The float16 original stays the source for the reference engine,
    which cannot use int8 weights.
    """
    variables: dict[str, npt.NDArray[np.generic]] = {}
    dtypes: dict[str, str] = {}
    for name, arr in model.variables.items():
        if name.endswith("weight") and arr.ndim == 2 and model.dtypes[name] in _FLOAT_TYPES:
            w = arr.astype(np.float32)
            scale = (127.0 / np.maximum(np.abs(w).max(axis=1), 1e-8)).astype(np.float32)
            variables[name] = np.round(w * scale[:, None]).astype(np.int8)
            dtypes[name] = "int8"
            variables[name + "_scale"] = scale
            dtypes[name + "_scale"] = "float32"
        else:
            variables[name] = arr
            dtypes[name] = model.dtypes[name]
    return CT2Model(model.spec_name, model.binary_version, model.revision, variables, dtypes,
                    dict(model.aliases))


def _name_of(dtype: np.dtype[np.generic]) -> str:
    for dtype_id, known in _DTYPES.items():
        if known == dtype and dtype_id != 5:
            return DTYPE_NAMES[dtype_id]
    raise ValueError(f"no CTranslate2 type for {dtype}")
