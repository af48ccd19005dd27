"""A labelled evaluation set of synthetic spoken answers, built at test time.

Each answer is a sequence of pieces: speech (espeak-ng, several voices and rates),
silences of known length, fillers spoken as pieces of their own, and voiced hums made
with sox (the "mmm" a speaker makes while thinking). Pieces are trimmed of espeak's own
silence and joined, so every label has an exact time. Scored against the report of
`stagecoach analyze`: fillers (lexical or filled pause, matched by time), pauses
(start and end within 0.5 s), and expected-concept coverage.

Run `python -m tests.eval.eval_set` to print the numbers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

RATE = 16000
JOIN_S = 0.12  # between two speech pieces, as between words
BANK = Path(__file__).with_name("eval_bank.toml")


@dataclass(frozen=True)
class Case:
    name: str
    question: str
    voice: str
    wpm: int
    pieces: tuple[tuple[str, Any], ...]  # ("say"|"filler", text), ("pause"|"hum", seconds)
    covered: tuple[str, ...]
    missing: tuple[str, ...]


CASES = (
    Case("us-150", "eval-a", "en-us", 150, (
        ("say", "I would start with the provenance of every dataset."), ("pause", 3.0),
        ("say", "Then we check the labels for biases across each subgroup,"),
        ("filler", "um,"), ("say", "and we run red teaming before launch."), ("pause", 0.8),
        ("say", "I like this approach because it is safe."),
    ), ("provenance", "bias", "red_teaming"), ("rlhf",)),
    Case("gb-140", "eval-a", "en-gb", 140, (
        ("filler", "Uh,"), ("say", "the lineage of our data matters."), ("hum", 0.7),
        ("say", "We trained the reward model with RLHF."), ("pause", 3.5),
        ("say", "The number of labels also grew, so that we could measure fairness."),
    ), ("provenance", "rlhf", "bias"), ("red_teaming",)),
    Case("usf-170", "eval-b", "en-us+f3", 170, (
        ("filler", "So,"), ("say", "the tokenizer splits text into tokens."), ("pause", 2.0),
        ("say", "We asked for consent and checked the licensing,"), ("filler", "you know,"),
        ("say", "and the benchmark results improved."), ("hum", 0.6),
        ("say", "It looks like the model works."),
    ), ("tokenization", "consent", "evaluation"), ("bias",)),
    Case("us-130", "eval-b", "en-us", 130, (
        ("say", "We never move fast and break things."), ("pause", 1.0),
        ("say", "The bass in the room was loud."), ("say", "Pick a date for the evaluations."),
        ("pause", 2.5), ("filler", "Um,"), ("say", "also, we did not test anything new."),
    ), ("evaluation",), ("tokenization", "consent", "bias")),
    Case("gb-165", "eval-a", "en-gb", 165, (
        ("say", "Adversarial testing found problems early,"), ("filler", "like,"),
        ("say", "so we fixed them."), ("pause", 1.8),
        ("say", "Reinforcement learning from human feedback needs good labels."),
        ("say", "Data origin matters too."), ("hum", 0.8), ("say", "I think so."),
    ), ("red_teaming", "rlhf", "provenance"), ("bias",)),
    Case("us-185", "eval-b", "en-us", 185, (
        ("say", "The held-out set showed skewed results for one subgroup, which tells us the "
                "tokenization was poor for that language, and the licensing terms did not "
                "allow redistribution."),
        ("pause", 2.2), ("filler", "Uh,"), ("say", "we paused it so that we could fix it."),
    ), ("evaluation", "bias", "tokenization", "consent"), ()),
    Case("usm-150", "eval-a", "en-us+m3", 150, (
        ("hum", 0.7), ("filler", "Well,"), ("filler", "I mean,"),
        ("say", "the red team found jailbreaks."), ("pause", 4.0),
        ("say", "We measured bias per subgroup."),
    ), ("red_teaming", "bias"), ("provenance", "rlhf")),
    Case("rp-145", "eval-b", "en-gb-x-rp", 145, (
        ("say", "Our consent forms let users opt out."), ("pause", 0.7), ("filler", "Actually,"),
        ("say", "we check the tokenizer for every language."), ("pause", 3.0),
        ("say", "It was a good result,"), ("filler", "right?"),
    ), ("consent", "tokenization"), ("evaluation", "bias")),
)


@dataclass
class Truth:
    fillers: list[tuple[float, float]] = field(default_factory=list)
    hums: list[tuple[float, float]] = field(default_factory=list)
    pauses: list[tuple[float, float]] = field(default_factory=list)
    duration_s: float = 0.0


def _espeak(text: str, voice: str, wpm: int, out: Path) -> np.ndarray:
    raw = out.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(raw), text],
                   check=True, capture_output=True, timeout=60)
    subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out)],
                   check=True, capture_output=True, timeout=60)
    raw.unlink()
    audio: np.ndarray = sf.read(out, dtype="float32")[0]
    out.unlink()
    loud = np.flatnonzero(np.abs(audio) > 0.01)
    return audio[loud[0] : loud[-1] + 1] if loud.size else audio[:0]


def _hum(seconds: float, out: Path, f0: int) -> np.ndarray:
    """A nasal "mmm": a low-passed sawtooth with soft edges."""
    subprocess.run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(out), "synth",
                    str(seconds), "sawtooth", str(f0), "lowpass", "500", "fade", "0.06",
                    str(seconds), "0.08", "vol", "0.35"],
                   check=True, capture_output=True, timeout=60)
    audio: np.ndarray = sf.read(out, dtype="float32")[0]
    out.unlink()
    return audio


def build_case(case: Case, folder: Path) -> tuple[Path, Truth]:
    """Write the case's WAV into ``folder``; return it with its labels."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(len(case.name))
    parts: list[np.ndarray] = [np.zeros(int(0.4 * RATE), dtype=np.float32)]
    truth = Truth()
    t = 0.4
    prev_sound = False
    for kind, value in case.pieces:
        if kind in ("say", "filler", "hum"):
            if prev_sound:  # a word-like join between two sounds
                parts.append(np.zeros(int(JOIN_S * RATE), dtype=np.float32))
                t += JOIN_S
            if kind == "hum":
                audio = _hum(float(value), folder / "piece.wav", 110 + 20 * (len(parts) % 3))
            else:
                audio = _espeak(str(value), case.voice, case.wpm, folder / "piece.wav")
            start, end = t, t + audio.shape[0] / RATE
            if kind == "filler":
                truth.fillers.append((start, end))
            elif kind == "hum":
                truth.hums.append((start, end))
            parts.append(audio.astype(np.float32))
            t = end
            prev_sound = True
        else:  # a silence of known length
            seconds = float(value)
            if seconds >= 1.5:
                truth.pauses.append((t, t + seconds))
            parts.append(np.zeros(int(seconds * RATE), dtype=np.float32))
            t += int(seconds * RATE) / RATE
            prev_sound = False
    parts.append(np.zeros(int(0.8 * RATE), dtype=np.float32))
    audio = np.concatenate(parts)
    audio = audio + rng.normal(0, 3e-4, size=(audio.shape[0],)).astype(np.float32)  # room
    path = folder / f"{case.name}.wav"
    sf.write(path, audio, RATE, subtype="PCM_16")
    truth.duration_s = audio.shape[0] / RATE
    return path, truth


