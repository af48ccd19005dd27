"""Answer analysis: fillers, pauses, pace, concept coverage, red flags, timing zone.

Qt-free. ``analyze_answer`` turns a transcript (and optionally its audio) into a
``Report`` whose ``to_dict()`` is the report JSON of `stagecoach analyze`.
"""

from desktop_app.core.analysis.analyzer import analyze_answer
from desktop_app.core.analysis.hotwords import expected_hotwords
from desktop_app.core.analysis.report import Report

__all__ = ["Report", "analyze_answer", "expected_hotwords"]
