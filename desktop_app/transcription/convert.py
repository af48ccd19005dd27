"""Convert a CTranslate2 Whisper ``model.bin`` into an openai-whisper checkpoint.

So the reference engine runs on exactly the weights the default engine uses. The
conversion is a renaming plus two splits: CTranslate2 fuses self-attention q/k/v (and
cross-attention k/v) along the output dimension, and openai-whisper's key projection has
no bias (its slice of the fused bias is zero). Alignment heads for word timestamps come
from the model's ``config.json``. The result is written once under the data folder
(0600) with its SHA-256 recorded beside it and checked on every later load.

Only ``write_checkpoint`` imports torch, and only the worker process calls it.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
from pathlib import Path

import numpy as np
import numpy.typing as npt

from desktop_app.core import paths
from desktop_app.core.errors import UserError
from desktop_app.transcription.ct2_format import CT2Model, read_ct2_model
from desktop_app.transcription.models import (
    SHIPPED_MODEL_BIN_SHA256,
    ModelRef,
    _read_record,
    converted_dir,
    sha256_file,
    verify_sha256,
)
from desktop_app.transcription.models import (  # listed with the installed models
    list_converted as list_converted,
)

FORMAT_VERSION = 1
# SHA-256 over the converted tensors of the shipped tiny.en (see state_sha256): a
# conversion of the pinned model.bin that gives anything else is refused.
SHIPPED_STATE_SHA256 = "4eafbff3a3b7dce170cdc562abfbf5db62d34b60b69c57e2a2227678353934b0"

StateDict = dict[str, npt.NDArray[np.generic]]


class ConversionError(UserError):
    """The file cannot be turned into an openai-whisper checkpoint."""


def _float(model: CT2Model, name: str) -> npt.NDArray[np.generic]:
    arr = model.get(name)
    if arr.dtype.kind != "f":
        raise ConversionError(f"The model variable {name} is {arr.dtype}, not floating point.")
    return arr


def check_convertible(model: CT2Model, source: Path) -> None:
    if model.spec_name != "WhisperSpec":
        raise ConversionError(
            f"{source} is a CTranslate2 {model.spec_name or 'model'}, not a Whisper model; "
            "only Whisper models can be converted."
        )
    quantized = [
        n for n, d in model.dtypes.items()
        if n.endswith("weight_scale") or (n.endswith("/weight") and d in ("int8", "int16"))
    ]
    if quantized:
        raise ConversionError(
            f"{source} is quantized to {model.dtypes.get(quantized[0], 'int8')} and cannot be "
            "converted exactly; use a float16 or float32 CTranslate2 model for the reference "
            "engine."
        )


def _count_layers(model: CT2Model, prefix: str) -> int:
    n = 0
    while f"{prefix}/layer_{n}/ffn/linear_0/weight" in model.variables:
        n += 1
    return n


def _linear(out: StateDict, model: CT2Model, ct2: str, ow: str, bias: bool = True) -> None:
    out[f"{ow}.weight"] = _float(model, f"{ct2}/weight")
    if bias:
        out[f"{ow}.bias"] = _float(model, f"{ct2}/bias")


def _norm(out: StateDict, model: CT2Model, ct2: str, ow: str) -> None:
    out[f"{ow}.weight"] = _float(model, f"{ct2}/gamma")
    out[f"{ow}.bias"] = _float(model, f"{ct2}/beta")


def _split_fused(out: StateDict, model: CT2Model, ct2: str, names: list[str]) -> None:
    """Split a fused projection; the key (always named '*.key') has no bias."""
    weights = np.split(_float(model, f"{ct2}/weight"), len(names), axis=0)
    biases = np.split(_float(model, f"{ct2}/bias"), len(names), axis=0)
    for name, w, b in zip(names, weights, biases, strict=True):
        out[f"{name}.weight"] = w
        if not name.endswith(".key"):
            out[f"{name}.bias"] = b
        elif np.any(b != 0):
            raise ConversionError("The model's key projection has a bias openai-whisper "
                                  "cannot represent.")


def build_state_dict(model: CT2Model) -> tuple[dict[str, int], StateDict]:
    """openai-whisper ModelDimensions fields and model_state_dict (numpy arrays)."""
    try:
        return _build(model)
    except KeyError as exc:
        raise ConversionError(f"The Whisper model lacks the variable {exc.args[0]}; it cannot "
                              "be converted.") from exc


def _build(model: CT2Model) -> tuple[dict[str, int], StateDict]:
    n_audio_layer = _count_layers(model, "encoder")
    n_text_layer = _count_layers(model, "decoder")
    conv1 = model.get("encoder/conv1/weight")
    enc_pos = model.get("encoder/position_encodings/encodings")
    dec_pos = model.get("decoder/position_encodings/encodings")
    emb = model.get("decoder/embeddings/weight")
    dims = {
        "n_mels": int(conv1.shape[1]),
        "n_audio_ctx": int(enc_pos.shape[0]),
        "n_audio_state": int(enc_pos.shape[1]),
        "n_audio_head": model.scalar("encoder/num_heads"),
        "n_audio_layer": n_audio_layer,
        "n_vocab": int(emb.shape[0]),
        "n_text_ctx": int(dec_pos.shape[0]),
        "n_text_state": int(dec_pos.shape[1]),
        "n_text_head": model.scalar("decoder/num_heads"),
        "n_text_layer": n_text_layer,
    }
    out: StateDict = {"encoder.positional_embedding": _float(model, "encoder/position_encodings/"
                                                            "encodings")}
    _linear(out, model, "encoder/conv1", "encoder.conv1")
    _linear(out, model, "encoder/conv2", "encoder.conv2")
    for i in range(n_audio_layer):
        ct2, ow = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        _self_attention(out, model, ct2, ow)
        _mlp(out, model, ct2, ow)
    _norm(out, model, "encoder/layer_norm", "encoder.ln_post")
    out["decoder.positional_embedding"] = _float(model, "decoder/position_encodings/encodings")
    out["decoder.token_embedding.weight"] = _float(model, "decoder/embeddings/weight")
    for i in range(n_text_layer):
        ct2, ow = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        _self_attention(out, model, ct2, ow)
        _linear(out, model, f"{ct2}/attention/linear_0", f"{ow}.cross_attn.query")
        _split_fused(out, model, f"{ct2}/attention/linear_1",
                     [f"{ow}.cross_attn.key", f"{ow}.cross_attn.value"])
        _linear(out, model, f"{ct2}/attention/linear_2", f"{ow}.cross_attn.out")
        _norm(out, model, f"{ct2}/attention/layer_norm", f"{ow}.cross_attn_ln")
        _mlp(out, model, ct2, ow)
    _norm(out, model, "decoder/layer_norm", "decoder.ln")
    return dims, out


def _self_attention(out: StateDict, model: CT2Model, ct2: str, ow: str) -> None:
    """One block's self-attention: CTranslate2 fuses q, k, v; openai-whisper keeps them apart."""
    _split_fused(out, model, f"{ct2}/self_attention/linear_0",
                 [f"{ow}.attn.query", f"{ow}.attn.key", f"{ow}.attn.value"])
    _linear(out, model, f"{ct2}/self_attention/linear_1", f"{ow}.attn.out")
    _norm(out, model, f"{ct2}/self_attention/layer_norm", f"{ow}.attn_ln")


