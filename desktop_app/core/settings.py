"""One typed settings object shared by the CLI, the core and the UI.

Persisted as JSON in the data folder. Unknown keys are ignored and values of the
wrong type fall back to their defaults, so a hand-edited or older file never stops
the app from starting.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from desktop_app.core import paths


@dataclass
class AudioSettings:
    device: str | None = None  # input device name; None = system default
    sample_rate: int = 16000  # what is written to disk (Whisper's rate)
    block_ms: int = 50  # level-meter and callback granularity
    fsync_interval_s: float = 0.5  # crash-safety: at most this much audio unsynced


@dataclass
class TranscriptionSettings:
    engine: str = "faster-whisper"  # or "openai-whisper"
    model: str = "tiny.en"  # a model name or a path
    compute_type: str = "int8"  # faster-whisper only; "default" would mean float32 on CPU
    beam_size: int = 5
    cpu_threads: int = 0  # 0: all cores but one, leaving one for the UI
    filler_prompt: bool = True  # a short prompt that helps Whisper keep "um"/"uh"
    bias_expected_terms: bool = True  # hotwords from the question's expected concepts
    live_chunk_min_s: float = 15.0  # cut live chunks at a silence after this much audio
    live_chunk_max_s: float = 25.0  # ... and never later than this


@dataclass
class AnalysisSettings:
    pause_threshold_s: float = 1.5
    slow_wpm: float = 110.0
    fast_wpm: float = 170.0
    window_s: float = 20.0  # pace windows
    rushing_wpm: float = 190.0  # a window above this is flagged as rushing
    pace_min_words: int = 20  # fewer words: too few to call the pace slow or fast
    filled_pause_min_s: float = 0.3  # voiced audio in a word gap at least this long
    fuzzy_min_length: int = 7  # only words this long may match approximately
    fuzzy_score: float = 88.0  # rapidfuzz ratio needed for an approximate match
    # Do not credit a biased term the recogniser produced with less probability than this.
    # Measured on tiny.en: a hotword it invented from other speech had p ≈ 0.00, while
    # hotwords really said (synthetic voices) came out at p 0.07–0.45, so 0.5 lost them.
    min_biased_probability: float = 0.05
    # Words the recogniser gave less probability than this are shown as uncertain, and a
    # concept credited only through such words says so. tiny.en gives clear speech
    # 0.8–1.0 and a misheard or invented word 0.0–0.3.
    uncertain_probability: float = 0.35
    clause_gap_s: float = 0.5  # a silence this long between words starts a new clause
    fillers_per_minute_warn: float = 3.0  # more fillers per minute than this is a finding
    start_latency_warn_s: float = 5.0  # a longer silence before the first word is a finding
    extra_fillers: list[str] = field(default_factory=list)
    # Hedges ("I think", "maybe", "sort of"). One every 20 s (3 a minute, about 2 in every
    # 100 words at 150 wpm) is where a listener starts to hear doubt rather than care; the
    # same bar as fillers, as Speaker Coach and Yoodli count both per minute.
    hedges_per_minute_warn: float = 3.0
    extra_hedges: list[str] = field(default_factory=list)
    # Repetition: a phrase said this many times in a short answer, and one more use
    # allowed per this many words (a 10-minute answer: 10 uses before it is flagged).
    repetition_min_count: int = 3
    repetition_words_per_repeat: float = 150.0
    # Answer first: the position should come in the first 30 s, or the first 20 % of a
    # short answer (coaching's "bottom line up front"; an interviewer decides early).
    answer_first_s: float = 30.0
    answer_first_fraction: float = 0.2
    # Vocal variety: a 5 s stretch whose pitch spreads less than this (semitones, one SD
    # around the median) is flat. Hincks' pitch variation quotient measures the same
    # spread per stretch; measured here, espeak-ng's flat voice spreads 1.3-1.5 st, a
    # neural voice and real speech (jfk.flac) 2.6-3.5 st, so 2.2 sits between them.
    monotone_semitones: float = 2.2
    monotone_min_s: float = 15.0  # flat for at least this long is a monotone stretch
    # Loudness, relative to the answer's own speech level (recording levels are not
    # calibrated): 10 dB under it is half as loud to the ear (Stevens' sone scale).
    quiet_db: float = 10.0
    # Trailing off: a sentence's last 0.75 s this far under the sentence's median level.
    # The neural voice's natural sentence ends fall at most 6.5 dB there; its sentences
    # faded by 16 dB over the last word fall 8.5 dB or more.
    trailing_off_db: float = 8.0


def threshold_problem(a: AnalysisSettings) -> str | None:
    """The first contradiction among the analysis thresholds, as one sentence, or None.

    "Fast above" 200 was accepted over "rushing above" 190: every fast stretch was then
    rushing, and the pace band and advice no longer agreed.
    """
    if not a.slow_wpm < a.fast_wpm:
        return (f"“Slow below” ({a.slow_wpm:g} wpm) must be lower than “Fast above” "
                f"({a.fast_wpm:g} wpm).")
    if not a.fast_wpm < a.rushing_wpm:
        return (f"“Fast above” ({a.fast_wpm:g} wpm) must be lower than “Rushing above” "
                f"({a.rushing_wpm:g} wpm).")
    if not a.pause_threshold_s > 0:
        return "A long pause must last more than 0 s."
    if not a.filled_pause_min_s < a.pause_threshold_s:
        return (f"A filled pause ({a.filled_pause_min_s:g} s) must be shorter than a long "
                f"pause ({a.pause_threshold_s:g} s).")
    if not a.window_s >= 5:
        return "The pace is measured over stretches of at least 5 s."
    if not 0 < a.fuzzy_score <= 100:
        return "The approximate match score is out of 100."
    if not 0 <= a.min_biased_probability <= 1:
        return "The lowest confidence for expected terms is between 0 and 1."
    if not 0 <= a.uncertain_probability <= 1:
        return "The confidence below which a word is shown as uncertain is between 0 and 1."
    if not a.monotone_min_s >= 5:
        return "A monotone stretch lasts at least 5 s."
    if not 0 < a.answer_first_fraction <= 1:
        return "The share of the answer in which to make the point is between 0 and 1."
    return None


@dataclass
class UiSettings:
    last_bank: str = "ai-lab-data-pm"
    last_stage: str | None = None
    last_question: str | None = None
    chime: bool = True
    theme: str = "system"  # "system", "light" or "dark"


@dataclass
class VoiceSettings:
    """The interviewer's voice (desktop_app.voice): it reads each question aloud."""

    enabled: bool = True
    speed: float = 1.0  # 1.0 is the normal pace; 0.5 to 2.0
    volume: float = 0.8  # of the voice's full level, applied when played
    name: str = "en_US-joe-medium"  # an installed piper voice


