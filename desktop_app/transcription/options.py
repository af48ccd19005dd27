"""What a transcription job asks for (light: used by the UI, the CLI and the worker)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any

# A short prompt written the way people speak, so Whisper keeps "um"/"uh" instead of
# tidying them away. Short on purpose: long filler prompts make Whisper drop sentences.
# Kept by measurement (stagecoach eval): without it filler recall fell from 0.94 to 0.44,
# word error rose 0.085 -> 0.090 and one more sentence was lost; the sentence it sometimes
# costs is caught by decoding that window again without it (windowed.transcribe_window).
FILLER_PROMPT = "Um, uh, so, like, I mean..."
MAX_FILLER_PROMPT_CHARS = 32
# The previous text handed to the next live chunk as context (about the 223 tokens
# Whisper's own condition_on_previous_text keeps).
CONTEXT_CHARS = 400
MAX_WINDOW_S = 28.0  # under Whisper's 30 s, leaving room for the pause kept at the end

assert len(FILLER_PROMPT) <= MAX_FILLER_PROMPT_CHARS


@dataclass(frozen=True)
class TranscribeOptions:
    engine: str = "faster-whisper"
    model: str = "tiny.en"  # a name or a path
    compute_type: str = "int8"  # faster-whisper; "default" would silently mean float32
    hotwords: list[str] = field(default_factory=list)
    filler_prompt: bool = True
    beam_size: int = 5
    cpu_threads: int = 0  # 0: all cores but one (the UI keeps one)
    # Cut silences of 2 s or more before decoding (speech_regions, by energy); together
    # with hallucination_silence_threshold this stops "Thank you." tails over silence.
    vad_filter: bool = True
    hallucination_silence_threshold: float | None = 2.0
    language: str | None = None  # None: "en" for English-only models, else detected
    # Answers are decoded in windows cut at pauses, once a window is this long and never
    # later than the maximum (pause_cuts): live while recording, and for whole files.
    window_min_s: float = 15.0
    window_max_s: float = 25.0

    def with_changes(self, **changes: Any) -> TranscribeOptions:
        return replace(self, **changes)

    @classmethod
    def from_settings(cls, settings: Any, hotwords: list[str] | None = None) -> TranscribeOptions:
        """From ``Settings.transcription`` (or the whole Settings object)."""
        t = getattr(settings, "transcription", settings)
        low, high = window_limits(t.live_chunk_min_s, t.live_chunk_max_s)
        return cls(
            engine=t.engine,
            model=t.model,
            compute_type=t.compute_type,
            hotwords=list(hotwords or []) if t.bias_expected_terms else [],
            filler_prompt=t.filler_prompt,
            beam_size=t.beam_size,
            cpu_threads=t.cpu_threads,
            window_min_s=low,
            window_max_s=high,
        )


def window_limits(min_s: float, max_s: float) -> tuple[float, float]:
    """Hand-edited settings kept sensible: windows of 5 s or more, and always inside
    Whisper's 30 s input (a longer window would be decoded in two passes)."""
    low = min(max(5.0, float(min_s)), 25.0)
    high = min(max(low + 1.0, float(max_s)), MAX_WINDOW_S)
    return low, high


def effective_threads(requested: int) -> int:
    """0 means every core but one, so the interface stays responsive."""
    if requested > 0:
        return requested
    return max(1, (os.cpu_count() or 2) - 1)


def build_prompt(options: TranscribeOptions, context: str | None) -> str | None:
    """The initial prompt: the filler style, then the end of the text said so far."""
    parts = []
    if options.filler_prompt:
        parts.append(FILLER_PROMPT)
    if context:
        tail = context.strip()[-CONTEXT_CHARS:]
        # Start the tail on a word boundary.
        if len(context.strip()) > CONTEXT_CHARS and " " in tail:
            tail = tail.split(" ", 1)[1]
        parts.append(tail)
    return " ".join(parts) or None


def hotword_text(options: TranscribeOptions) -> str | None:
    terms = [t.strip() for t in options.hotwords if t and t.strip()]
    return ", ".join(dict.fromkeys(terms)) or None
