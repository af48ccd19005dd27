"""Timing zones, pace, the report JSON shape, renderers and the analyze command."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from desktop_app.core.analysis import analyze_answer
from desktop_app.core.analysis.render import render_html, render_markdown
from desktop_app.core.analysis.report import Report
from desktop_app.core.analysis.timing import timing_for, zone_name
from desktop_app.core.banks.model import StageTiming
from desktop_app.core.settings import AnalysisSettings
from desktop_app.core.transcript import Segment, Transcript, Word
from tests.support.analysis import TIMING, sample_bank, transcript_of

TEXT = ("So, um, we track data lineage, like, everywhere. [2.0] We used R L H F and, you know, "
        "red teaming. Biases matter. We should move fast and break things, right?")


@pytest.mark.parametrize(
    ("used", "zone"),
    [(0.0, "under"), (59.999, "under"), (60.0, "green"), (89.999, "green"), (90.0, "yellow"),
     (119.999, "yellow"), (120.0, "red"), (149.999, "red"), (150.0, "overtime"),
     (400.0, "overtime")],
)
def test_zone_edges_to_the_millisecond(used: float, zone: str) -> None:
    assert zone_name(used, TIMING) == zone


def test_overtime_seconds_count_from_red() -> None:
    assert timing_for(119.0, TIMING).overtime_s == 0.0
    assert timing_for(130.5, TIMING).overtime_s == pytest.approx(10.5)  # red, 10.5 s over
    assert timing_for(200.0, TIMING).overtime_s == pytest.approx(80.0)


def _uniform(n_words: int, seconds: float, start: float = 0.0) -> Transcript:
    step = seconds / n_words
    words = tuple(Word(f"w{i}", start + i * step, start + i * step + step * 0.9)
                  for i in range(n_words))
    seg = Segment(start, start + seconds, "", words)
    return Transcript("t", "t", "en", start + seconds, (seg,))


def test_pace_definitions() -> None:
    bank, question = sample_bank(())
    # 150 words over 60 s (first start to last end ≈ 59.94 s).
    d = analyze_answer(_uniform(150, 60.0), question, bank, AnalysisSettings()).to_dict()
    pace = d["pace"]
    assert pace["words"] == 150
    assert pace["wpm"] == pytest.approx(150 / (59.94 / 60), abs=0.2)
    assert pace["verdict"] == "ok"
    assert [w["start"] for w in pace["windows"]] == [0.0, 20.0, 40.0]
    assert all(w["wpm"] == pytest.approx(150, abs=4) for w in pace["windows"])
    assert not any(w["rushing"] for w in pace["windows"])


@pytest.mark.parametrize(("words", "verdict"), [(100, "slow"), (110, "ok"), (170, "ok"),
                                                (180, "fast")])
def test_pace_verdict(words: int, verdict: str) -> None:
    bank, question = sample_bank(())
    # Exactly ``words`` per minute: span from first start to last end is 60 s.
    step = 60.0 / (words - 0.9)
    ws = tuple(Word("w", i * step, i * step + 0.1 * step) for i in range(words))
    t = Transcript("t", "t", "en", 60.0, (Segment(0, 60, "", ws),))
    d = analyze_answer(t, question, bank, AnalysisSettings()).to_dict()
    assert d["pace"]["wpm"] == pytest.approx(words, abs=0.5)
    assert d["pace"]["verdict"] == verdict


@pytest.mark.parametrize("words", [1, 19, 20])
def test_too_few_words_to_judge_the_pace(words: int) -> None:
    """One word in 0.8 s is "73 wpm", which says nothing about how the answer sounds."""
    bank, question = sample_bank(())
    d = analyze_answer(_uniform(words, words * 0.8), question, bank,
                       AnalysisSettings()).to_dict()
    pace = [f for f in d["findings"] if f["area"] == "pace"]
    assert d["pace"]["words"] == words  # the figures themselves are still reported
    if words < AnalysisSettings().pace_min_words:
        assert [f["message"] for f in pace] == [
            f"{words} {'word' if words == 1 else 'words'} in "
            f"{d['pace']['speaking_s']:.1f} s: too few to judge the pace (it takes 20)."]
        assert pace[0]["level"] == "note"
    else:
        assert pace[0]["message"].startswith("Pace 75 words per minute: slow")


def test_rushing_window_flagged_and_articulation_excludes_pauses() -> None:
    bank, question = sample_bank(())
    slow = _uniform(40, 20.0)  # 120 wpm
    fast = _uniform(80, 20.0, start=25.0)  # 240 wpm after a 5 s pause
    t = Transcript("t", "t", "en", 45.0, (*slow.segments, *fast.segments))
    d = analyze_answer(t, question, bank, AnalysisSettings()).to_dict()
    windows = d["pace"]["windows"]
    assert windows[-1]["rushing"] is True and windows[0]["rushing"] is False
    assert len(d["pauses"]) == 1
    assert d["pace"]["articulation_wpm"] > d["pace"]["wpm"]
    span = 45.0 - 0.05 - 0.0
    assert d["pace"]["articulation_wpm"] == pytest.approx(
        120 / ((span - d["pauses"][0]["duration_s"]) / 60), rel=0.01)
    assert any(f["area"] == "pace" and "Rushing" in f["message"] for f in d["findings"])


def test_report_json_shape_follows_design() -> None:
    bank, question = sample_bank(("provenance", "bias", "tokenization"))
    d = analyze_answer(transcript_of(TEXT), question, bank, AnalysisSettings(),
                       used_s=75.0).to_dict()
    assert set(d) >= {"question", "timing", "pace", "start_latency_s", "pauses", "fillers",
                      "coverage", "red_flags", "transcript"}
    assert d["question"] == {"bank": "test-bank", "stage": "case-study", "id": "q1",
                             "prompt": "Design a data strategy."}
    assert {k: d["timing"][k] for k in ("used_s", "green_s", "yellow_s", "red_s", "zone",
                                        "overtime_s")} == {
        "used_s": 75.0, "green_s": 60, "yellow_s": 90, "red_s": 120, "zone": "green",
        "overtime_s": 0.0}
    assert set(d["pace"]) >= {"words", "wpm", "articulation_wpm", "verdict", "windows"}
    assert set(d["pace"]["windows"][0]) >= {"start", "end", "wpm", "rushing"}
    assert set(d["pauses"][0]) >= {"start", "end", "duration_s"}
    assert d["fillers"]["count"] == len(d["fillers"]["items"]) == 5
    assert [i["text"] for i in d["fillers"]["items"]] == ["so", "um", "like", "you know", "right"]
    assert d["fillers"]["per_minute"] == pytest.approx(5 / 75 * 60, abs=0.01)
    for item in d["fillers"]["items"]:
        assert set(item) >= {"text", "start", "kind"} and item["kind"] == "lexical"
    assert [c["concept"] for c in d["coverage"]["covered"]] == ["provenance", "bias"]
    assert d["coverage"]["missing"] == ["tokenization"]
    assert [r["text"] for r in d["red_flags"]] == ["move fast", "break things"]
    assert d["transcript"] == transcript_of(TEXT).to_dict()
    json.dumps(d)  # plain JSON types only


class _Checker(HTMLParser):
    VOID: ClassVar[set[str]] = {
        "meta", "br", "img", "input", "link", "hr", "rect", "line", "path", "circle"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.classes: list[str] = []
        self.external = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.classes += (a.get("class") or "").split()
        if tag in ("script", "link", "img") or (a.get("src") or "").startswith("http"):
            self.external = True
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.classes += (dict(attrs).get("class") or "").split()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}> in {self.stack[-3:]}"
        self.stack.pop()


def _report() -> Report:
    bank, question = sample_bank(("provenance", "rlhf", "tokenization"))
    return analyze_answer(transcript_of(TEXT + " <script>alert(1)</script>"), question, bank,
                          AnalysisSettings(), used_s=75.0)


def test_html_is_well_formed_self_contained_and_highlights() -> None:
    page = render_html(_report())
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    assert not checker.external
    assert "<script>" not in page and "&lt;script&gt;" in page  # transcript text escaped
    for cls in ("w-filler", "w-concept", "w-flag", "c-pause"):
        assert cls in checker.classes
    assert "<svg" in page and "target 110–170 wpm" in page
    assert "Why it matters: Costs and limits depend on it." in page  # missing + explain
    assert "Treat safety constraints as hard boundaries." in page  # red-flag advice
    assert re.search(r'class="w-concept" title="concept: RLHF">R</span>', page)


def test_markdown_report() -> None:
    md = render_markdown(_report())
    assert md.startswith("# Answer report: q1")
    assert "- [x] **Data provenance and lineage** — “lineage” at 0:02" in md
    assert "- [ ] **Tokenization** — Costs and limits depend on it." in md
    assert "| Fillers | 5 (4.0/min) |" in md
    assert "*[pause 2.1 s]*" in md and "~~um,~~" in md
    assert "\\<script\\>" in md


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"STAGECOACH_HOME": str(home), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_analyze_command_with_a_transcript_file(tmp_path: Path, stagecoach_home: Path) -> None:
    transcript = tmp_path / "t.json"
    transcript.write_text(json.dumps(transcript_of(
        "Um, we check provenance and bias per subgroup. We would never move fast.").to_dict()))
    out = tmp_path / "r.json"
    r = _cli("analyze", "--transcript", str(transcript), "--question", "cs-helpful-vs-harmful",
             "-o", str(out), home=stagecoach_home)
    assert r.returncode == 0, r.stderr
    d = json.loads(out.read_text())
    assert d["question"]["bank"] == "ai-lab-data-pm"
    assert "provenance" in [c["concept"] for c in d["coverage"]["covered"]]
    assert d["fillers"]["items"][0]["text"] == "um"
    assert (out.stat().st_mode & 0o777) == 0o600
    r = _cli("analyze", "--transcript", str(transcript), "--question", "cs-helpful-vs-harmful",
             "--format", "html", home=stagecoach_home)
    assert r.returncode == 0 and r.stdout.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--question", "cs-helpful-vs-harmfull"], "cs-helpful-vs-harmful"),  # did you mean
        (["--question", "cs-helpful-vs-harmful", "--bank", "nope"], "no question bank"),
        ([], "audio file"),
    ],
)
def test_analyze_command_errors(args: list[str], message: str, tmp_path: Path,
                                stagecoach_home: Path) -> None:
    transcript = tmp_path / "t.json"
    transcript.write_text(json.dumps(transcript_of("Hello there.").to_dict()))
    extra = ["--transcript", str(transcript)] if args else ["--question", "x"]
    r = _cli("analyze", *args, *extra, home=stagecoach_home)
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr


def test_analyze_command_rejects_a_bad_transcript(tmp_path: Path, stagecoach_home: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    r = _cli("analyze", "--transcript", str(bad), "--question", "cs-helpful-vs-harmful",
             home=stagecoach_home)
    assert r.returncode == 2 and "not a transcript JSON file" in r.stderr


def test_stage_timing_overtime_boundary_matches_design() -> None:
    t = StageTiming(prep_s=0, green_s=1, yellow_s=2, red_s=3)
    assert zone_name(32.999, t) == "red" and zone_name(33.0, t) == "overtime"
