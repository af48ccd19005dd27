"""Plain coaching findings drawn from the measurements, each with what to do about it."""

from __future__ import annotations

from desktop_app.core.analysis.clipping import CLIPPED_SHARE_TOLD
from desktop_app.core.analysis.coverage import CoveredConcept, MissingConcept, RedFlagHit
from desktop_app.core.analysis.delivery import Delivery
from desktop_app.core.analysis.hedges import Hedges
from desktop_app.core.analysis.pace import Pace
from desktop_app.core.analysis.pauses import Pause, UnclearSpeech
from desktop_app.core.analysis.repetition import Repetition
from desktop_app.core.analysis.report import FillerItem, Finding
from desktop_app.core.analysis.structure import Star, Structure
from desktop_app.core.analysis.timing import TimingResult
from desktop_app.core.durations import mmss
from desktop_app.core.settings import AnalysisSettings

# What matters most to an interviewer comes first: what was said (red flags, missing
# concepts), then how long, then how. A 12 s answer at 217 wpm covering one concept in five
# led with its timing and ended in praise for having no fillers.
LEVEL_ORDER = {"warn": 0, "note": 1, "good": 2}
AREA_ORDER = {"red_flags": 0, "coverage": 1, "transcript": 2, "recording": 3, "structure": 4,
              "timing": 5, "pace": 6, "delivery": 7, "hedges": 8, "fillers": 9,
              "repetition": 10, "pauses": 11}


def importance(level: str, area: str) -> tuple[int, int]:
    """Sort key of a finding: problems before notes before praise, then by area."""
    return LEVEL_ORDER.get(level, 1), AREA_ORDER.get(area, len(AREA_ORDER))


def ordered(findings: list[Finding]) -> list[Finding]:
    """``findings`` with the most important first (stable within an area)."""
    return sorted(findings, key=lambda f: importance(f.level, f.area))


def timing_finding(t: TimingResult) -> Finding:
    used = mmss(t.used_s)
    if t.zone == "under":
        return Finding(
            "timing",
            "warn",
            f"The answer took {used}, short of the {mmss(t.green_s)} an interviewer expects here.",
            "Add one concrete example or a result with a number.",
        )
    if t.zone == "overtime":
        return Finding(
            "timing",
            "warn",
            f"The answer took {used}, {mmss(t.overtime_s)} past the {mmss(t.red_s)} limit.",
            "Lead with the conclusion and cut the second example.",
        )
    if t.zone == "red":
        return Finding(
            "timing",
            "note",
            f"The answer took {used}, past the {mmss(t.red_s)} limit.",
            "Start wrapping up at the yellow cue.",
        )
    if t.zone == "yellow":
        return Finding("timing", "good", f"The answer took {used}: in the wrap-up window.", "")
    return Finding("timing", "good", f"The answer took {used}: a good length.", "")


def pace_findings(p: Pace, s: AnalysisSettings) -> list[Finding]:
    out: list[Finding] = []
    wpm = round(p.wpm, 1)  # as the report shows it, so the texts agree
    if p.words == 0:
        return [
            Finding(
                "pace",
                "warn",
                "No words were recognised in this recording.",
                "Check the microphone level and record the answer again.",
            )
        ]
    if p.words < s.pace_min_words:
        out.append(
            Finding(
                "pace",
                "note",
                f"{p.words} {'word' if p.words == 1 else 'words'} in "
                f"{p.speaking_s:.1f} s: too few to judge the pace "
                f"(it takes {s.pace_min_words}).",
                "Answer in full sentences to get feedback on your pace.",
            )
        )
    elif p.verdict == "slow":
        out.append(
            Finding(
                "pace",
                "note",
                f"Pace {wpm:.0f} words per minute: slow (under {s.slow_wpm:.0f}).",
                "Prepare the structure first so the words come more freely.",
            )
        )
    elif p.verdict == "fast":
        out.append(
            Finding(
                "pace",
                "warn",
                f"Pace {wpm:.0f} words per minute: fast (over {s.fast_wpm:.0f}).",
                "Slow down and let key points land with a short pause.",
            )
        )
    else:
        out.append(Finding("pace", "good", f"Pace {wpm:.0f} words per minute: easy to follow.", ""))
    rushing = [w for w in p.windows if w.rushing]
    if rushing:
        where = ", ".join(f"{mmss(w.start)}–{mmss(w.end)}" for w in rushing[:4])
        out.append(
            Finding(
                "pace",
                "warn",
                f"Rushing at {where} (over {s.rushing_wpm:.0f} words per minute).",
                "Breathe at the end of each point; rushing reads as nerves.",
            )
        )
    return out


