"""A mock interview's scorecard: one row per stage of the bank (answered or skipped) with
its figures, and an overall line; written as Markdown or as a standalone HTML page.

Built from what History keeps (the session's answers and their reports), so a mock
interview's summary can be read and exported long after it ended.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from desktop_app.core import paths
from desktop_app.core.analysis.follow_up_pair import pair_of
from desktop_app.core.analysis.report import Report
from desktop_app.core.banks.model import Bank
from desktop_app.core.durations import mmss
from desktop_app.core.history import follow_ups
from desktop_app.core.history.store import Store, UnreadableAnswer
from desktop_app.core.interview.stage_verdict import StageFacts, StageVerdict, stage_verdict

IN_TIME = ("green", "yellow")  # a good length, or wrapping up: finished in time
SKIPPED = StageVerdict("not yet", ("skipped",))


@dataclass(frozen=True)
class StageScore:
    stage: str  # the stage's title
    question: str  # the prompt ("" when skipped)
    answered: bool
    used_s: float | None = None
    zone: str = ""
    wpm: float | None = None
    fillers_per_min: float | None = None
    coverage_pct: float | None = None
    red_flags: int = 0
    missed: tuple[str, ...] = ()  # concept labels
    follow_ups: int = 0  # follow-up answers after the first one
    coverage_after: float | None = None  # with the concepts the follow-ups recovered
    recovered: tuple[str, ...] = ()  # concept labels covered only when probed
    verdict: StageVerdict = SKIPPED


@dataclass(frozen=True)
class Scorecard:
    bank_title: str
    started_at: float
    stages: tuple[StageScore, ...]

    @property
    def answered(self) -> list[StageScore]:
        return [s for s in self.stages if s.answered]

    def overall(self) -> str:
        done = self.answered
        if not done:
            return "No answers were recorded in this mock interview."
        minutes = sum(s.used_s or 0.0 for s in done) / 60
        in_time = sum(1 for s in done if s.zone in IN_TIME)
        covs = [s.coverage_pct for s in done if s.coverage_pct is not None]
        cov = f"; average coverage {sum(covs) / len(covs):.0f} %" if covs else ""
        flags = sum(s.red_flags for s in done)
        flag_text = f"; {flags} red flag{'s' if flags != 1 else ''}" if flags else \
            "; no red flags"
        return (f"{len(done)} of {len(self.stages)} stages answered in {minutes:.1f} "
                f"minutes; {in_time} finished in the green or yellow zone{cov}{flag_text}.")

    def when(self) -> str:
        return time.strftime("%d %b %Y, %H:%M", time.localtime(self.started_at))


def _number(value: float | None, digits: int = 0, suffix: str = "") -> str:
    return "—" if value is None else f"{value:.{digits}f}{suffix}"


def _score(stage_title: str, prompt: str, record: Any, report: Report | None,
           labels: dict[str, str], later: list[Report]) -> StageScore:
    used = report.timing.used_s if report is not None else record.duration_s
    zone = report.timing.zone if report is not None else ""
    pair = pair_of(report, later) if report is not None and later else None
    flags = [f.label for r in ([report] if report is not None else []) + later
             for f in r.red_flags]
    score = StageScore(
        stage=stage_title, question=prompt, answered=True,
        used_s=float(used) if isinstance(used, int | float) else None,
        zone=zone or record.zone or "", wpm=record.wpm,
        fillers_per_min=record.fillers_per_minute, coverage_pct=record.coverage_pct,
        red_flags=len(flags),
        missed=tuple(labels.get(m.concept, m.concept)
                     for m in (pair.still_missing if pair else
                               report.missing if report is not None else [])),
        follow_ups=len(later),
        coverage_after=pair.after_pct if pair else record.coverage_pct,
        recovered=tuple(labels.get(c.concept, c.label) for c in pair.recovered) if pair
        else ())
    targets = report.targets if report is not None else {}
    facts = StageFacts(
        answered=True, zone=score.zone,
        overtime_s=report.timing.overtime_s if report is not None else 0.0,
        coverage_before=score.coverage_pct, coverage_after=score.coverage_after,
        red_flags=tuple(flags), wpm=score.wpm, fillers_per_min=score.fillers_per_min,
        slow_wpm=float(targets.get("slow_wpm", 110.0)),
        fast_wpm=float(targets.get("fast_wpm", 170.0)))
    return dataclasses.replace(score, verdict=stage_verdict(facts))


def _report_or_none(store: Store, answer_id: int) -> Report | None:
    try:
        return store.get_report(answer_id)
    except UnreadableAnswer:
        return None


def build_scorecard(store: Store, bank: Bank, session_id: int) -> Scorecard:
    """The scorecard of the mock session ``session_id`` of ``bank``: its stages in the
    bank's order; a stage without an answer was skipped."""
    records = store.list_answers(session_id=session_id)
    # One question per stage, the last counts; follow-ups count with the answer they follow.
    by_stage = {r.stage_id: r for r in records if r.parent_answer_id is None}
    labels = {cid: c.label for cid, c in bank.concepts.items()}
    stages = []
    for stage in bank.stages:
        record = by_stage.get(stage.id)
        if record is None:
            stages.append(StageScore(stage.title, "", answered=False))
            continue
        question = bank.question(record.question_id)
        later = [r for r in (_report_or_none(store, f.answer_id)
                             for f in follow_ups.follow_ups_of(store, record.id))
                 if r is not None]
        stages.append(_score(stage.title, question.prompt if question else record.question_id,
                             record, _report_or_none(store, record.id), labels, later))
    started = min((r.started_at for r in records), default=time.time())
    return Scorecard(bank.title, started, tuple(stages))


