"""Schema checks for a parsed bank document, and building the Bank from it.

Every problem is collected (not just the first), located on the line of the offending
key or id, and names it; near-misses get a "did you mean" from the known names.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.banks.errors import BankProblem
from desktop_app.core.banks.model import Bank, Concept, Question, RedFlag, Stage, StageTiming
from desktop_app.core.banks.sourcemap import KeyPath, SourceMap
from desktop_app.core.banks.wording import (
    BANK_ID,
    TERM_ID,
    did_you_mean,
    fmt_seconds,
    quoted,
    suggest_id,
    type_name,
)

MAX_SECONDS = 3 * 3600.0  # no interview answer is longer; bigger numbers are typos

BANK_KEYS = ("id", "title", "description", "concepts", "red_flags", "stages")
CONCEPT_KEYS = ("label", "terms", "explain", "probe")
RED_FLAG_KEYS = ("label", "terms", "advice", "challenge")
TIME_KEYS = ("prep_s", "green_s", "yellow_s", "red_s")
STAGE_KEYS = ("id", "title", "description", *TIME_KEYS, "follow_up_s", "questions")
QUESTION_KEYS = ("id", "prompt", "expects", "follow_ups", *TIME_KEYS, "structure")
STRUCTURES = ("star",)  # a question's optional structure


@dataclass
class _Timing:
    """Time keys as read (None = not given), with the path of each for locating errors."""

    values: dict[str, float] = field(default_factory=dict)
    paths: dict[str, KeyPath] = field(default_factory=dict)


class BankChecker:
    """Checks one document; ``problems`` collects everything, ``build()`` makes the Bank."""

    def __init__(self, doc: dict[str, Any], source: SourceMap, label: str, path: Path | None):
        self.doc = doc
        self.source = source
        self.label = label
        self.path = path
        self.problems: list[BankProblem] = []
        self.all_ids: dict[str, set[str]] = {}  # concepts / red_flags ids as written
        self.concept_ids: set[str] = set()  # valid, defined concepts
        self.red_flag_ids: set[str] = set()
        self.question_lines: dict[str, tuple[int, str]] = {}  # id -> (line, stage id)

    # -- reporting -------------------------------------------------------------------
    def problem(self, path: KeyPath, message: str) -> None:
        self.problems.append(BankProblem(self.label, self.source.line_of(path), message))

    def check_keys(self, table: dict[str, Any], path: KeyPath, allowed: tuple[str, ...],
                   what: str) -> None:
        for key in table:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or f" (allowed: {', '.join(allowed)})"
                self.problem((*path, key), f"{what}: unknown key {quoted(key)}{hint}")

    def text(self, table: dict[str, Any], key: str, path: KeyPath, what: str,
             required: bool, nonempty: bool = False) -> str:
        """The stripped string at ``key``; ``nonempty``: an optional key, when given, must
        say something (an empty probe would be a silent follow-up)."""
        if key not in table:
            if required:
                self.problem(path, f"{what}: missing required key '{key}'")
            return ""
        value = table[key]
        if not isinstance(value, str):
            self.problem((*path, key), f"{what}: '{key}' must be a string, not {type_name(value)}")
            return ""
        if not value.strip() and (required or nonempty):
            self.problem((*path, key), f"{what}: '{key}' is empty")
        return value.strip()

    def text_list(self, table: dict[str, Any], key: str, path: KeyPath, what: str,
                  required: bool) -> list[str]:
        if key not in table:
            if required:
                self.problem(path, f"{what}: missing required key '{key}'")
            return []
        value = table[key]
        if not isinstance(value, list):
            self.problem(
                (*path, key), f"{what}: '{key}' must be an array of strings, not {type_name(value)}"
            )
            return []
        if required and not value:
            self.problem((*path, key), f"{what}: '{key}' is empty; list at least one")
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.problem(
                    (*path, key, i),
                    f"{what}: item {i + 1} of '{key}' must be a string, not {type_name(item)}",
                )
            elif not item.strip():
                self.problem((*path, key, i), f"{what}: item {i + 1} of '{key}' is empty")
            else:
                out.append(item.strip())
        return out

    def ident(self, table: dict[str, Any], path: KeyPath, what: str,
              pattern: re.Pattern[str]) -> str | None:
        if not self.text(table, "id", path, what, required=True):
            return None
        raw = str(table["id"])  # unstripped: " x" or "x\n" is not a valid id
        return raw if self.id_ok(raw, (*path, "id"), what, pattern) else None

    def id_ok(self, raw: str, path: KeyPath, what: str, pattern: re.Pattern[str]) -> bool:
        if pattern.fullmatch(raw):
            return True
        allowed = "a-z, 0-9 and '_'" if pattern is TERM_ID else "a-z, 0-9 and '-'"
        fixed = suggest_id(raw, pattern)
        hint = f" (try '{fixed}')" if fixed and fixed != raw else ""
        self.problem(path, f"{what} id {quoted(raw)} may only use {allowed}{hint}")
        return False

    def times(self, table: dict[str, Any], path: KeyPath, what: str) -> _Timing:
        timing = _Timing()
        for key in TIME_KEYS:
            if key not in table:
                continue
            value = table[key]
            where = (*path, key)
            if isinstance(value, bool) or not isinstance(value, int | float):
                self.problem(where, f"{what}: '{key}' must be a number of seconds, "
                                    f"not {type_name(value)}")
            elif not math.isfinite(value):
                self.problem(where, f"{what}: '{key}' must be a finite number of seconds")
            elif key == "prep_s" and value < 0:
                self.problem(where, f"{what}: 'prep_s' must be 0 or more, not {fmt_seconds(value)}")
            elif key != "prep_s" and value <= 0:
                self.problem(where, f"{what}: '{key}' must be positive, not {fmt_seconds(value)}")
            elif value > MAX_SECONDS:
                self.problem(where, f"{what}: '{key}' = {fmt_seconds(value)} s is more than "
                                    f"{int(MAX_SECONDS // 3600)} hours; is it a typo?")
            else:
                timing.values[key] = float(value)
                timing.paths[key] = where
        return timing

    def order_problem(self, values: dict[str, float], paths: dict[str, KeyPath],
                      what: str, origin: dict[str, str] | None = None,
                      fallback: KeyPath = ()) -> bool:
        """Report green_s < yellow_s < red_s violations; True when the order is fine."""
        for low, high in (("green_s", "yellow_s"), ("yellow_s", "red_s"), ("green_s", "red_s")):
            if low in values and high in values and values[low] >= values[high]:
                def show(k: str) -> str:
                    src = f" {origin[k]}" if origin and k in origin else ""
                    return f"{k} = {fmt_seconds(values[k])}{src}"
                self.problem(
                    paths.get(high) or paths.get(low) or fallback,
                    f"{what}: times must satisfy green_s < yellow_s < red_s, but "
                    f"{show(low)} is not less than {show(high)}",
                )
                return False
        return True

    # -- the document ----------------------------------------------------------------
    def run(self) -> Bank | None:
        doc = self.doc
        self.check_keys(doc, (), BANK_KEYS, "bank")
        bank_id = self.bank_id()
        title = self.text(doc, "title", (), "bank", required=True)
        description = self.text(doc, "description", (), "bank", required=False)
        concepts = self.named_tables("concepts", "concept", CONCEPT_KEYS, ("explain", "probe"))
        red_flags = self.named_tables("red_flags", "red flag", RED_FLAG_KEYS,
                                      ("advice", "challenge"))
        self.concept_ids, self.red_flag_ids = set(concepts), set(red_flags)
        stages = self.stages()
        if self.problems or bank_id is None:
            return None
        return Bank(
            id=bank_id,
            title=title,
            description=description,
            concepts={k: Concept(k, *v) for k, v in concepts.items()},
            red_flags={k: RedFlag(k, *v) for k, v in red_flags.items()},
            stages=tuple(stages),
            source=self.path,
        )

    def bank_id(self) -> str | None:
        if "id" not in self.doc:
            stem = suggest_id(self.path.stem, BANK_ID) if self.path else ""
            example = f' (for example id = "{stem}")' if stem else ""
            self.problem((), f"bank: missing required key 'id' at the top of the file{example}")
            return None
        return self.ident(self.doc, (), "bank", BANK_ID)

    def named_tables(self, key: str, what: str, allowed: tuple[str, ...],
                     extras: tuple[str, str]) -> dict[str, tuple[str, tuple[str, ...], str, str]]:
        """[concepts.ID] / [red_flags.ID] sections -> {id: (label, terms, explain|advice,
        probe|challenge)}; the first extra may be empty, the second, when given, may not."""
        out: dict[str, tuple[str, tuple[str, ...], str, str]] = {}
        if key not in self.doc:
            return out
        tables = self.doc[key]
        if not isinstance(tables, dict):
            self.problem((key,), f"'{key}' must be a table of {what}s ([{key}.ID] sections), "
                                 f"not {type_name(tables)}")
            return out
        for item_id, body in tables.items():
            path: KeyPath = (key, item_id)
            name = f"{what} {quoted(item_id)}"
            ok = self.id_ok(item_id, path, what, TERM_ID)
            self.all_ids.setdefault(key, set()).add(item_id)  # even invalid: for suggestions
            if not isinstance(body, dict):
                self.problem(path, f"{name} must be a table with label and terms, "
                                   f"not {type_name(body)}")
                continue
            self.check_keys(body, path, allowed, name)
            label = self.text(body, "label", path, name, required=True)
            terms = self.text_list(body, "terms", path, name, required=True)
            note = self.text(body, extras[0], path, name, required=False)
            follow_up = self.text(body, extras[1], path, name, required=False, nonempty=True)
            if ok:
                out[item_id] = (label, tuple(terms), note, follow_up)
        return out

    def stages(self) -> list[Stage]:
        if "stages" not in self.doc:
            self.problem((), "bank: missing required key 'stages' (add [[stages]] sections)")
            return []
        raw = self.doc["stages"]
        if not isinstance(raw, list):
            self.problem(("stages",), "'stages' must be an array of tables ([[stages]] sections), "
                                      f"not {type_name(raw)}")
            return []
        if not raw:
            self.problem(("stages",), "bank: 'stages' is empty; add at least one [[stages]]")
        stages: list[Stage] = []
        stage_lines: dict[str, int] = {}
        for s_index, body in enumerate(raw):
            path: KeyPath = ("stages", s_index)
            if not isinstance(body, dict):
                self.problem(path, f"stage {s_index + 1} must be a table, not {type_name(body)}")
                continue
            stage_id = self.ident(body, path, f"stage {s_index + 1}", BANK_ID)
            what = f"stage '{stage_id}'" if stage_id else f"stage {s_index + 1}"
            if stage_id is not None:
                line = self.source.line_of((*path, "id"))
                if stage_id in stage_lines:
                    self.problem((*path, "id"), f"duplicate stage id '{stage_id}' "
                                                f"(first used on line {stage_lines[stage_id]})")
                else:
                    stage_lines[stage_id] = line
            stages.append(self.stage(body, path, what, stage_id or ""))
        return stages

    def stage(self, body: dict[str, Any], path: KeyPath, what: str, stage_id: str) -> Stage:
        self.check_keys(body, path, STAGE_KEYS, what)
        title = self.text(body, "title", path, what, required=True)
        description = self.text(body, "description", path, what, required=False)
        timing = self.times(body, path, what)
        for key in TIME_KEYS[1:]:
            if key not in body:
                self.problem(path, f"{what}: missing required key '{key}'")
        self.order_problem(timing.values, timing.paths, what, fallback=path)
        follow_up_s = self.follow_up_seconds(body, path, what)
        stage_timing = StageTiming(
            prep_s=timing.values.get("prep_s", 0.0),
            green_s=timing.values.get("green_s", 0.0),
            yellow_s=timing.values.get("yellow_s", 0.0),
            red_s=timing.values.get("red_s", 0.0),
        )
        questions: list[Question] = []
        raw = body.get("questions")
        if raw is None:
            self.problem(path, f"{what}: has no questions (add [[stages.questions]] sections)")
        elif not isinstance(raw, list):
            self.problem((*path, "questions"), f"{what}: 'questions' must be an array of tables "
                                               f"([[stages.questions]]), not {type_name(raw)}")
        elif not raw:
            self.problem((*path, "questions"), f"{what}: 'questions' is empty")
        else:
            for q_index, q_body in enumerate(raw):
                q_path: KeyPath = (*path, "questions", q_index)
                question = self.question(q_body, q_path, q_index, what, stage_id, stage_timing,
                                         timing)
                if question is not None:
                    questions.append(question)
        return Stage(stage_id, title, stage_timing, tuple(questions), description, follow_up_s)

    def follow_up_seconds(self, body: dict[str, Any], path: KeyPath, what: str) -> float | None:
        """The stage's optional follow_up_s: positive seconds, at most MAX_SECONDS."""
        if "follow_up_s" not in body:
            return None
        value, where = body["follow_up_s"], (*path, "follow_up_s")
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(where, f"{what}: 'follow_up_s' must be a number of seconds, "
                                f"not {type_name(value)}")
        elif not math.isfinite(value) or value <= 0:
            self.problem(where, f"{what}: 'follow_up_s' must be a positive number of seconds, "
                                f"not {quoted(str(value))}")
        elif value > MAX_SECONDS:
            self.problem(where, f"{what}: 'follow_up_s' = {fmt_seconds(value)} s is more than "
                                f"{int(MAX_SECONDS // 3600)} hours; is it a typo?")
        else:
            return float(value)
        return None

    def question(self, body: Any, path: KeyPath, index: int, stage_what: str, stage_id: str,
                 stage_timing: StageTiming, stage_raw: _Timing) -> Question | None:
        if not isinstance(body, dict):
            self.problem(path, f"question {index + 1} of {stage_what} must be a table, "
                               f"not {type_name(body)}")
            return None
        qid = self.ident(body, path, f"question {index + 1} of {stage_what}", BANK_ID)
        what = f"question '{qid}'" if qid else f"question {index + 1} of {stage_what}"
        if qid is not None:
            line = self.source.line_of((*path, "id"))
            if qid in self.question_lines:
                first_line, first_stage = self.question_lines[qid]
                self.problem((*path, "id"), f"duplicate question id '{qid}' (first used on line "
                                            f"{first_line}, in stage '{first_stage}')")
            else:
                self.question_lines[qid] = (line, stage_id)
        self.check_keys(body, path, QUESTION_KEYS, what)
        prompt = self.text(body, "prompt", path, what, required=True)
        expects = self.text_list(body, "expects", path, what, required=False)
        seen: set[str] = set()
        for i, concept in enumerate(expects):
            where = (*path, "expects", i)
            if concept in seen:
                self.problem(where, f"{what} expects concept {quoted(concept)} twice")
            elif concept not in self.concept_ids:
                if concept in self.red_flag_ids:
                    hint = " (that is a red flag; 'expects' lists concepts)"
                else:
                    hint = did_you_mean(concept, sorted(self.all_ids.get("concepts", ())))
                    if not self.all_ids.get("concepts"):
                        hint = " (the bank defines no [concepts])"
                self.problem(where, f"{what} expects unknown concept {quoted(concept)}{hint}")
            seen.add(concept)
        follow_ups = self.text_list(body, "follow_ups", path, what, required=False)
        structure = self.text(body, "structure", path, what, required=False)
        if structure and structure not in STRUCTURES:
            self.problem((*path, "structure"), f"{what}: unknown structure {quoted(structure)} "
                                               f"(allowed: {', '.join(STRUCTURES)})")
        overrides = self.times(body, path, what)
        values = {"prep_s": stage_timing.prep_s}
        values.update({k: v for k, v in stage_raw.values.items() if k != "prep_s"})
        values.update(overrides.values)
        if any(k in overrides.values for k in TIME_KEYS[1:]):
            # The combined times must still rise; point at this question's own override,
            # the line to change (the stage's own order was checked on its own).
            origin = {k: "(this question)" if k in overrides.values else f"(from {stage_what})"
                      for k in values}
            self.order_problem(values, overrides.paths, f"{what}, with its time overrides",
                               origin, fallback=next(iter(overrides.paths.values()), path))
        timing = StageTiming(
            prep_s=values.get("prep_s", 0.0),
            green_s=values.get("green_s", 0.0),
            yellow_s=values.get("yellow_s", 0.0),
            red_s=values.get("red_s", 0.0),
        )
        if qid is None:
            return None
        return Question(qid, prompt, stage_id, timing, tuple(expects), tuple(follow_ups),
                        structure=structure)


def check_document(doc: dict[str, Any], source: SourceMap, label: str,
                   path: Path | None) -> tuple[Bank | None, list[BankProblem]]:
    """The Bank, or None and every problem (sorted by line; stable within a line)."""
    checker = BankChecker(doc, source, label, path)
    bank = checker.run()
    problems = sorted(checker.problems, key=lambda p: p.line)
    return (bank if not problems else None), problems
