"""`stagecoach eval --quick` end to end: the real worker, model and analyzer on the corpus.

It checks the documented shape (every condition, every key, rates in [0, 1], nulls where
a condition has no cases) and the accuracy floors the pipeline meets and a user can rely on
(the issue's targets; the full eval's figures, which fall short in places, are in the
README). Run with -s to see the table.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop_app.evaluation.corpus import CONDITIONS
from desktop_app.evaluation.real import shipped_clips
from desktop_app.evaluation.scoring import METRICS, RATES
from desktop_app.evaluation.synthesis import piper_available
from desktop_app.evaluation.table import format_table

pytestmark = pytest.mark.model
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _eval(args: list[str], home: Path, cache: Path,
          prelude: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STAGECOACH_HOME": str(home), "STAGECOACH_EVAL_CACHE": str(cache)}
    code = f"{prelude}from desktop_app.cli import main; raise SystemExit(main({args!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=900)


@pytest.fixture(scope="module")
def quick_eval(tmp_path_factory: pytest.TempPathFactory, eval_cache: Path) -> dict[str, Any]:
    """One quick eval for the module's tests (about a minute)."""
    if not piper_available():
        pytest.skip("needs the eval extra (piper)")
    tmp_path = tmp_path_factory.mktemp("quick")
    # The real condition's path, with the shipped sample answer standing in for a recording.
    real = tmp_path / "real"
    real.mkdir()
    sample = PROJECT_ROOT / "resources" / "sample"
    shutil.copy(sample / "answer.wav", real / "answer.wav")
    said = re.sub(r"<[^>]+>", " ", (sample / "answer.txt").read_text(encoding="utf-8"))
    (real / "answer.txt").write_text(said, encoding="utf-8")
    out = tmp_path / "eval.json"
    result = _eval(["eval", "--quick", "--format", "json", "-o", str(out), "--real", str(real)],
                   tmp_path / "home", eval_cache)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def test_quick_eval_reports_every_condition_and_key(quick_eval: dict[str, Any]) -> None:
    data = quick_eval
    print("\n" + format_table(data))
    assert [c["name"] for c in data["conditions"]] == list(CONDITIONS)
    for entry in [*data["conditions"], data["overall"]]:
        assert set(METRICS) <= set(entry), entry
        for key in RATES:
            assert entry[key] is None or 0.0 <= entry[key] <= 1.0, (key, entry)
        assert entry["seconds"] >= 0
    by_name = {c["name"]: c for c in data["conditions"]}
    for name in CONDITIONS[:-1]:  # every synthetic condition has cases of every kind
        entry = by_name[name]
        assert entry["cases"] >= 3 and entry["lost_sentences"] is not None, name
        assert None not in (entry["wer"], entry["wer_plain"], entry["filler_recall"],
                            entry["filled_pause_false_per_min"], entry["pause_hit_rate"],
                            entry["concept_recall"], entry["red_flag_recall"]), name
    words_only = ("wer", "wer_plain", "lost_sentences", "seconds")
    # The shipped real recordings (jfk.flac and five LibriVox sentences) and the sample
    # answer standing in for a folder.
    assert len(shipped_clips()) == 6
    assert by_name["real"]["cases"] == 7 and by_name["real"]["wer"] is not None
    assert all(by_name["real"][k] is None for k in METRICS if k not in words_only)


# Conditions where a quiet room lets the targets hold today; under noise at 10-20 dB SNR
# some fall short (README: Accuracy): pauses under babble at 10 dB above all.
QUIET = ("clean", "reverb", "slow", "fast")
NOISY = ("noise20", "noise10")


def test_quick_eval_meets_the_accuracy_floors(quick_eval: dict[str, Any]) -> None:
    by_name = {c["name"]: c for c in quick_eval["conditions"]}
    for name in CONDITIONS:
        c = by_name[name]
        # Never worse than the plain recogniser: the prompt, hotwords and windows only help
        # (on real recordings too: the tail guard once dropped jfk.flac's last word).
        assert c["wer"] <= c["wer_plain"] + 0.01, (name, c)
        assert c["lost_sentences"] <= c["lost_sentences_plain"], (name, c)
    for name in CONDITIONS[:-1]:
        c = by_name[name]
        # Wrong feedback is worse than none: what is credited or flagged must be right.
        assert c["concept_precision"] >= 0.95, (name, c)
        assert c["red_flag_precision"] is None or c["red_flag_precision"] >= 0.95, (name, c)
        assert c["concept_recall"] >= 0.9, (name, c)
        assert c["red_flag_recall"] is None or c["red_flag_recall"] >= 0.9, (name, c)
    for name in QUIET:
        c = by_name[name]
        assert c["lost_sentences"] == 0, (name, c)
        assert c["filler_precision"] >= 0.9, (name, c)
        assert c["filled_pause_false_per_min"] <= 0.5, (name, c)
        # Pauses from the worker's voice-activity segments: every one in the full corpus.
        assert c["pause_hit_rate"] >= 0.95, (name, c)
    # Fillers are heard in quiet rooms, in reverb too (a filled "um" the recogniser wrote
    # as "arm," counts) and in fast speech (an "uh" run on from the word before it).
    for name in ("clean", "reverb", "slow", "fast", "noise20"):
        assert by_name[name]["filler_recall"] >= 0.9, by_name[name]
    for name in NOISY:
        c = by_name[name]
        # The quick set's answer without fillers is under steady (brown) noise, where no
        # filled pause is invented; babble at 10 dB invents some (full corpus: 0.22/min).
        assert c["filled_pause_false_per_min"] <= 0.5, (name, c)
    # Other voices 20 dB under the speaker are not taken for their filled pauses (at 10 dB
    # some still are: filler precision 0.95 in the full corpus, 0.80 here).
    assert by_name["noise20"]["filler_precision"] >= 0.9, by_name["noise20"]
    # One answer in three is under babble, which hides its pauses at 10 dB (the full
    # corpus: 1.00 at 20 dB, 0.87 at 10 dB; every pink and brown pause but one is found).
    assert by_name["noise20"]["pause_hit_rate"] >= 0.95, by_name["noise20"]
    assert by_name["noise10"]["pause_hit_rate"] >= 0.6, by_name["noise10"]


@pytest.mark.skipif(not piper_available(), reason="needs the eval extra (piper)")
def test_a_wrong_real_folder_is_said_before_any_work(stagecoach_home: Path,
                                                    tmp_path: Path) -> None:
    result = _eval(["eval", "--quick", "--real", str(tmp_path / "missing")], stagecoach_home,
                   tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "is not a folder" in result.stderr
    assert not list(tmp_path.glob("*.wav"))  # nothing was synthesised


def test_without_piper_eval_says_how_to_install_it(stagecoach_home: Path,
                                                   tmp_path: Path) -> None:
    result = _eval(["eval", "--quick"], stagecoach_home, tmp_path,
                   prelude="import sys; sys.modules['piper'] = None; ")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "piper-tts" in result.stderr
    assert result.stdout == ""
