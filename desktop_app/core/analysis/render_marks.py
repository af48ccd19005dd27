"""Which transcript words each report item marks, for the Markdown and HTML views.

Built from annotate's tokens, the rule Review uses, so an exported report highlights the
same words as the Review page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.analysis.annotate import annotate
from desktop_app.core.analysis.report import Report

_KIND = {"filler": "filler", "concept": "concept", "red_flag": "flag"}


@dataclass
class WordMarks:
    words: list[str]
    kinds: dict[int, set[str]] = field(default_factory=dict)  # "filler", "concept", "flag"
    titles: dict[int, list[str]] = field(default_factory=dict)
    pauses_before: dict[int, list[float]] = field(default_factory=dict)  # durations
    filled_before: dict[int, list[float]] = field(default_factory=dict)
    unclear_before: dict[int, list[float]] = field(default_factory=dict)


def word_marks(report: dict[str, Any] | Report) -> WordMarks:
    typed = report if isinstance(report, Report) else Report.from_dict(report)
    marks = WordMarks([])
    for token in annotate(None, typed):
        i = len(marks.words)  # a marker sits before the next word
        if token.kind == "pause":
            marks.pauses_before.setdefault(i, []).append(token.end - token.start)
        elif token.kind == "filled_pause":
            marks.filled_before.setdefault(i, []).append(token.end - token.start)
        elif token.kind == "unclear":
            marks.unclear_before.setdefault(i, []).append(token.end - token.start)
        else:
            kinds = {_KIND[t] for t in token.tags if t in _KIND}
            if kinds:
                marks.kinds[i] = kinds
                marks.titles[i] = [n.replace("Covers: ", "concept: ")
                                   .replace("Red flag: ", "red flag: ")
                                   .replace("Filler: ", "filler: ") for n in token.notes
                                   if not n.startswith("The recogniser")]
            marks.words.append(token.text)
    return marks