@dataclass
class PracticeSettings:
    interview_date: str | None = None  # YYYY-MM-DD: the plan brings every question back by then
    new_per_day: int = 3  # new questions in today's plan (more when the interview is near)


@dataclass
class InterviewSettings:
    """The mock interview: how far the interviewer probes each stage's answer."""

    follow_ups: int = 1  # follow-ups asked after each stage's answer (0: none)


@dataclass
class StorageSettings:
    trash_days: int = 30  # a deleted answer can be brought back for this long
    backups_kept: int = 5  # copies of the history database kept in backups/


@dataclass
class Settings:
    audio: AudioSettings = field(default_factory=AudioSettings)
    transcription: TranscriptionSettings = field(default_factory=TranscriptionSettings)
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    storage: StorageSettings = field(default_factory=StorageSettings)
    practice: PracticeSettings = field(default_factory=PracticeSettings)
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    interview: InterviewSettings = field(default_factory=InterviewSettings)
    bank_dir: str | None = None  # None: <data home>/banks

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Settings:
        return _from_dict(cls, data)

    def user_banks_dir(self) -> Path:
        return Path(self.bank_dir).expanduser() if self.bank_dir else paths.user_banks_dir()


T = TypeVar("T")


def _from_dict(cls: type[T], data: Any) -> T:
    """Build dataclass ``cls`` from ``data``, keeping defaults for bad or missing values."""
    obj = cls()
    if not isinstance(data, dict):
        return obj
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name not in data:
            continue
        current = getattr(obj, f.name)
        value = data[f.name]
        if dataclasses.is_dataclass(current):
            setattr(obj, f.name, _from_dict(type(current), value))
        elif _same_kind(current, value, f.type):
            setattr(obj, f.name, float(value) if isinstance(current, float) else value)
    return obj


def _same_kind(current: Any, value: Any, annotation: Any) -> bool:
    if isinstance(current, bool) or isinstance(value, bool):
        return isinstance(current, bool) and isinstance(value, bool)
    if isinstance(current, float):
        return isinstance(value, int | float)
    if isinstance(current, int):
        return isinstance(value, int)
    if isinstance(current, list):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    # Optional strings (None by default) and plain strings.
    return (value is None and "None" in str(annotation)) or isinstance(value, str)


def load_settings(path: Path | None = None) -> Settings:
    """Read settings from the data folder; a missing or unreadable file gives defaults."""
    path = path or paths.settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return Settings()
    return Settings.from_dict(data)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or paths.settings_path()
    paths.write_private_text(path, json.dumps(settings.to_dict(), indent=2) + "\n")


def restore_defaults(section: Any, names: tuple[str, ...] | None = None) -> None:
    """Put a settings section's fields (or only ``names``) back to their defaults, in
    place: the UI and the services hold the section object itself."""
    default = type(section)()
    for f in fields(section):
        if names is None or f.name in names:
            setattr(section, f.name, getattr(default, f.name))
