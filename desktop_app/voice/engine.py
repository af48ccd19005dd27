"""The neural voice itself: piper, loaded once and asked for samples.

The only module that imports piper (GPL-3.0-or-later), inside its functions, so importing
the app never loads it. onnxruntime releases the GIL while it runs the model, so a
background thread can synthesise while the UI thread keeps drawing (measured: see
``desktop_app.bench.voice`` and the README).
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

import numpy as np
import numpy.typing as npt

from desktop_app.core.errors import UserError
from desktop_app.voice.catalog import VoiceFile

log = logging.getLogger(__name__)

Samples = npt.NDArray[np.int16]

NOT_INSTALLED = ("The interviewer's voice is not installed (the piper-tts package is "
                 "missing), so questions are shown but not read aloud; reinstall Stagecoach "
                 "to hear them.")
DAMAGED = ("The voice '{name}' could not be loaded (its model file is damaged or "
           "unreadable), so questions are shown but not read aloud; pick another voice in "
           "Settings or reinstall Stagecoach.")


class VoiceUnavailable(UserError):
    """The voice cannot speak: the sentence says why; the app carries on silently."""


class Engine:
    """One loaded piper voice. ``load`` may be called ahead (warm-up); ``samples`` loads
    on first use. Thread-safe: one synthesis at a time."""

    def __init__(self, voice: VoiceFile) -> None:
        self.voice = voice
        self._piper: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._piper is not None

    def load(self) -> None:
        with self._lock:
            self._load_locked()

    def _load_locked(self) -> Any:
        if self._piper is not None:
            return self._piper
        try:
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig
        except ImportError as exc:
            raise VoiceUnavailable(NOT_INSTALLED) from exc
        try:
            config = json.loads(self.voice.config.read_text(encoding="utf-8"))
            # What PiperVoice.load does, but without onnxruntime's memory arena: the arena
            # keeps the largest buffers of every question spoken (RSS grew by about 220 MB
            # over five questions with it, 130 MB without) and was not faster.
            options = onnxruntime.SessionOptions()
            options.enable_cpu_mem_arena = False
            # Its worker threads sleep instead of spinning between steps: spinning burns a
            # core that live transcription and the UI share with it.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            session = onnxruntime.InferenceSession(str(self.voice.model), sess_options=options,
                                                   providers=["CPUExecutionProvider"])
            self._piper = PiperVoice(config=PiperConfig.from_dict(config), session=session)
        except Exception as exc:  # onnxruntime, json and OSError all mean "cannot use it"
            log.info("voice %s did not load: %s", self.voice.name, exc)
            raise VoiceUnavailable(DAMAGED.format(name=self.voice.name)) from exc
        return self._piper

    @property
    def sample_rate(self) -> int:
        with self._lock:
            return int(self._load_locked().config.sample_rate)

    def samples(self, text: str, length_scale: float, natural: bool = True) -> Samples:
        """``text`` spoken, as mono PCM16 at ``sample_rate``, peak-normalised per sentence.

        ``natural=False`` turns piper's sampling noise off, so one text gives the same audio
        every time (the accuracy corpus needs that; the interviewer sounds livelier with it).
        """
        with self._lock:
            piper = self._load_locked()  # first: it says so when piper is missing
            from piper import SynthesisConfig

            config = (SynthesisConfig(length_scale=length_scale) if natural else
                      SynthesisConfig(length_scale=length_scale, noise_scale=0.0,
                                      noise_w_scale=0.0))
            chunks = [c.audio_int16_bytes for c in piper.synthesize(text, syn_config=config)]
        return np.frombuffer(b"".join(chunks), dtype=np.int16)