def pause_findings(pauses: list[Pause], latency: float, s: AnalysisSettings) -> list[Finding]:
    out: list[Finding] = []
    if latency > s.start_latency_warn_s:
        out.append(
            Finding(
                "pauses",
                "note",
                f"{latency:.1f} s of silence before the first word.",
                "Open with a one-line summary while you think.",
            )
        )
    if pauses:
        longest = max(p.duration_s for p in pauses)
        out.append(
            Finding(
                "pauses",
                "note",
                f"{len(pauses)} {'pause' if len(pauses) == 1 else 'pauses'} of at least "
                f"{s.pause_threshold_s:g} s (longest {longest:.1f} s).",
                "A pause before a key point helps; several long ones mid-sentence "
                'sound unprepared: signpost instead ("There are three parts").',
            )
        )
    return out


def unclear_speech_findings(unclear: list[UnclearSpeech]) -> list[Finding]:
    """Speech the recogniser could not make out: what was said there is missing from the
    transcript, so the feedback on it (concepts, fillers, flags) may be too."""
    if not unclear:
        return []
    total = sum(u.duration_s for u in unclear)
    where = _times([u.start for u in unclear])
    return [Finding(
        "transcript", "note",
        f"{total:.1f} s of speech could not be made out (at {where}): it is not in the "
        "transcript, so nothing said there was counted.",
        "Listen back there; speak up or nearer the microphone, or move away from noise.",
    )]


def clipping_findings(share: float) -> list[Finding]:
    """A recording too loud for the microphone (clipping.py): the feedback on it may be off."""
    if share < CLIPPED_SHARE_TOLD:
        return []
    return [Finding(
        "recording", "note",
        f"The recording was too loud: {share:.0%} of its sound hit the top of the microphone's "
        "range (clipped), so some words and sounds may have been misheard.",
        "Lower the microphone's input level in your system's sound settings, or sit a "
        "little further from it, and record again.",
    )]


def filler_finding(items: list[FillerItem], per_minute: float, s: AnalysisSettings) -> Finding:
    if per_minute > s.fillers_per_minute_warn:
        return Finding(
            "fillers",
            "warn",
            f"{len(items)} fillers ({per_minute:.1f} per minute).",
            'Replace fillers with a silent pause; silence sounds more confident than "um".',
        )
    return Finding("fillers", "good", f"{len(items)} fillers ({per_minute:.1f} per minute).", "")


def coverage_findings(
    covered: list[CoveredConcept], missing: list[MissingConcept]
) -> list[Finding]:
    out = [
        Finding(
            "coverage",
            "warn",
            f"Not mentioned: {m.label}.",
            m.explain or "The question expects this concept.",
        )
        for m in missing
    ]
    out += [
        Finding(
            "coverage",
            "note",
            f"{c.label} was credited from words the recogniser was unsure of "
            f"(“{c.evidence[0].text}” at {mmss(c.evidence[0].start)}).",
            "Check the transcript there; say the term clearly, or say it in other words too.",
        )
        for c in covered
        if c.uncertain
    ]
    if covered and not missing and not any(c.uncertain for c in covered):
        out.append(Finding("coverage", "good", "Every expected concept was covered.", ""))
    return out


def red_flag_findings(flags: list[RedFlagHit]) -> list[Finding]:
    return [
        Finding(
            "red_flags", "warn", f"Red flag at {mmss(f.start)}: “{f.text}” ({f.label}).", f.advice
        )
        for f in flags
    ]


def _times(starts: list[float], limit: int = 4) -> str:
    return ", ".join(mmss(s) for s in starts[:limit]) + (" …" if len(starts) > limit else "")


def hedge_finding(h: Hedges, s: AnalysisSettings) -> Finding:
    counts: dict[str, int] = {}
    for item in h.items:
        counts[item.text] = counts.get(item.text, 0) + 1
    top = ", ".join(f"“{t}” ×{n}" for t, n in sorted(counts.items(), key=lambda kv: -kv[1])[:3])
    said = f"{h.count} {'hedge' if h.count == 1 else 'hedges'} ({h.per_minute:.1f} per minute)"
    if h.per_minute > s.hedges_per_minute_warn:
        return Finding(
            "hedges", "warn", f"{said}: {top}, first at {mmss(h.items[0].start)}.",
            "State the point plainly (“We should ship on Monday”); keep one qualifier for "
            "the real uncertainty and say what would change your mind.",
        )
    if h.count:
        return Finding("hedges", "good", f"{said}: {top}.", "")
    return Finding("hedges", "good", "No hedges: the points were stated plainly.", "")


