"""The typed report reads back exactly what it wrote, and tolerates older or damaged JSON."""

from __future__ import annotations

import json

import pytest

from desktop_app.core import paths
from desktop_app.core.analysis import analyze_answer
from desktop_app.core.analysis.report import Report
from desktop_app.core.audio.audio_decode import load_audio
from desktop_app.core.banks.library import DEFAULT_BANK_ID, load_bank
from desktop_app.core.settings import AnalysisSettings
from tests.support.analysis import transcript_of

ANSWER = ("So, um, the first thing I would check is where the data came from, its lineage, "
          "and uh whether the labels were audited. [2.2] We used R L H F and red teaming, "
          "you know, before launch. [1.8] Honestly we should just ship first and fix later "
          "and monitor it after launch. Bias audits per subgroup matter too.")


def _reports() -> list[Report]:
    bank = load_bank(paths.shipped_banks_dir() / f"{DEFAULT_BANK_ID}.toml")
    question = next(q for s in bank.stages for q in s.questions
                    if "provenance" in q.expects)
    transcript = transcript_of(ANSWER)
    audio = load_audio(paths.resources_dir() / "sample" / "answer.wav")
    return [
        analyze_answer(transcript, question, bank, AnalysisSettings()),
        analyze_answer(transcript, question, bank, AnalysisSettings(), audio=audio),
    ]


@pytest.mark.parametrize("index", [0, 1])
def test_a_report_reads_back_to_the_same_json_bytes(index: int) -> None:
    report = _reports()[index]
    written = json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=False)
    back = Report.from_dict(json.loads(written))
    assert json.dumps(back.to_dict(), ensure_ascii=False, sort_keys=False) == written
    # the parts a consumer reads are typed, with real values
    assert back.fillers and back.covered and back.red_flags and back.pauses
    assert back.transcript.words[0].word == "So,"
    assert back.coverage_pct == pytest.approx(report.coverage_pct)
    assert back.timing.zone == report.timing.zone


def test_missing_and_malformed_sections_read_as_empty() -> None:
    full = _reports()[0].to_dict()
    damaged = dict(full, pace="not a section", fillers={"items": [1, None, {"text": "um"}]},
                   coverage={"covered": "x", "missing": ["provenance", 3]})
    del damaged["transcript"]
    back = Report.from_dict(damaged)
    assert back.pace.windows == [] and back.pace.wpm == 0.0
    assert [f.text for f in back.fillers] == ["um"]
    assert back.covered == [] and [m.concept for m in back.missing] == ["provenance"]
    assert back.coverage_pct == 0.0
    assert back.transcript.words == []
    assert Report.from_dict({}).coverage_pct is None
    assert Report.from_dict([1, 2]).fillers == []  # type: ignore[arg-type]  # JSON, not a report