def mock_overall(store: Store, banks: Mapping[str, Bank], session_id: int | None,
                 ) -> str | None:
    """The overall line of mock session ``session_id`` (None without one, or when its bank
    is no longer installed)."""
    if session_id is None:
        return None
    records = store.list_answers(session_id=session_id)
    bank = banks.get(records[0].bank_id) if records else None
    return build_scorecard(store, bank, session_id).overall() if bank is not None else None


COLUMNS = ("Stage", "Time", "Zone", "Words/min", "Fillers/min", "Coverage", "Red flags",
           "Missed concepts")


def _cells(s: StageScore) -> tuple[str, ...]:
    if not s.answered:
        return (s.stage, "skipped", "—", "—", "—", "—", "—", "—")
    return (s.stage, mmss(s.used_s) if s.used_s is not None else "—",
            s.zone.capitalize() or "—", _number(s.wpm), _number(s.fillers_per_min, 1),
            coverage_cell(s), str(s.red_flags), ", ".join(s.missed) or "none")


def coverage_cell(s: StageScore) -> str:
    """'60 %', or '60 % → 100 %' when follow-ups recovered concepts."""
    before = _number(s.coverage_pct, 0, " %")
    if s.follow_ups and s.coverage_after is not None and s.coverage_after != s.coverage_pct:
        return f"{before} \u2192 {_number(s.coverage_after, 0, ' %')}"
    return before


def verdict_lines(card: Scorecard) -> list[tuple[str, str]]:
    """(stage, 'Nearly: covered 60 % unprompted, ...') for each stage, in order."""
    return [(s.stage, s.verdict.line()) for s in card.stages]


def render_markdown(card: Scorecard) -> str:
    def cell(text: str) -> str:  # a pipe would end the cell
        return text.replace("|", "\\|")

    lines = [f"# Mock interview scorecard: {card.bank_title}", "", f"{card.when()}", "",
             f"**Overall:** {card.overall()}", "",
             "| " + " | ".join(COLUMNS) + " |",
             "|" + "|".join(["---"] + [":---:"] * 6 + ["---"]) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in _cells(s)) + " |" for s in card.stages]
    lines += ["", "## Verdicts", ""]
    lines += [f"- **{cell(stage)}**: {line}" for stage, line in verdict_lines(card)]
    lines += ["", "## Questions", ""]
    lines += [f"- **{cell(s.stage)}**: {s.question}" for s in card.stages if s.answered]
    return "\n".join(lines) + "\n"


_CSS = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
        "padding:0 1rem;color:#1f2430}table{border-collapse:collapse;width:100%}"
        "th,td{border-bottom:1px solid #d8dce6;padding:.4rem .5rem;text-align:left;"
        "vertical-align:top}th{background:#f1f3f8}.muted{color:#5b6275}")


def render_html(card: Scorecard) -> str:
    e = escape
    head = "".join(f"<th>{e(c)}</th>" for c in COLUMNS)
    rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in _cells(s)) + "</tr>"
                   for s in card.stages)
    questions = "".join(f"<li><b>{e(s.stage)}</b>: {e(s.question)}</li>"
                        for s in card.stages if s.answered)
    verdicts = "".join(f"<li><b>{e(stage)}</b>: {e(line)}</li>"
                       for stage, line in verdict_lines(card))
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Mock interview scorecard: {e(card.bank_title)}</title>"
            f"<style>{_CSS}</style></head><body>"
            f"<h1>Mock interview scorecard</h1><p class=\"muted\">{e(card.bank_title)} · "
            f"{e(card.when())}</p><p><b>Overall:</b> {e(card.overall())}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            f"<h2>Verdicts</h2><ul>{verdicts}</ul><h2>Questions</h2><ul>{questions}</ul></body></html>\n")


def write_scorecard(path: Path, card: Scorecard) -> Path:
    """Write ``card`` to ``path``: HTML for .html/.htm, else Markdown (``.md`` added when
    the name has no suffix); readable by its owner only. UserError with one sentence when
    it cannot be written."""
    out = path if path.suffix else path.with_suffix(".md")
    text = render_html(card) if out.suffix.lower() in (".html", ".htm") else \
        render_markdown(card)
    return paths.write_export(out, text)
