"""`stagecoach import` and `stagecoach plan` as a user runs them: an answer spoken by the
neural voice, as a WAV and as a phone would save it (MP3, and M4A at 44.1 kHz stereo), the
real model, the real history database."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import wave
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app.core.history.store import Store
from tests.support.prosody import neural

pytestmark = pytest.mark.model

ANSWER = ("I would compare the two with care. A reward model learns from preference pairs, "
          "while direct preference optimization skips it. I would watch labeler "
          "disagreement and data quality before choosing.")


def _run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def recordings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("import")
    wav = neural(ANSWER, folder / "answer.wav")
    out = {"wav": wav}
    for ext, codec in (("mp3", ["-c:a", "libmp3lame", "-b:a", "64k"]),
                       ("m4a", ["-c:a", "aac", "-b:a", "96k", "-ar", "44100", "-ac", "2"])):
        target = folder / f"answer.{ext}"
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), *codec,
                        str(target)], check=True, timeout=120)
        out[ext] = target
    return out


def test_import_wav_mp3_m4a_then_plan(recordings: dict[str, Path],
                                      stagecoach_home: Path) -> None:
    r = _run("import", str(recordings["wav"]), str(recordings["mp3"]),
             str(recordings["m4a"]), "--question", "td-rlhf-vs-dpo")
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.strip().splitlines()) == 3
    with Store(stagecoach_home / "stagecoach.sqlite") as store:
        answers = store.list_answers()
        assert [a.state for a in answers] == ["analyzed"] * 3
        assert {a.question_id for a in answers} == {"td-rlhf-vs-dpo"}
        for a in answers:
            assert a.audio_path is not None and a.audio_path.is_file()
            assert a.audio_path.is_relative_to(stagecoach_home / "recordings")
            assert a.audio_path.stat().st_mode & 0o777 == 0o600
            with wave.open(str(a.audio_path)) as w:
                assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (16000, 1, 2)
                assert 8 < w.getnframes() / 16000 < 20
            assert a.duration_s is not None and 8 < a.duration_s < 20
            transcript = store.get_transcript(a.id)
            assert transcript is not None and "preference" in json.dumps(transcript).lower()
            assert a.coverage_pct is not None and a.coverage_pct >= 40  # 2+ of 5 concepts
        assert len(store.graded_answers()) == 3  # each one graded for the plan
    r = _run("plan", "--format", "json")
    assert r.returncode == 0, r.stderr
    plan = json.loads(r.stdout)
    assert set(plan) >= {"due", "new", "readiness", "weak_concepts"}
    assert "td-rlhf-vs-dpo" not in [i["question"] for i in plan["new"]]
    assert all(set(i) == {"question", "stage", "reason", "due"} for i in plan["new"])
    assert plan["readiness"]["technical-deep-dive"] > 0
    assert plan["readiness"]["case-study"] == 0
    assert all(isinstance(w["concept"], str) and isinstance(w["missed"], int)
               for w in plan["weak_concepts"])
    later = (date.today() + timedelta(days=60)).isoformat()
    r = _run("plan", "--format", "json", "--date", later)
    due = json.loads(r.stdout)["due"]
    assert [i["question"] for i in due] == ["td-rlhf-vs-dpo"]
    assert due[0]["stage"] == "technical-deep-dive"
    # RLHF was said in none of the three: a weak concept, named in the reason.
    assert due[0]["reason"].startswith("missed RLHF") and "3 times, due since" in \
        due[0]["reason"]
    assert {"concept": "rlhf", "missed": 3} in json.loads(r.stdout)["weak_concepts"]
    assert date.fromisoformat(due[0]["due"][:10]) < date.fromisoformat(later)
    text = _run("plan", "--date", later).stdout
    assert "td-rlhf-vs-dpo" in text and "Readiness (a stage is ready at 0.75)" in text


def test_a_corrupt_file_imports_nothing(recordings: dict[str, Path], tmp_path: Path,
                                        stagecoach_home: Path) -> None:
    corrupt = tmp_path / "phone.m4a"
    corrupt.write_bytes(recordings["m4a"].read_bytes()[:300] + os.urandom(2000))
    r = _run("import", str(recordings["wav"]), str(corrupt), "--question", "td-rlhf-vs-dpo")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "phone.m4a" in r.stderr
    db = stagecoach_home / "stagecoach.sqlite"
    if db.exists():
        conn = sqlite3.connect(db)
        assert conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
        conn.close()
    assert not any((stagecoach_home / "recordings").rglob("*.wav"))


@pytest.mark.parametrize("args,needle", [
    (["plan", "--date", "2026-13-01"], "is not a date"),
    (["plan", "--bank", "no-such-bank"], "no-such-bank"),
    (["import", "missing.wav", "--question", "td-rlhf-vs-dpo"], "does not exist"),
    (["import", "{wav}", "--question", "no-such-question"], "no-such-question"),
])
def test_bad_input_exits_2_with_one_sentence(recordings: dict[str, Path], args: list[str],
                                             needle: str) -> None:
    r = _run(*[a.format(wav=recordings["wav"]) for a in args])
    assert r.returncode == 2, r.stderr
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
