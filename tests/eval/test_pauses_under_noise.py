"""Pauses and filled pauses under noise, through the real worker, model and analyzer.

Neural-voice answers of the accuracy corpus (piper) mixed with pink, brown or babble noise.
The worker's voice-activity segments travel back with the transcript and the analysis
takes its pauses from them: frame energy against a noise floor found only one pause of two
in each of the 10 dB cases below, and read the background voices of babble at 20 dB as
five filled pauses in the two answers without any.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from desktop_app.evaluation import degrade
from desktop_app.evaluation.corpus import CorpusBuilder
from desktop_app.evaluation.scoring import PAUSE_TOLERANCE_S, match_fillers, match_pauses
from desktop_app.evaluation.scripts import PREFERENCE, SCRIPTS, Script
from desktop_app.evaluation.synthesis import (
    RATE,
    RATES,
    PiperSynth,
    build_answer,
    piper_available,
)
from desktop_app.evaluation.truth import Truth
from desktop_app.transcription.worker import TranscriptionWorker
from tests.support.pipeline import eval_report

pytestmark = [pytest.mark.model,
              pytest.mark.skipif(not piper_available(), reason="needs the eval extra (piper)")]
BY_ID = {s.id: s for s in SCRIPTS}


def _report(worker: TranscriptionWorker, script: Script, path: Path) -> dict[str, Any]:
    """The answer as `stagecoach eval` analyses it (the app's default settings)."""
    transcript, report = eval_report(path, script.question, worker)
    assert transcript.speech is not None  # the worker ran the detector
    return report


def _hits(report: dict[str, Any], truth: Truth) -> int:
    found = [(float(p["start"]), float(p["end"])) for p in report["pauses"]]
    return match_pauses(found, truth.pauses(1.5), PAUSE_TOLERANCE_S)


def _noisy(builder: CorpusBuilder, script_id: str, noise: str, snr: float) -> Path:
    script = BY_ID[script_id]
    others = [s for s in SCRIPTS if s.id != script.id][:3]  # as the full eval mixes babble
    return builder.noisy(script, others, noise, snr)


@pytest.mark.parametrize(("script_id", "noise"), [("fillers-and-pauses", "pink"),
                                                  ("inflected-terms", "brown"),
                                                  ("misheard-prone", "pink")])
def test_every_pause_is_found_in_steady_noise_at_10_db(
        worker: TranscriptionWorker, builder: CorpusBuilder, script_id: str,
        noise: str) -> None:
    script = BY_ID[script_id]
    truth = builder.spoken(script, "normal")[3]
    report = _report(worker, script, _noisy(builder, script_id, noise, 10.0))
    assert report["analysis"]["pauses_from"] == "voice"
    assert _hits(report, truth) == len(truth.pauses(1.5)) == 2


@pytest.mark.parametrize("script_id", ["no-fillers-negated-flag", "inflected-terms"])
def test_a_pause_holds_where_other_voices_burst_in_at_10_db(
        worker: TranscriptionWorker, builder: CorpusBuilder, script_id: str) -> None:
    # Babble at 10 dB: inside one silence of each answer another voice reaches the
    # speaker's loudness for a syllable or two, with no word of the speaker's near it. It
    # split the pause in two, and in the second answer was reported as a filled pause.
    script = BY_ID[script_id]
    truth = builder.spoken(script, "normal")[3]
    report = _report(worker, script, _noisy(builder, script_id, "babble", 10.0))
    assert _hits(report, truth) == len(truth.pauses(1.5)) == 2
    assert [i for i in report["fillers"]["items"] if i["kind"] == "filled_pause"] == []


@pytest.mark.parametrize(("script_id", "snr"), [("misheard-prone", 20.0),
                                                ("long-pauses-no-fillers", 20.0),
                                                ("long-pauses-no-fillers", 10.0),
                                                ("rejected-flags", 10.0)])
def test_background_voices_are_not_filled_pauses(worker: TranscriptionWorker,
                                                 builder: CorpusBuilder,
                                                 script_id: str, snr: float) -> None:
    # At 10 dB the other voices reach the speaker's loudness in single syllables, and
    # were read as filled pauses where the speaker was silent.
    script = BY_ID[script_id]
    assert not script.has_fillers
    report = _report(worker, script, _noisy(builder, script_id, "babble", snr))
    items = report["fillers"]["items"]
    assert [i for i in items if i["kind"] == "filled_pause"] == []


def test_the_issues_answer_keeps_both_pauses_under_pink_noise(
        worker: TranscriptionWorker, tmp_path: Path) -> None:
    """A neural-voice answer with silences of 3.2 s and 2.7 s, pink noise at 12 dB SNR."""
    script = Script("issue-pauses", PREFERENCE, (
        "I would start by tracing where every example came from.", 3.2,
        "Then I would check consent and licensing before training.", 2.7,
        "Finally I would set a clear bar for stopping the launch."), ())
    audio, truth = build_answer(script, RATES["normal"], PiperSynth())
    noise = degrade.coloured_noise("pink", len(audio), np.random.default_rng(12))
    path = tmp_path / "answer.wav"
    sf.write(path, degrade.mix_at_snr(audio, noise, 12.0, truth.speech, RATE), RATE)
    report = _report(worker, script, path)
    assert [round(b - a, 1) for a, b in truth.pauses(1.5)] == [3.2, 2.7]
    assert _hits(report, truth) == 2 and len(report["pauses"]) == 2


@pytest.mark.parametrize("condition", ["clean", "reverb"])
def test_held_hesitation_sounds_are_filled_pauses(worker: TranscriptionWorker,
                                                  builder: CorpusBuilder,
                                                  condition: str) -> None:
    # The corpus's held "uhhh" (1.5 s) and "ummm" (2.1 s): the recogniser writes none of
    # them and stretches words over them. In reverb the detector kept only the first 0.5 s
    # of the "ummm" as speech, which a run judged as a whole failed.
    script = BY_ID["held-hesitations"]
    _, clean, _, truth = builder.spoken(script, "normal")
    path = clean if condition == "clean" else builder.reverberant(script)
    report = _report(worker, script, path)
    found = [(float(i["start"]), float(i["end"])) for i in report["fillers"]["items"]]
    assert len(truth.fillers) == 3
    assert match_fillers(found, truth.fillers) == 3, found
