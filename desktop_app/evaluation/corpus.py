"""The corpus's cases per condition, built on demand and cached.

clean, slow and fast are the scripts spoken at the normal, slow and fast rate; noise20 and
noise10 add pink, brown or babble noise at 20 and 10 dB SNR to the clean answers; reverb
puts them in a room; real is the recordings with transcripts that can be found (see
real.py). The full corpus uses every noise for every script; the quick one cycles
through the noises, one per script.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from desktop_app.core.audio.audio_decode import load_audio
from desktop_app.evaluation import degrade
from desktop_app.evaluation.cache import CorpusCache, cache_key
from desktop_app.evaluation.scripts import Script
from desktop_app.evaluation.synthesis import RATE, RATES, Audio, PieceSynth, build_answer
from desktop_app.evaluation.truth import Truth

CONDITIONS = ("clean", "noise20", "noise10", "reverb", "slow", "fast", "real")
SYNTHETIC = CONDITIONS[:-1]
NOISE_SNR = {"noise20": 20.0, "noise10": 10.0}


@dataclass(frozen=True)
class Case:
    name: str
    condition: str
    audio: Path
    truth: Truth
    script: Script | None  # None for a real recording (scored on its words only)


@dataclass
class CorpusBuilder:
    cache: CorpusCache
    synth: PieceSynth
    voice: str
    _clean: dict[tuple[str, str], tuple[str, Path, Audio, Truth]] = field(default_factory=dict)

    def spoken(self, script: Script, rate: str) -> tuple[str, Path, Audio, Truth]:
        """The script at ``rate`` (a RATES name): its key, file, samples and truth."""
        memo = self._clean.get((script.id, rate))
        if memo is not None:
            return memo
        key = cache_key(kind="spoken", body=script.body, voice=self.voice,
                        length_scale=RATES[rate])
        hit = self.cache.load(key)
        if hit is None:
            audio, truth = build_answer(script, RATES[rate], self.synth)
            path = self.cache.store(key, audio, RATE, truth)
        else:
            path, truth = hit
        result = (key, path, load_audio(path), truth)
        self._clean[(script.id, rate)] = result
        return result

    def noisy(self, script: Script, others: Sequence[Script], noise: str,
              snr: float) -> Path:
        key, _, clean, truth = self.spoken(script, "normal")
        other_keys = [self.spoken(o, "normal")[0] for o in others] if noise == "babble" else []
        noisy_key = cache_key(kind="noise", source=key, noise=noise, snr=snr,
                              others=other_keys)
        hit = self.cache.load(noisy_key)
        if hit is not None:
            return hit[0]
        # Seeded by the case, so the same case always gets the same noise.
        rng = np.random.default_rng(int(noisy_key[:8], 16))
        if noise == "babble":
            voices = [(self.spoken(o, "normal")[2], self.spoken(o, "normal")[3].speech)
                      for o in others]
            noise_audio = degrade.babble(voices, len(clean), rng)
        else:
            noise_audio = degrade.coloured_noise(noise, len(clean), rng)
        mixed = degrade.mix_at_snr(clean, noise_audio, snr, truth.speech, RATE)
        return self.cache.store(noisy_key, mixed, RATE, truth)

    def reverberant(self, script: Script) -> Path:
        key, _, clean, truth = self.spoken(script, "normal")
        wet_key = cache_key(kind="reverb", source=key, effect=degrade.REVERB)
        hit = self.cache.load(wet_key)
        if hit is not None:
            return hit[0]
        return self.cache.store(wet_key, degrade.reverb(clean, RATE), RATE, truth)

    def cases(self, condition: str, scripts: Sequence[Script], every_noise: bool) -> list[Case]:
        """The synthetic cases of ``condition`` (not "real": see real.py)."""
        out: list[Case] = []
        for i, script in enumerate(scripts):
            truth = self.spoken(script, "normal")[3]
            if condition in ("clean", "slow", "fast"):
                rate = "normal" if condition == "clean" else condition
                _, path, _, truth = self.spoken(script, rate)
                out.append(Case(script.id, condition, path, truth, script))
            elif condition == "reverb":
                out.append(Case(script.id, condition, self.reverberant(script), truth, script))
            elif condition in NOISE_SNR:
                noises = degrade.NOISES if every_noise else (
                    degrade.NOISES[i % len(degrade.NOISES)],)
                others = [s for s in scripts if s.id != script.id][:3]
                for noise in noises:
                    if noise == "babble" and not others:
                        continue
                    path = self.noisy(script, others, noise, NOISE_SNR[condition])
                    out.append(Case(f"{script.id}/{noise}", condition, path, truth, script))
            else:
                raise ValueError(f"unknown condition {condition}")
        return out