def _mlp(out: StateDict, model: CT2Model, ct2: str, ow: str) -> None:
    _linear(out, model, f"{ct2}/ffn/linear_0", f"{ow}.mlp.0")
    _linear(out, model, f"{ct2}/ffn/linear_1", f"{ow}.mlp.2")
    _norm(out, model, f"{ct2}/ffn/layer_norm", f"{ow}.mlp_ln")


def alignment_heads_dump(heads: list[list[int]], n_layer: int, n_head: int) -> str:
    """openai-whisper's format: base85(gzip(bool[n_text_layer, n_text_head]))."""
    mask = np.zeros((n_layer, n_head), dtype=bool)
    for layer, head in heads:
        if not (0 <= layer < n_layer and 0 <= head < n_head):
            raise ConversionError(f"Alignment head ({layer}, {head}) is outside the model.")
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.tobytes(), mtime=0)).decode("ascii")


def read_alignment_heads(model_dir: Path, dims: dict[str, int]) -> str:
    """The model's own heads from config.json, or openai-whisper's default (upper half)."""
    heads: list[list[int]] = []
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        heads = [list(map(int, h)) for h in config.get("alignment_heads", [])]
    except (OSError, ValueError, TypeError):
        heads = []
    n_layer, n_head = dims["n_text_layer"], dims["n_text_head"]
    if not heads:
        heads = [[la, h] for la in range(n_layer // 2, n_layer) for h in range(n_head)]
    return alignment_heads_dump(heads, n_layer, n_head)


def state_sha256(state: StateDict) -> str:
    """A hash of the weights themselves (names, dtypes, shapes, bytes), file-format free."""
    digest = hashlib.sha256()
    for name in sorted(state):
        arr = np.ascontiguousarray(state[name])
        digest.update(f"{name}|{arr.dtype.str}|{arr.shape}\n".encode())
        digest.update(arr.tobytes())
    return digest.hexdigest()


def _target(ref: ModelRef, source_sha: str) -> Path:
    return converted_dir() / f"{ref.name}-{source_sha[:16]}.pt"


def ensure_converted(ref: ModelRef) -> Path:
    """The verified checkpoint for a CTranslate2 model, converting it the first time."""
    assert ref.kind == "ct2" and ref.path is not None
    model_bin = ref.path / "model.bin"
    source_sha = ref.expected_sha256 or sha256_file(model_bin)
    target = _target(ref, source_sha)
    record_path = target.with_name(target.name + ".json")
    if target.is_file() and record_path.is_file():
        record = _read_record(record_path)
        verify_sha256(target, str(record.get("sha256", "")), "converted checkpoint")
        return target
    write_checkpoint(model_bin, ref, target, source_sha)
    return target


def write_checkpoint(model_bin: Path, ref: ModelRef, target: Path, source_sha: str) -> None:
    import torch  # only in the worker process

    model = read_ct2_model(model_bin)
    check_convertible(model, model_bin)
    dims, state = build_state_dict(model)
    state_hash = state_sha256(state)
    if source_sha == SHIPPED_MODEL_BIN_SHA256 and state_hash != SHIPPED_STATE_SHA256:
        raise ConversionError("Converting the default model gave unexpected weights; "
                              "reinstall Stagecoach.")
    checkpoint = {
        "dims": dims,
        "model_state_dict": {k: torch.from_numpy(np.array(v)) for k, v in state.items()},
        "alignment_heads": read_alignment_heads(model_bin.parent, dims),
    }
    paths.ensure_private_dir(target.parent)
    tmp = target.with_name(target.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, paths.FILE_MODE)
    with os.fdopen(fd, "wb") as fh:
        torch.save(checkpoint, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    paths.make_private(target)
    record = {
        "format": FORMAT_VERSION,
        "name": ref.name,
        "source": str(model_bin),
        "source_sha256": source_sha,
        "state_sha256": state_hash,
        "sha256": sha256_file(target),
    }
    paths.write_private_text(target.with_name(target.name + ".json"), json.dumps(record, indent=1))
