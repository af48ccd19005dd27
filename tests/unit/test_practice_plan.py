"""The practice plan over a simulated month of real analysed answers, with a fake clock."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from desktop_app.core.analysis.report import Report
from desktop_app.core.practice.graded import GradedAnswer
from desktop_app.core.practice.grading import grade_report
from desktop_app.core.practice.plan import Plan, build_plan
from desktop_app.core.practice.readiness import READY
from tests.support.practice import BANK_ID, STRONG, WEAK, bank, report_for

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday
_ids = itertools.count(1)
_reports: dict[tuple[str, bool], Report] = {}


def answer(question_id: str, strong: bool, at: datetime) -> GradedAnswer:
    key = (question_id, strong)
    if key not in _reports:
        _reports[key] = report_for(question_id, (STRONG if strong else WEAK)[question_id])
    grade = grade_report(_reports[key])
    q = bank().question(question_id)
    assert q is not None
    return GradedAnswer(next(_ids), BANK_ID, q.stage_id, question_id, at.timestamp(),
                        grade.rating, grade.score, grade.covered, grade.recovered,
                        grade.missing)


def due_ids(plan: Plan) -> list[str]:
    return [i.question_id for i in plan.due]


def test_a_failed_question_returns_within_days_and_a_mastered_one_moves_out() -> None:
    b = bank()
    answers: list[GradedAnswer] = []
    failed_returns: list[int] = []
    mastered_seen: list[int] = []
    learned_seen: list[int] = []
    last_failed: int | None = None
    for day in range(30):
        now = START + timedelta(days=day)
        plan = build_plan(b, answers, now)
        queue = due_ids(plan)
        if day == 0:  # nothing tried: everything is new, from the first stage
            assert plan.due == [] and len(plan.new) == 3
            assert all(i.reason == "not tried yet" for i in plan.new)
            answers += [answer("cs-new-web-dataset", False, now),
                        answer("ms-why-safety-lab", True, now)]
            last_failed = 0
            continue
        if "cs-new-web-dataset" in queue:
            if last_failed is not None:
                failed_returns.append(day - last_failed)
            learned_seen += [day] if day >= 12 else []
            strong = day >= 12  # the candidate learns it in the second fortnight
            answers.append(answer("cs-new-web-dataset", strong, now))
            last_failed = None if strong else day
        if "ms-why-safety-lab" in queue:
            mastered_seen.append(day)
            answers.append(answer("ms-why-safety-lab", True, now))
    assert len(failed_returns) >= 5 and max(failed_returns) <= 2  # back within days
    gaps = [b - a for a, b in itertools.pairwise(learned_seen)]
    assert gaps == sorted(gaps) and gaps[-1] >= 5  # once learned, its intervals grow
    assert mastered_seen and mastered_seen[-1] < 20  # seen early, then gone for weeks
    final = build_plan(b, answers, START + timedelta(days=30))
    assert "ms-why-safety-lab" not in due_ids(final)


def test_reasons_name_the_missed_concept_and_the_day_it_fell_due() -> None:
    b = bank()
    monday = START
    answers = [answer("cs-new-web-dataset", False, monday),
               answer("td-rlhf-vs-dpo", False, monday)]
    plan = build_plan(b, answers, monday + timedelta(days=3))  # Thursday
    reasons = {i.question_id: i.reason for i in plan.due}
    assert reasons["cs-new-web-dataset"].endswith("due since Tuesday")
    assert "failed last time" in reasons["cs-new-web-dataset"]
    first_due = plan.due[0].due
    assert first_due is not None and first_due.date().isoformat() == "2026-11-03"
    # Data quality missed in both answers' questions that expect it: a weak concept.
    again = [*answers, answer("td-rlhf-vs-dpo", False, monday + timedelta(days=1))]
    plan = build_plan(b, again, monday + timedelta(days=3))
    weak = dict(plan.weak_concepts)
    assert weak["data_quality"] == 2
    reason = {i.question_id: i.reason for i in plan.due}["td-rlhf-vs-dpo"]
    assert reason.startswith("missed ") and "twice" in reason
    # New questions that ask for a weak concept come first, and say so.
    first_new = plan.new[0]
    asked = b.question(first_new.question_id)
    assert asked is not None and any(c in weak for c in asked.expects)
    assert "; asks for " in first_new.reason and first_new.reason.startswith("not tried yet")


def test_new_questions_come_from_the_weakest_stage() -> None:
    b = bank()
    now = START
    answers = [answer("ms-why-safety-lab", True, now), answer("td-rlhf-vs-dpo", True, now)]
    plan = build_plan(b, answers, now + timedelta(hours=2))
    stages = {i.stage_id for i in plan.new}
    assert stages == {"case-study"}  # 0.0 readiness, first of the untried stages in order
    assert plan.readiness["mission-screen"] > 0 and plan.readiness["case-study"] == 0


def test_an_interview_date_brings_well_known_questions_back_before_it() -> None:
    b = bank()
    answers = [answer("ms-why-safety-lab", True, START + timedelta(days=d))
               for d in (0, 2, 8)]
    free = build_plan(b, answers, START + timedelta(days=9))
    assert "ms-why-safety-lab" not in due_ids(free)
    interview = date(2026, 11, 16)  # the last answer was on the 10th
    squeezed = build_plan(b, answers, START + timedelta(days=11), interview=interview)
    assert "ms-why-safety-lab" in due_ids(squeezed)  # half way from the 10th to the 16th
    assert "ms-why-safety-lab" not in due_ids(
        build_plan(b, answers, START + timedelta(days=11)))
    # and every untried question fits in the days left (44 over 3 days → 15 a day)
    assert len(squeezed.new) == 15


def test_readiness_needs_breadth_and_freshness() -> None:
    b = bank()
    one = [answer("ms-why-safety-lab", True, START)]
    plan = build_plan(b, one, START + timedelta(hours=1))
    assert 0 < plan.readiness["mission-screen"] < READY  # 1 of the 5 needed questions
    to_dict = plan.to_dict()
    assert set(to_dict) >= {"due", "new", "readiness", "weak_concepts"}
    later = build_plan(b, one, START + timedelta(days=60))
    assert later.readiness["mission-screen"] < plan.readiness["mission-screen"] / 2
