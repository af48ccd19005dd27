"""The interviewer's voice, for real (piper with en_US-joe-medium): the installed voices, the
cache, `stagecoach say`, and one sentence when the voice cannot load."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile

from desktop_app.voice.cache import SpeechCache
from desktop_app.voice.catalog import DEFAULT_VOICE, VoiceFile, find_voice, installed_voices
from desktop_app.voice.engine import Engine, VoiceUnavailable
from desktop_app.voice.speech import Voice

ROOT = Path(__file__).resolve().parents[2]
STAGECOACH = ROOT / ".venv" / "bin" / "stagecoach"
QUESTION = "Tell me about a product decision you made with incomplete data."


def _say(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    exe = [str(STAGECOACH)] if STAGECOACH.exists() else [sys.executable, "-m", "desktop_app"]
    env = {**os.environ, "STAGECOACH_HOME": str(home)}
    return subprocess.run([*exe, "say", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_the_default_voice_is_found_first_and_only_real_voices_are_listed() -> None:
    voices = installed_voices()
    assert voices[0].name == DEFAULT_VOICE
    assert voices[0].model.stat().st_size > 50_000_000  # the real 63 MB model
    # Whisper's voice-activity model is an .onnx too, but has no .onnx.json: not a voice.
    assert all(v.config.name == v.model.name + ".json" for v in voices)
    assert "silero_vad_v6" not in {v.name for v in voices}
    assert find_voice(DEFAULT_VOICE) == voices[0]


def test_a_spoken_text_is_cached_owner_only_and_not_synthesised_again(tmp_path: Path) -> None:
    voice = Voice(cache=SpeechCache(tmp_path / "cache"))
    first = voice.wav_for(QUESTION)
    assert voice.synthesised == 1
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert stat.S_IMODE(first.parent.stat().st_mode) == 0o700
    info = soundfile.info(str(first))
    assert info.samplerate == 22050 and info.channels == 1
    assert 2.5 < info.duration < 8.0  # eleven words at about 175 a minute
    assert QUESTION.split()[0] not in first.name  # the file name never shows the text
    assert voice.wav_for(QUESTION) == first
    assert voice.synthesised == 1  # the second time came from the cache
    # Another Voice over the same folder (the next start of the app) uses the file too.
    again = Voice(cache=SpeechCache(tmp_path / "cache"))
    assert again.cached(QUESTION) == first
    assert again.wav_for(QUESTION) == first and again.synthesised == 0
    faster = voice.wav_for(QUESTION, speed=1.5)
    assert faster != first and voice.synthesised == 2
    # Shorter, though not by the full 1.5: the voice's timing varies a little per take.
    assert soundfile.info(str(faster)).duration < info.duration * 0.9


def test_say_writes_a_valid_wav(tmp_path: Path, stagecoach_home: Path) -> None:
    out = tmp_path / "question.wav"
    result = _say(QUESTION, "-o", str(out), "--speed", "1.2", home=stagecoach_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {out} (")
    info = soundfile.info(str(out))
    assert (info.format, info.subtype, info.channels) == ("WAV", "PCM_16", 1)
    assert info.duration > 2.0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data, _ = soundfile.read(str(out), dtype="int16")
    assert int(abs(data).max()) > 10_000  # speech, not silence


@pytest.mark.parametrize("target", ["missing-folder/out.wav", "."])
def test_say_to_a_bad_path_is_one_sentence_and_exit_2(tmp_path: Path, stagecoach_home: Path,
                                                      target: str) -> None:
    result = _say("Hello.", "-o", str(tmp_path / target), home=stagecoach_home)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "pick another folder" in lines[0]


def test_say_with_an_unknown_voice_is_one_sentence(tmp_path: Path,
                                                   stagecoach_home: Path) -> None:
    result = _say("Hello.", "-o", str(tmp_path / "x.wav"), "--voice", "en_US-nobody",
                  home=stagecoach_home)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "The voice 'en_US-nobody' is not installed, so questions are shown but not read "
        "aloud; pick another voice in Settings or reinstall Stagecoach.")
    assert not (tmp_path / "x.wav").exists()


def test_a_missing_voice_says_why_in_one_sentence(tmp_path: Path) -> None:
    voice = Voice("en_US-nobody", cache=SpeechCache(tmp_path))
    with pytest.raises(VoiceUnavailable) as err:
        voice.wav_for(QUESTION)
    assert err.value.message.count(". ") == 0 and err.value.message.endswith(".")
    assert "'en_US-nobody' is not installed" in err.value.message
    assert voice.error == err.value.message
    assert voice.cached(QUESTION) is None
    assert not list(tmp_path.iterdir())


def test_a_damaged_model_says_why_in_one_sentence(tmp_path: Path) -> None:
    real = find_voice(DEFAULT_VOICE)
    assert real is not None
    model = tmp_path / "en_US-broken-medium.onnx"
    model.write_bytes(real.model.read_bytes()[:100_000])  # a download cut short
    config = tmp_path / "en_US-broken-medium.onnx.json"
    shutil.copy(real.config, config)
    engine = Engine(VoiceFile("en_US-broken-medium", model, config))
    with pytest.raises(VoiceUnavailable) as err:
        engine.samples(QUESTION, 1.0)
    assert err.value.message == (
        "The voice 'en_US-broken-medium' could not be loaded (its model file is damaged or "
        "unreadable), so questions are shown but not read aloud; pick another voice in "
        "Settings or reinstall Stagecoach.")
    assert not engine.loaded


def test_without_piper_installed_the_voice_says_so_in_one_sentence(tmp_path: Path) -> None:
    # piper made unimportable in a fresh interpreter, as on a system without the package.
    script = (
        "import sys\n"
        "sys.modules['piper'] = None\n"
        "from pathlib import Path\n"
        "from desktop_app.voice.cache import SpeechCache\n"
        "from desktop_app.voice.engine import VoiceUnavailable\n"
        "from desktop_app.voice.speech import Voice\n"
        f"voice = Voice(cache=SpeechCache(Path({str(tmp_path)!r})))\n"
        "try:\n"
        "    voice.wav_for('Hello.')\n"
        "except VoiceUnavailable as exc:\n"
        "    print(exc.message)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True)
    assert out.stdout.strip() == (
        "The interviewer's voice is not installed (the piper-tts package is missing), so "
        "questions are shown but not read aloud; reinstall Stagecoach to hear them.")
    assert not list(tmp_path.iterdir())


def test_voice_settings_default_on_and_old_or_bad_files_still_load() -> None:
    from desktop_app.core.settings import Settings

    assert Settings().voice.enabled and Settings().voice.name == DEFAULT_VOICE
    old = Settings.from_dict({"ui": {"chime": False}})  # a file from before the voice
    assert old.voice.enabled and old.voice.speed == 1.0
    odd = Settings.from_dict({"voice": {"enabled": False, "speed": "fast", "volume": 1}})
    assert (odd.voice.enabled, odd.voice.speed, odd.voice.volume) == (False, 1.0, 1.0)


def test_a_stale_prepare_stops_and_a_wanted_one_is_made_once(tmp_path: Path) -> None:
    voice = Voice(cache=SpeechCache(tmp_path))
    texts = ["Tell me about a launch you delayed.", "What did you learn from it?"]
    assert voice.prepare(texts, 1.0, lambda: False) == 0
    assert voice.synthesised == 0 and not list(tmp_path.iterdir())
    assert voice.prepare(texts, 1.0, lambda: True) == 2
    assert voice.synthesised == 2
    assert voice.wav_for(texts[1]) == voice.cached(texts[1])
    assert voice.synthesised == 2


def test_a_voice_is_listed_by_a_name_people_read() -> None:
    from desktop_app.voice.catalog import voice_label

    assert voice_label("en_US-joe-medium") == "Joe (en_US, medium)"
    assert voice_label("en_GB-northern_english_male-medium") == \
        "Northern English Male (en_GB, medium)"
    assert voice_label("my-voice") == "my-voice"  # not piper's pattern: shown as it is
    assert voice_label("custom") == "custom"
