"""Analysis speed on a 10-minute answer, for `stagecoach bench`.

The budget is 20 ms for the transcript-only analysis (fillers, pace, coverage, red
flags, report). The audio part (frame energy and voicing over 10 minutes of 16 kHz
samples) is measured separately: it is done once per answer, after recording.
The manner of the answer has its own budgets: 20 ms for its text parts (hedges,
repetition, structure) and 0.5 s for its audio parts (Praat's pitch tracker and the
loudness checks).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from desktop_app.core import paths
from desktop_app.core.analysis.acoustics import FrameAnalyser, analyse_frames
from desktop_app.core.analysis.analyzer import analyze_answer
from desktop_app.core.analysis.lexicon import load_lexicon
from desktop_app.core.analysis.style import text_style
from desktop_app.core.analysis.tokens import tokenize
from desktop_app.core.analysis.vocal import measure_loudness, measure_pitch
from desktop_app.core.banks.model import Bank, Concept, Question, RedFlag, Stage, StageTiming
from desktop_app.core.settings import AnalysisSettings
from desktop_app.core.transcript import Segment, Transcript, Word

BUDGET_MS = 20.0
STYLE_TEXT_BUDGET_MS = 20.0
DELIVERY_BUDGET_MS = 500.0
_SENTENCES = (
    "So, um, the first thing I would check is the provenance of every dataset we add.",
    "We track lineage from the source to the training run, like, for every shard.",
    "Then we measure bias per subgroup and look for skewed labels, you know.",
    "I like to run adversarial testing and red teaming before any launch.",
    "Uh, the reward model learns from RLHF preference pairs labelled by experts.",
    "What kind of metrics would tell us the data is good enough, right?",
    "I would never move fast and break things with safety data.",
    "Basically the go or no-go decision depends on the evaluation results.",
)


def _bank() -> tuple[Bank, Question]:
    concepts = {
        "provenance": Concept(
            "provenance", "Provenance", ("provenance", "lineage", "where the data came from")
        ),
        "bias": Concept("bias", "Bias", ("bias", "skewed", "subgroup", "fairness")),
        "red_teaming": Concept(
            "red_teaming", "Red teaming", ("red teaming", "adversarial testing")
        ),
        "rlhf": Concept("rlhf", "RLHF", ("RLHF", "reinforcement learning from human feedback")),
        "evals": Concept("evals", "Evaluation", ("evaluation", "benchmark", "held-out set")),
        "consent": Concept("consent", "Consent", ("consent", "licensing", "opt-out")),
    }
    flags = {
        "speed": RedFlag(
            "speed",
            "Speed over safety",
            ("move fast", "break things", "ship first and fix later"),
            "Safety first.",
        )
    }
    timing = StageTiming(60, 240, 360, 480)
    q = Question("bench", "Bench question", "s", timing, tuple(concepts))
    return Bank("bench", "Bench", "", concepts, flags, (Stage("s", "S", timing, (q,)),)), q


def ten_minute_transcript(seconds: float = 600.0, wpm: float = 150.0) -> Transcript:
    texts = " ".join(_SENTENCES).split()
    step = 60.0 / wpm
    n = int(seconds / step)
    words = [Word(texts[i % len(texts)], i * step, i * step + step * 0.8, 0.9) for i in range(n)]
    segments = tuple(
        Segment(words[k].start, words[min(k + 30, n) - 1].end, "", tuple(words[k : k + 30]))
        for k in range(0, n, 30)
    )
    return Transcript("bench", "synthetic", "en", seconds, segments)


def _audio(seconds: float, rate: int = 16000) -> np.ndarray[Any, np.dtype[np.float32]]:
    t = np.arange(int(seconds * rate), dtype=np.float32) / rate
    voice = 0.2 * np.sin(2 * np.pi * 130 * t) * (np.sin(2 * np.pi * 0.3 * t) > -0.6)
    rng = np.random.default_rng(0)
    return (voice + 3e-4 * rng.standard_normal(t.shape[0])).astype(np.float32)


def _best_ms(fn: Any, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - t0) * 1000.0)
    return best


def bench_analysis(repeats: int = 5, seconds: float = 600.0) -> dict[str, Any]:
    """Best-of-``repeats`` timings in ms of analysing a ``seconds``-long answer."""
    bank, question = _bank()
    transcript = ten_minute_transcript(seconds)
    settings = AnalysisSettings()
    lexicon = load_lexicon(settings.extra_fillers)
    audio = _audio(seconds)

    def text_only() -> None:
        analyze_answer(transcript, question, bank, settings, lexicon=lexicon).to_dict()

    def with_audio() -> None:
        analyze_answer(transcript, question, bank, settings, audio=audio, lexicon=lexicon).to_dict()

    # The app measures the frames while the answer is recorded (FrameAnalyser), so at
    # Stop it only thresholds them, and reads the samples back for the pitch tracker:
    # this is what Stop costs.
    recorded = FrameAnalyser()
    for at in range(0, audio.shape[0], 800):
        recorded.feed(audio[at : at + 800])

    def after_recording() -> None:
        analyze_answer(transcript, question, bank, settings, frames=recorded.frames(),
                       audio=audio, lexicon=lexicon).to_dict()

    text_only()  # warm the stemmer cache and imports, as a running app would be
    text_ms = _best_ms(text_only, repeats)
    audio_ms = _best_ms(with_audio, max(1, repeats // 2))
    after_ms = _best_ms(after_recording, repeats)
    style = bench_style(transcript, question, bank, settings, audio, repeats)
    return {
        **style,
        "answer_s": seconds,
        "words": len(transcript.words),
        "analysis_ms": round(text_ms, 2),
        "analysis_with_audio_ms": round(audio_ms, 1),
        "analysis_after_recording_ms": round(after_ms, 1),
        "budget_ms": BUDGET_MS,
        "within_budget": text_ms <= BUDGET_MS,
    }


def bench_style(transcript: Transcript, question: Question, bank: Bank,
                settings: AnalysisSettings, audio: np.ndarray[Any, np.dtype[np.float32]],
                repeats: int) -> dict[str, Any]:
    """Hedges, repetition and structure (text), pitch and loudness (audio), in ms."""
    lexicon = load_lexicon(settings.extra_fillers)
    tokens = tokenize(transcript.words, keep_whole=lexicon.keep_whole)
    frames = analyse_frames(audio, 16000)
    used = transcript.duration_s

    def text() -> None:
        text_style(tokens, question, bank, settings, used, lexicon)

    text()  # the hedge lexicon is read once per run of the app
    text_ms = _best_ms(text, repeats)
    # Praat's tracker costs more than twice as much on speech as on a steady tone: it is
    # timed on the shipped sample answer (real speech with pauses) said again and again.
    speech = _speech(used)
    if not speech.size:
        speech = audio
    pitch_ms = _best_ms(lambda: measure_pitch(speech, 16000), max(1, repeats // 2))
    loud_ms = _best_ms(lambda: measure_loudness(frames, transcript.words), repeats)
    return {
        "style_text_ms": round(text_ms, 2),
        "style_text_budget_ms": STYLE_TEXT_BUDGET_MS,
        "pitch_ms": round(pitch_ms, 1),
        "loudness_ms": round(loud_ms, 1),
        "delivery_budget_ms": DELIVERY_BUDGET_MS,
        "style_within_budget": bool(text_ms <= STYLE_TEXT_BUDGET_MS
                                    and pitch_ms + loud_ms <= DELIVERY_BUDGET_MS),
    }


def _speech(seconds: float) -> np.ndarray[Any, np.dtype[np.float32]]:
    """The shipped sample answer repeated to ``seconds`` (empty when it is missing)."""
    from desktop_app.core.audio.audio_decode import load_audio

    sample = paths.resources_dir() / "sample" / "answer.wav"
    if not sample.exists():
        return np.zeros(0, np.float32)
    one = load_audio(sample)
    reps = int(np.ceil(seconds * 16000 / max(1, one.shape[0])))
    return np.tile(one, reps)[: int(seconds * 16000)].astype(np.float32)
