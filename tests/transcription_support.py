"""Shared helpers for the transcription tests: speech clips, word alignment, CT2 test files."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from desktop_app.core.transcript import Transcript
from desktop_app.transcription.compare import agreement, align, norm
from desktop_app.transcription.ct2_format import quantize_int8, read_ct2_model, write_ct2_model

# The tests import the comparison helpers from here, with the clip makers.
__all__ = ["agreement", "align", "norm"]


def words_of(transcript: Transcript) -> list[str]:
    return [w for w in (norm(x.word) for x in transcript.words) if w]


def wer(reference: list[str], hypothesis: list[str]) -> float:
    d = np.zeros((len(reference) + 1, len(hypothesis) + 1), dtype=int)
    d[:, 0] = np.arange(len(reference) + 1)
    d[0, :] = np.arange(len(hypothesis) + 1)
    for i, r in enumerate(reference, 1):
        for j, h in enumerate(hypothesis, 1):
            d[i, j] = min(d[i - 1, j] + 1, d[i, j - 1] + 1, d[i - 1, j - 1] + (r != h))
    return float(d[-1, -1]) / max(1, len(reference))


def speech(text: str, out: Path, wpm: int = 150, ssml: bool = False) -> Path:
    """espeak-ng speech as PCM16 mono 16 kHz, bit-identical on every run.

    Like tests.audio_support.espeak_wav but without sox's dither (-D): dither is random
    noise, and tiny.en's choice between near-tied words can flip on it.
    """
    if ssml and not text.lstrip().startswith("<speak>"):
        text = f"<speak>{text}</speak>"
    raw = out.with_suffix(".espeak.wav")
    cmd = ["espeak-ng", "-v", "en-us", "-s", str(wpm), "-w", str(raw)]
    if ssml:
        cmd.append("-m")
    subprocess.run([*cmd, text], check=True, capture_output=True, timeout=120)
    subprocess.run(["sox", str(raw), "-D", "-r", "16000", "-c", "1", "-b", "16", str(out)],
                   check=True, capture_output=True, timeout=120)
    raw.unlink()
    return out


def append_silence(wav: Path, seconds: float, out: Path) -> Path:
    subprocess.run(["sox", str(wav), str(out), "pad", "0", str(seconds)], check=True,
                   capture_output=True, timeout=60)
    return out


def int8_copy(model_dir: Path, out_bin: Path) -> Path:
    """The shipped model quantized to int8, as the installers ship it."""
    write_ct2_model(quantize_int8(read_ct2_model(model_dir / "model.bin")), out_bin)
    return out_bin


ANSWER_60S = (
    "<speak>So, um, I would start by asking what the launch is for, and who could be hurt "
    "by it. <break time=\"1000ms\"/> The data plan has three parts. First, every dataset gets "
    "a provenance record: the source, the license, the consent, and the date it was "
    "collected. <break time=\"1200ms\"/> Second, uh, we label a sample with trained "
    "annotators, and we measure how often they disagree, because that tells us where the "
    "guidelines are unclear. <break time=\"1500ms\"/> Third, we run an adversarial test set "
    "before every release, written by people whose job is to break the model. "
    "<break time=\"900ms\"/> For metrics, I would watch the harmful output rate, the refusal "
    "rate on safe questions, and the cost per labelled example. <break time=\"1300ms\"/> "
    "If the harmful rate goes up after a data change, we roll the change back, and we write "
    "down why. <break time=\"1000ms\"/> I mean, the point is that safety is a constraint on "
    "the plan, not a feature we add at the end. <break time=\"1100ms\"/> And finally, I would "
    "share the whole process with the policy team every month, so nobody is surprised."
    "</speak>"
)
