"""A recording transcribed window by window: the audio cut at pauses, as live.

Runs in the worker process. Each window (pause_cuts) is decoded on its own, with the
text of the windows before it as context, checked for words invented over silence
(silence.drop_silent_words) and moved to its place in the answer. The live transcriber
sends the worker the very same windows one at a time, so the transcript made while
recording and the one made again from the file agree (and neither skips the sentences
that a single pass over a long file dropped: see pause_cuts).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from desktop_app.core.transcript import Segment, Transcript, Word
from desktop_app.transcription.options import TranscribeOptions
from desktop_app.transcription.pause_cuts import RATE, plan_windows
from desktop_app.transcription.silence import drop_silent_words
from desktop_app.transcription.unheard_speech import unheard_speech_s

SegmentCallback = Callable[[Segment], None]


def shift(segment: Segment, offset: float) -> Segment:
    if not offset:
        return segment
    return Segment(
        segment.start + offset,
        segment.end + offset,
        segment.text,
        tuple(Word(w.word, w.start + offset, w.end + offset, w.probability)
              for w in segment.words),
    )


def joined_context(texts: list[str]) -> str | None:
    """The context for the next window: what was said before it (live uses this too)."""
    return " ".join(t for t in texts if t) or None


def transcribe_window(engine: Any, audio: npt.NDArray[np.float32], options: TranscribeOptions,
                      context: str | None) -> Transcript:
    """One window (≤ 30 s) decoded, without the words it has over pure silence.

    When speech longer than a filled pause is left under no word (the prompt made the
    recogniser stop early), the window is decoded again without the filler prompt and
    the context, and the transcript that leaves less speech unheard is kept.
    """
    first = drop_silent_words(engine.transcribe(audio, options, context), audio)
    lost = unheard_speech_s(first, audio)
    if lost == 0.0 or not (options.filler_prompt or context):
        return first
    again = drop_silent_words(
        engine.transcribe(audio, options.with_changes(filler_prompt=False), None), audio)
    return again if unheard_speech_s(again, audio) < lost else first


def transcribe_windows(engine: Any, audio: npt.NDArray[np.float32], options: TranscribeOptions,
                       context: str | None = None,
                       on_segment: SegmentCallback | None = None) -> Transcript:
    said = [context] if context else []
    segments: list[Segment] = []
    language = "en"
    for window in plan_windows(audio, options.window_min_s, options.window_max_s):
        if not window.has_sound:
            continue
        part = transcribe_window(engine, audio[window.start:window.end], options,
                                 joined_context(said))
        said.append(part.text)
        if part.segments:
            language = part.language
        for segment in part.segments:
            moved = shift(segment, window.offset_s)
            segments.append(moved)
            if on_segment is not None:
                on_segment(moved)
    return Transcript(engine.name, engine.model_name, language, len(audio) / RATE,
                      tuple(segments))
