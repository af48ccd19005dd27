"""The two Whisper engines behind one interface. Runs in the worker process only.

``load_engine(options)`` gives an Engine holding a loaded model;
``engine.transcribe(audio, options, context, on_segment)`` gives a core Transcript.
Heavy imports (faster_whisper/ctranslate2, torch/whisper) happen inside the methods.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from desktop_app.core.audio.audio_decode import WHISPER_RATE, load_audio
from desktop_app.core.errors import UserError
from desktop_app.core.transcript import Segment, Transcript, Word
from desktop_app.transcription.models import ModelRef, offline_message, resolve_model
from desktop_app.transcription.options import (
    TranscribeOptions,
    build_prompt,
    effective_threads,
    hotword_text,
)
from desktop_app.transcription.speech_regions import find_speech

Audio = npt.NDArray[np.float32]
ONE_WINDOW_S = 30.0  # Whisper's input window: audio up to this long is decoded in one pass
SegmentCallback = Callable[[Segment], None]


class Engine(Protocol):
    name: str
    model_name: str

    def transcribe(self, audio: Audio, options: TranscribeOptions, context: str | None = None,
                   on_segment: SegmentCallback | None = None) -> Transcript: ...


def as_audio(audio: str | Path | Audio) -> Audio:
    if isinstance(audio, str | Path):
        return load_audio(audio)
    arr = np.asarray(audio, dtype=np.float32).reshape(-1)
    return arr


def _language(ref: ModelRef, options: TranscribeOptions) -> str | None:
    if options.language:
        return options.language
    return "en" if ref.name.endswith(".en") else None


def _clean_word(text: str) -> str:
    return text.strip()


def _collect(raw_segments: Iterable[Any], on_segment: SegmentCallback | None,
             word_of: Callable[[Any], tuple[str, float, float, float]],
             retime: Callable[[Segment], Segment] | None = None) -> list[Segment]:
    out: list[Segment] = []
    for seg in raw_segments:
        words = []
        for w in seg["words"] if isinstance(seg, dict) else (seg.words or []):
            text, start, end, prob = word_of(w)
            text = _clean_word(text)
            if text:
                words.append(Word(text, float(start), float(end), float(prob)))
        text = (seg["text"] if isinstance(seg, dict) else seg.text).strip()
        start = float(seg["start"] if isinstance(seg, dict) else seg.start)
        end = float(seg["end"] if isinstance(seg, dict) else seg.end)
        if not text and not words:
            continue
        segment = Segment(start, end, text, tuple(words))
        if retime is not None:
            segment = retime(segment)
        out.append(segment)
        if on_segment is not None:
            on_segment(segment)
    return out


class FasterWhisperEngine:
    name = "faster-whisper"

    def __init__(self, ref: ModelRef, options: TranscribeOptions) -> None:
        from desktop_app.transcription.av_shim import ensure_importable

        ensure_importable()  # installs without PyAV: faster_whisper imports av at load
        from faster_whisper import WhisperModel

        self.ref = ref
        self.model_name = ref.name
        self.compute_type = options.compute_type
        self._batched: Any = None
        threads = effective_threads(options.cpu_threads)
        if ref.kind == "ct2":
            assert ref.path is not None
            self.model = WhisperModel(str(ref.path), device="cpu",
                                      compute_type=options.compute_type,
                                      cpu_threads=threads, local_files_only=True)
            return
        try:
            self.model = WhisperModel(ref.name, device="cpu", compute_type=options.compute_type,
                                      cpu_threads=threads, local_files_only=True)
        except Exception as cached_miss:  # not in the local cache: try the hub once
            if not _is_missing_locally(cached_miss):
                raise
            try:
                self.model = WhisperModel(ref.name, device="cpu",
                                          compute_type=options.compute_type, cpu_threads=threads)
            except Exception as exc:
                if _is_offline(exc):
                    raise UserError(offline_message(ref.name, self.name)) from exc
                raise

    def transcribe(self, audio: Audio, options: TranscribeOptions, context: str | None = None,
                   on_segment: SegmentCallback | None = None) -> Transcript:
        duration = len(audio) / WHISPER_RATE
        speech = find_speech(audio) if options.vad_filter else None
        if speech is not None and not speech.regions:  # nothing but silence: no words
            return Transcript(self.name, self.model_name, _language(self.ref, options) or "en",
                              duration, ())
        samples = speech.cut(audio) if speech is not None else audio
        if len(samples) <= ONE_WINDOW_S * WHISPER_RATE:
            segments, info = self._one_window(samples, options, context)
        else:
            segments, info = self.model.transcribe(
                samples,
                language=_language(self.ref, options),
                beam_size=options.beam_size,
                word_timestamps=True,
                vad_filter=False,  # done above, by energy (speech_regions explains why)
                hallucination_silence_threshold=options.hallucination_silence_threshold,
                initial_prompt=build_prompt(options, context),
                hotwords=hotword_text(options),
                condition_on_previous_text=True,
            )
        # Times come back in the cut audio: each segment is mapped before anyone sees it.
        retime = speech.restore_segment if speech is not None and not speech.is_whole else None
        out = _collect(segments, on_segment,
                       lambda w: (w.word, w.start, w.end, w.probability), retime)
        return Transcript(self.name, self.model_name, info.language or "en", duration,
                          tuple(out))


    def _one_window(self, samples: Audio, options: TranscribeOptions,
                    context: str | None) -> tuple[Iterable[Any], Any]:
        """Audio that fits Whisper's 30 s window, decoded in one pass.

        The sequential decoder moves its window to the end of the last word and decodes
        what is left again, so a live chunk (which keeps 0.3 s after its last sound) cost
        two encoder passes, and the second, over silence, is where "Thank you." came from.
        The batched pipeline decodes each clip once, without timestamp tokens, and takes
        word times from the same cross-attention alignment: the tail of the sample answer
        (9.8 s) took 0.86 s instead of 1.65 s on two threads, with the same words and times.
        """
        from faster_whisper import BatchedInferencePipeline

        if self._batched is None:
            self._batched = BatchedInferencePipeline(self.model)
        return self._batched.transcribe(  # type: ignore[no-any-return]
            samples,
            language=_language(self.ref, options),
            beam_size=options.beam_size,
            word_timestamps=True,
            vad_filter=False,
            clip_timestamps=[{"start": 0.0, "end": len(samples) / WHISPER_RATE}],
            batch_size=1,
            without_timestamps=True,
            initial_prompt=build_prompt(options, context),
            hotwords=hotword_text(options),
        )


class OpenAIWhisperEngine:
    name = "openai-whisper"

    def __init__(self, ref: ModelRef, options: TranscribeOptions) -> None:
        import torch

        torch.set_num_threads(effective_threads(options.cpu_threads))
        self.ref = ref
        self.model_name = ref.name
        self.compute_type = "float32"
        self.model = _load_openai_model(ref)

    def transcribe(self, audio: Audio, options: TranscribeOptions, context: str | None = None,
                   on_segment: SegmentCallback | None = None) -> Transcript:
        import torch
        import whisper

        # openai-whisper has no hotwords: they lead the prompt, as faster-whisper places them.
        prompt = " ".join(p for p in (hotword_text(options), build_prompt(options, context)) if p)
        # Its temperature fallback samples with torch's generator: seeded, one answer gives
        # one transcript every time (unseeded, a noisy tail came back as "Mm-hmm." one run
        # in several and as nothing the others).
        torch.manual_seed(0)
        result = whisper.transcribe(
            self.model,
            audio,  # an array, so openai-whisper never needs the ffmpeg program
            language=_language(self.ref, options) or None,
            beam_size=options.beam_size,
            best_of=5,
            word_timestamps=True,
            initial_prompt=prompt or None,
            condition_on_previous_text=True,
            # Not hallucination_silence_threshold: in openai-whisper 20250625 it skipped a
            # whole spoken sentence of the sample answer. The shared silence guard
            # (silence.drop_silent_words) removes invented tails for both engines.
            fp16=False,
            verbose=None,
            # A window (every live chunk and file window) decoded once, as faster-whisper
            # does: with timestamp tokens the loop decodes what follows the last one again.
            without_timestamps=len(audio) <= ONE_WINDOW_S * WHISPER_RATE,
        )
        out = _collect(result["segments"], on_segment,
                       lambda w: (w["word"], w["start"], w["end"], w.get("probability", 1.0)))
        return Transcript(self.name, self.model_name, str(result.get("language") or "en"),
                          len(audio) / WHISPER_RATE, tuple(out))


def _load_openai_model(ref: ModelRef) -> Any:
    import torch
    import whisper
    from whisper.model import ModelDimensions, Whisper

    if ref.kind == "named":
        try:
            return whisper.load_model(ref.name, device="cpu")
        except Exception as exc:
            if _is_offline(exc):
                raise UserError(offline_message(ref.name, OpenAIWhisperEngine.name)) from exc
            raise
    if ref.kind == "ct2":
        from desktop_app.transcription.convert import ensure_converted

        checkpoint_path = ensure_converted(ref)
    else:
        assert ref.path is not None
        checkpoint_path = ref.path
    try:
        checkpoint = torch.load(checkpoint_path, map_location="cpu", weights_only=True)
        dims = ModelDimensions(**checkpoint["dims"])
        model = Whisper(dims)
        model.load_state_dict(checkpoint["model_state_dict"])
    except Exception as exc:
        raise UserError(f"{checkpoint_path} is not a usable openai-whisper checkpoint.") from exc
    heads = checkpoint.get("alignment_heads")
    if heads is None:
        # An official checkpoint under its own name: use openai-whisper's table for it.
        heads = getattr(whisper, "_ALIGNMENT_HEADS", {}).get(checkpoint_path.stem)
    if heads is not None:
        model.set_alignment_heads(heads.encode() if isinstance(heads, str) else heads)
    return model.to("cpu")


def _is_missing_locally(exc: BaseException) -> bool:
    return type(exc).__name__ in ("LocalEntryNotFoundError", "EntryNotFoundError") or isinstance(
        exc, FileNotFoundError
    )


def _is_offline(exc: BaseException) -> bool:
    import urllib.error

    names = {t.__name__ for t in type(exc).__mro__}
    offline = {"LocalEntryNotFoundError", "ConnectError", "ConnectionError", "ConnectTimeout",
               "OfflineModeIsEnabled", "HTTPError", "TimeoutError", "gaierror"}
    return bool(names & offline) or isinstance(exc, urllib.error.URLError | OSError)


def load_engine(options: TranscribeOptions) -> Engine:
    ref = resolve_model(options.model, options.engine)
    if options.engine == "faster-whisper":
        if importlib_missing("faster_whisper"):
            raise UserError("The faster-whisper engine is not installed; reinstall Stagecoach.")
        return FasterWhisperEngine(ref, options)
    if importlib_missing("whisper") or importlib_missing("torch"):
        raise UserError("The openai-whisper engine is not installed; install the 'reference' "
                        "extra (torch and openai-whisper) or use --engine faster-whisper.")
    return OpenAIWhisperEngine(ref, options)


def importlib_missing(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is None