def repetition_findings(r: Repetition) -> list[Finding]:
    return [
        Finding(
            "repetition", "note",
            f"“{item.text}” said {item.count} times (at {_times(list(item.starts))}).",
            "Vary the phrase or drop it; a repeated tic draws attention from the content.",
        )
        for item in r.items[:3]
    ]


def structure_findings(st: Structure, star_question: bool) -> list[Finding]:
    out: list[Finding] = []
    if st.answer_first and st.position_at is not None:
        out.append(Finding("structure", "good",
                           f"The point came first, at {mmss(st.position_at)}.", ""))
    elif not star_question:
        when = (f"only at {mmss(st.position_at)}" if st.position_at is not None
                else "nowhere in a form the analysis recognises")
        out.append(Finding(
            "structure", "warn",
            f"No position in the first {st.first_window_s:.0f} s: the recommendation came {when}.",
            "Lead with the answer (“My recommendation is …”, “In short, …”), then the reasons.",
        ))
    if st.promised is not None and st.delivered is not None and st.delivered < st.promised:
        promise = next((p for p in st.signposts if p.text.split()[0] not in ("first",)), None)
        at = f" at {mmss(promise.start)}" if promise else ""
        out.append(Finding(
            "structure", "warn",
            f"Promised {st.promised} points{at} but signposted {st.delivered}.",
            "Deliver every point you announce, each with “first”, “second”, “finally”.",
        ))
    elif st.promised is not None:
        out.append(Finding("structure", "good",
                           f"Promised {st.promised} points and delivered them.", ""))
    if st.star is not None:
        out.append(_star_finding(st.star))
    if st.closing and st.closing_at is not None:
        out.append(Finding(
            "structure", "good",
            f"The answer closed with a summary or decision at {mmss(st.closing_at)}.", "",
        ))
    else:
        out.append(Finding(
            "structure", "note", "The answer trailed off without a closing line.",
            "End on one sentence that sums up or decides (“So my recommendation is …”).",
        ))
    return out


def _star_finding(star: Star) -> Finding:
    missing = star.missing
    if missing:
        names = ", ".join(p.capitalize() for p in missing)
        return Finding(
            "structure", "warn", f"STAR story without its {names}.",
            {"situation": "Open with one sentence of context: where, when, what was at stake.",
             "task": "Say what you personally had to achieve.",
             "action": "Walk through what you did, with “I”, step by step.",
             "result": "Close the story with its result, in numbers if you can."}[missing[0]],
        )
    numbers = (f" with numbers ({', '.join(star.result_numbers)})" if star.result_numbers
               else ", but without a number")
    result_at = mmss(star.at["result"]) if "result" in star.at else ""
    level = "good" if star.result_numbers else "note"
    return Finding("structure", level,
                   f"STAR story complete; the result at {result_at}{numbers}.",
                   "" if star.result_numbers else "Put a number on the result.")


def delivery_findings(d: Delivery, s: AnalysisSettings) -> list[Finding]:
    out: list[Finding] = []
    p = d.pitch
    if p is not None:
        if p.monotone:
            where = ", ".join(f"{mmss(m.start)}–{mmss(m.end)}" for m in p.monotone[:3])
            out.append(Finding(
                "delivery", "warn",
                f"Monotone at {where} (pitch varied under {s.monotone_semitones:g} semitones).",
                "Lift your voice on the key word of each sentence and drop it at the full stop.",
            ))
        else:
            out.append(Finding(
                "delivery", "good",
                f"Lively voice: pitch range {p.range_semitones:.1f} semitones "
                f"around {p.median_hz:.0f} Hz.", "",
            ))
    loud = d.loudness
    if loud is not None and loud.quiet:
        where = ", ".join(f"{mmss(q.start)}–{mmss(q.end)}" for q in loud.quiet[:3])
        out.append(Finding("delivery", "note", f"Too quiet at {where}.",
                           "Keep your volume up through the whole answer."))
    if loud is not None and loud.trailing_off >= 2:
        out.append(Finding(
            "delivery", "note",
            f"{loud.trailing_off} sentences trailed off (at {_times(list(loud.trailing_at))}).",
            "Carry your voice to the last word; the end of a sentence is its point.",
        ))
    return out