def analyze(wav: Path, case: Case, home: Path) -> dict[str, Any]:
    out = wav.with_suffix(".report.json")
    env = {"STAGECOACH_HOME": str(home), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "analyze", str(wav), "--question", case.question,
         "--bank", str(BANK), "--format", "json", "-o", str(out)],
        capture_output=True, text=True, env=env, timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"analyze failed for {case.name}: {result.stderr}")
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def _match(preds: list[float], truths: list[tuple[float, float]], slack: float) -> int:
    """How many truths get a distinct prediction starting within ``slack`` of them."""
    used: set[int] = set()
    hits = 0
    for a, b in truths:
        for k, p in enumerate(preds):
            if k not in used and a - slack <= p <= b + slack:
                used.add(k)
                hits += 1
                break
    return hits


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, predicted: int, actual: int) -> None:
        self.tp += tp
        self.fp += predicted - tp
        self.fn += actual - tp

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def as_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 3), "recall": round(self.recall, 3)}


@dataclass
class Scores:
    fillers: Counts = field(default_factory=Counts)
    hums: Counts = field(default_factory=Counts)  # recall of the sox hums alone
    pauses: Counts = field(default_factory=Counts)
    coverage: Counts = field(default_factory=Counts)
    details: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"fillers": self.fillers.as_dict(), "filled_pause_hums": self.hums.as_dict(),
                "pauses": self.pauses.as_dict(), "coverage": self.coverage.as_dict(),
                "cases": self.details}


def score(case: Case, truth: Truth, report: dict[str, Any], scores: Scores) -> None:
    items = report["fillers"]["items"]
    starts = [float(i["start"]) for i in items]
    events = sorted(truth.fillers + truth.hums)
    scores.fillers.add(_match(starts, events, 0.5), len(starts), len(events))
    scores.hums.add(_match(starts, truth.hums, 0.5), min(len(starts), len(truth.hums)),
                    len(truth.hums))
    pauses = report["pauses"]
    used: set[int] = set()
    hits = 0
    for a, b in truth.pauses:
        for k, p in enumerate(pauses):
            if k not in used and abs(p["start"] - a) <= 0.5 and abs(p["end"] - b) <= 0.5:
                used.add(k)
                hits += 1
                break
    scores.pauses.add(hits, len(pauses), len(truth.pauses))
    got = {c["concept"] for c in report["coverage"]["covered"]}
    want = set(case.covered)
    scores.coverage.add(len(got & want), len(got), len(want))
    scores.details.append({
        "case": case.name,
        "text": report["transcript"]["text"],
        "fillers": [(i["text"], i["start"], i["kind"]) for i in items],
        "filler_truth": [(round(a, 2), round(b, 2)) for a, b in events],
        "pauses": [(p["start"], p["end"]) for p in pauses],
        "pause_truth": [(round(a, 2), round(b, 2)) for a, b in truth.pauses],
        "covered": sorted(got), "covered_truth": sorted(want),
    })


def run_all(folder: Path, home: Path) -> Scores:
    scores = Scores()
    for case in CASES:
        wav, truth = build_case(case, folder)
        score(case, truth, analyze(wav, case, home), scores)
    return scores


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        result = run_all(Path(tmp) / "audio", Path(tmp) / "home")
    print(json.dumps(result.as_dict(), indent=1))
