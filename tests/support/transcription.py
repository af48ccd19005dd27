"""Shared helpers for the transcription tests: speech clips, word alignment, CT2 test files."""

from __future__ import annotations

import subprocess
from pathlib import Path

from desktop_app.core.transcript import Transcript
from desktop_app.transcription.compare import (
    agreement,
    align,
    norm,
    transcript_words,
    word_error_rate,
)
from desktop_app.transcription.ct2_format import quantize_int8, read_ct2_model, write_ct2_model

# The tests import the comparison helpers from here, with the clip makers.
__all__ = ["agreement", "align", "norm"]


def words_of(transcript: Transcript) -> list[str]:
    return transcript_words(transcript)


def wer(reference: list[str], hypothesis: list[str]) -> float:
    return word_error_rate(reference, hypothesis)


def speech(text: str, out: Path, wpm: int = 150, ssml: bool = False,
           voice: str = "en-us") -> Path:
    """espeak-ng speech as PCM16 mono 16 kHz, bit-identical on every run.

    Like tests.support.audio.espeak_wav but without sox's dither (-D): dither is random
    noise, and tiny.en's choice between near-tied words can flip on it.
    """
    if ssml and not text.lstrip().startswith("<speak>"):
        text = f"<speak>{text}</speak>"
    raw = out.with_suffix(".espeak.wav")
    cmd = ["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(raw)]
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


# A two-minute answer in plain sentences with pauses of 0.3-2.8 s between them: long
# enough that a single sequential pass over the file used to skip whole sentences.
LONG_ANSWER_SENTENCES = (
    "The first thing I would want to understand is who uses this data and what decision "
    "it feeds.",
    "Um, a dataset is never neutral, it carries the choices of the people who collected it.",
    "So I would begin with a provenance review of every source we rely on today.",
    "For each source we record where it came from, who gave consent, and what the license "
    "allows.",
    "Then I would look at the labels, because most quality problems start with unclear "
    "guidelines.",
    "We measure how often two annotators disagree on the same example.",
    "When they disagree a lot, the guideline is usually the problem, not the people.",
    "Uh, the next risk is that the world changes after we train the model.",
    "Users ask new kinds of questions, and the old test set stops telling us the truth.",
    "So we keep a fresh sample of real traffic and compare it with the training mix every "
    "week.",
    "You know, a safety team also needs to think like an attacker.",
    "Someone could plant a few hundred poisoned examples in a public forum we scrape.",
    "We would catch that with filters on new sources and with a red team that tries to break "
    "the model before each release.",
    "I would also be careful with the reward model, since it can learn to like answers that "
    "only look helpful.",
    "That is why we read samples by hand and do not trust a single number.",
    "For metrics, I would track the harmful output rate, the refusal rate on safe requests, "
    "and the cost of each labelled example.",
    "If the harmful rate goes up after a data change, we roll the change back and write down "
    "why.",
    "So, the plan has three parts, and each one has an owner and a date.",
    "Finally, I would share what we learn with the policy team every month, so nobody is "
    "surprised.",
    "I think that is how a data product manager earns the trust of the research team.",
)
LONG_ANSWER_BREAKS_MS = (900, 300, 1300, 600, 2000, 400, 2800, 700, 1100, 250, 1600, 500,
                         900, 2200, 350, 1000, 600, 1800, 450)


def long_answer_ssml() -> str:
    parts = []
    for i, sentence in enumerate(LONG_ANSWER_SENTENCES):
        parts.append(sentence)
        if i < len(LONG_ANSWER_BREAKS_MS):
            parts.append(f'<break time="{LONG_ANSWER_BREAKS_MS[i]}ms"/>')
    return "<speak>" + " ".join(parts) + "</speak>"


def long_answer_words() -> list[str]:
    return [w for w in (norm(x) for x in " ".join(LONG_ANSWER_SENTENCES).split()) if w]
