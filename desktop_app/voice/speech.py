"""Text in, a WAV of it spoken out: the voice chosen in Settings, through the cache.

``Voice`` is what the app, the CLI and the benchmark use; it is Qt-free and thread-safe (the
UI calls ``wav_for`` on a background thread). A voice that cannot speak raises
``VoiceUnavailable`` with one sentence, kept in ``error`` so it is said once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

from desktop_app.voice.cache import SpeechCache
from desktop_app.voice.catalog import DEFAULT_VOICE, find_voice
from desktop_app.voice.engine import Engine, VoiceUnavailable

# piper's length_scale at speed 1.0. The joe voice reads at about 235 words a minute at
# piper's own 1.0 (measured on a bank question), faster than an interviewer speaks; 1.35
# gives about 175.
BASE_LENGTH_SCALE = 1.35
MIN_SPEED, MAX_SPEED = 0.5, 2.0

MISSING = ("The voice '{name}' is not installed, so questions are shown but not read "
           "aloud; pick another voice in Settings or reinstall Stagecoach.")


# A text is spoken in two parts, so its first words play while the rest is synthesised:
# the first clause (ended by , ; : . ? or !) of at least this many words, then the rest.
FIRST_PART_MIN_WORDS = 5
REST_MIN_WORDS = 4  # a shorter rest is not worth a part of its own
_CLAUSE_END = re.compile(r"[,;:.?!](?=\s)")


def speaking_parts(text: str) -> list[str]:
    """``text`` as it is synthesised and played: its first clause, then the rest (or the
    whole text when it has no clause to split at)."""
    text = " ".join(text.split())
    for end in _CLAUSE_END.finditer(text):
        head, rest = text[: end.end()], text[end.end():].strip()
        if len(head.split()) >= FIRST_PART_MIN_WORDS:
            return [head, rest] if len(rest.split()) >= REST_MIN_WORDS else [text]
    return [text] if text else []


def clamp_speed(speed: float) -> float:
    return min(MAX_SPEED, max(MIN_SPEED, float(speed)))


def length_scale(speed: float) -> float:
    """piper's length_scale for a speed (1.0 normal, 2.0 twice as fast)."""
    return BASE_LENGTH_SCALE / clamp_speed(speed)


class Voice:
    """One named voice with its cache. ``synthesised`` counts the texts actually synthesised
    (the others came from the cache)."""

    def __init__(self, name: str = DEFAULT_VOICE, cache: SpeechCache | None = None) -> None:
        self.name = name
        self.cache = cache or SpeechCache()
        self.error: str | None = None
        self.synthesised = 0
        self._engine: Engine | None = None
        self._lock = threading.Lock()
        # One synthesis at a time, and the cache looked at again inside it: a text asked
        # for while it is being made (shown, then Start pressed) is made once.
        self._making = threading.Lock()

    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                voice = find_voice(self.name)
                if voice is None:
                    self.error = MISSING.format(name=self.name)
                    raise VoiceUnavailable(self.error)
                self._engine = Engine(voice)
            return self._engine

    def warm_up(self) -> None:
        """Load the model now (about 0.3 s) so the first question speaks sooner."""
        try:
            self.engine().load()
        except VoiceUnavailable as exc:
            self.error = exc.message
            raise

    def cached(self, text: str, speed: float = 1.0) -> Path | None:
        """The WAV of ``text`` if it was spoken before at this speed (no model needed)."""
        voice = find_voice(self.name) if self._engine is None else self._engine.voice
        if voice is None:
            return None
        return self.cache.get(voice.fingerprint(), clamp_speed(speed), text)

    def wav_for(self, text: str, speed: float = 1.0) -> Path:
        """``text`` spoken at ``speed``, from the cache or synthesised into it."""
        path = self._make(text, speed, None)
        assert path is not None  # only a `wanted` that says no gives None
        return path

    def prepare(self, texts: list[str], speed: float, wanted: Callable[[], bool]) -> int:
        """Make ``texts`` ahead, in order, while ``wanted()`` (asked again each time the
        synthesis is free): requests that went stale while they waited, such as questions
        skipped past with Next, are dropped instead of queueing up in front of the one
        that is shown. How many were made or found."""
        done = 0
        for text in texts:
            if self._make(text, speed, wanted) is None:
                break
            done += 1
        return done

    def _make(self, text: str, speed: float, wanted: Callable[[], bool] | None) -> Path | None:
        speed = clamp_speed(speed)
        engine = self.engine()
        fingerprint = engine.voice.fingerprint()
        hit = self.cache.get(fingerprint, speed, text)
        if hit is not None:
            return hit
        with self._making:
            if wanted is not None and not wanted():
                return None
            hit = self.cache.get(fingerprint, speed, text)
            if hit is not None:
                return hit
            try:
                samples = engine.samples(text, length_scale(speed))
                rate = engine.sample_rate
            except VoiceUnavailable as exc:
                self.error = exc.message
                raise
            self.synthesised += 1
            return self.cache.put(fingerprint, speed, text, samples, rate)
