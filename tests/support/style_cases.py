"""Labelled answers for the hedge, repetition and structure detectors, and scoring.

Each case is text with the truth written by hand. Words are timed at a steady pace
(150 words a minute unless a case says otherwise), as Whisper would time clean speech.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.core.transcript import Word


def timed(text: str, wpm: float = 150.0, start: float = 0.0) -> list[Word]:
    step = 60.0 / wpm
    return [Word(w, start + i * step, start + i * step + step * 0.8, 0.95)
            for i, w in enumerate(text.split())]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, found: Iterable[str], truth: Iterable[str]) -> None:
        rest = list(truth)
        for item in found:
            if item in rest:
                rest.remove(item)
                self.tp += 1
            else:
                self.fp += 1
        self.fn += len(rest)

    def add_bool(self, found: bool, truth: bool) -> None:
        self.add(["x"] if found else [], ["x"] if truth else [])

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


# (sentence, hedges in it as the lexicon names them)
HEDGES: list[tuple[str, list[str]]] = [
    ("I think we should ship the smaller model first.", ["i think"]),
    ("Maybe the labels are noisy, but I guess we can fix that later.", ["maybe", "i guess"]),
    ("It's sort of a trade-off between speed and quality.", ["sort of"]),
    ("What kind of metric would show that? Accuracy on the held-out set.", []),
    ("We built the pipeline just-in-time for the launch.", []),
    ("I just feel like the data is kind of messy.", ["just", "feel like", "kind of"]),
    ("That would probably take two weeks, hopefully less.", ["probably", "hopefully"]),
    ("When I think about users, I start with their worst day.", []),
    ("It was a just decision and I believe in it.", []),
    ("I'm not sure the evaluation covers that, it depends on the slice.",
     ["i am not sure", "it depends"]),
    ("The model is a bit slow, perhaps because of the tokenizer.", ["a bit", "perhaps"]),
    ("We arrived just in time for the review.", []),
    ("I would say the risk is low, more or less.", ["i would say", "more or less"]),
    ("The second thing is the cost of labelling.", []),
    ("In a way, the audit was the easy part.", ["in a way"]),
    ("I suppose we could delay it, to some extent.", ["i suppose", "to some extent"]),
    ("It might be the annotators, or it could be the guidelines.", ["might be", "could be"]),
    ("This is the right kind of problem for a small team.", []),
    ("Do you think that the dashboard helps?", []),
    ("We measured it twice and the numbers held.", []),
    ("I think that's a fair point, and I think the data supports it.", ["i think", "i think"]),
    ("The lab possibly underestimated the cost.", ["possibly"]),
    ("A bit of context first: the team was new.", []),
    ("She had just left when the incident started.", []),
    ("I believe we should stop the rollout.", ["i believe"]),
    # Written after the rules were set, as a check they were not fitted to the above.
    ("We have just shipped the new model and I guess it works.", ["i guess"]),
    ("Honestly it could be better, but we kind of knew that.", ["could be", "kind of"]),
    ("The launch probably slips a week.", ["probably"]),
    ("It is justified by the numbers.", []),
    ("I believe in testing early.", []),
    ("Perhaps the metric is a little bit noisy, I suppose.",
     ["perhaps", "a little bit", "i suppose"]),
    ("What do you think we should measure first?", []),
    ("We should just cut the feature.", ["just"]),
    ("I'm not sure it matters, to be honest, it might be fine.", ["i am not sure", "might be"]),
    ("That sort of thing happens when labels drift.", []),
]
# "She had just left" is the "just" of recency, not a softener.


# (answer, question, repeated phrases the detector should report)
REPETITION: list[tuple[str, str, list[str]]] = [
    (
        "Let's say the data is late. Let's say the vendor slips a week. Then, let's say, we "
        "lose the launch window, and let's say the board asks why. I would plan for that "
        "with a buffer and a weekly check on the vendor's progress and the data quality.",
        "How would you handle a late data vendor?",
        ["let us say"],
    ),
    (
        "At the end of the day the team owns the metric. At the end of the day we ship what "
        "works, and at the end of the day users decide. The rest is process and reviews, "
        "which matter, but less than the outcome.",
        "Who owns quality?",
        ["end of the day"],
    ),
    (
        "Data quality is the first thing I check. Data quality covers the labels, the "
        "coverage and the freshness, and data quality problems are cheaper to fix early.",
        "How do you think about data quality?",
        [],  # the question's own terms
    ),
    (
        "I would start with the users, then the constraints, then the options. For the "
        "users, I talk to five of them. For the constraints, I ask legal and finance. For the "
        "options, I write one page each and pick with the team.",
        "How do you approach a new product area?",
        [],  # a parallel structure uses "for the" three times: grammar, not a tic
    ),
    (
        "To be honest, the plan was weak. To be honest, nobody owned it, and to be honest I "
        "should have raised it sooner. We fixed it in the next quarter with a single owner.",
        "Tell me about a plan that failed.",
        ["to be honest"],
    ),
    (
        "The red team found three jailbreaks in the first week. We patched the filters, "
        "retrained the classifier on the new prompts, and added the cases to the regression "
        "suite so they stay fixed in every later release.",
        "How do you run red teaming?",
        [],
    ),
    (
        "In terms of cost we are fine. In terms of quality we are behind, and in terms of "
        "people we need two more hires before the launch in the spring.",
        "Where does the project stand?",
        ["in terms of"],
    ),
    (
        "The annotators flagged the images. We trained the annotators again, paid the "
        "annotators more, and asked the annotators for feedback every week until it held.",
        "How did you fix label quality?",
        [],  # the subject of the story, said often, is not a tic
    ),
    (
        "The thing is, nobody owned the pipeline. The thing is, we never measured it. And the "
        "thing is, we all knew it would break before the quarter ended.",
        "What went wrong?",
        ["the thing is"],
    ),
]


@dataclass(frozen=True)
class StructureCase:
    text: str
    answer_first: bool
    promised: int | None = None
    delivered: int | None = None
    star: tuple[bool, bool, bool, bool] | None = None  # situation, task, action, result
    closing: bool = False
    wpm: float = 150.0


_PREAMBLE = (
    "So this is an interesting question, and there is a lot of history behind it. The team "
    "had been working on the model for a long time, and there were many opinions about the "
    "data, the evaluation, the launch date, the marketing plan and the partners. Different "
    "people wanted different things, and the context matters a great deal here, because "
    "the previous launch had gone badly and people remembered that. There were also "
    "questions about the budget and the hiring plan for the next year. "
)

STRUCTURE: list[StructureCase] = [
    StructureCase(
        "My recommendation is to delay the launch by two weeks. There are three reasons. "
        "First, the evaluations are incomplete. Second, the safety review found open issues. "
        "Finally, the partners are not ready. So overall, we should delay and fix these.",
        answer_first=True, promised=3, delivered=3, closing=True,
    ),
    StructureCase(
        _PREAMBLE + "So my recommendation is to delay the launch until the evaluation is done.",
        answer_first=False, closing=True,
    ),
    StructureCase(
        _PREAMBLE + "I think the evaluation is the biggest gap, and the partners, and",
        answer_first=False, closing=False,
    ),
    StructureCase(
        "In short, I would ship the smaller model. I see three things to weigh. First, latency "
        "for users on phones. Second, the cost per query. Then there is the question of "
        "quality on long prompts, which we can measure next month and",
        answer_first=True, promised=3, delivered=2, closing=False,
    ),
    StructureCase(
        "I'd start by asking who the users are. There are two main risks. The first risk is "
        "privacy, because the logs hold personal data. The second risk is bias in the labels. "
        "To sum up, I would fix privacy first.",
        answer_first=True, promised=2, delivered=2, closing=True,
    ),
    StructureCase(
        "We should launch in March, and I have four reasons. The first reason is that the "
        "evaluations pass. The second reason is that support is trained. The third reason is "
        "the partner demand, and the fourth is the price. That is why I would launch.",
        answer_first=True, promised=4, delivered=4, closing=True,
    ),
    StructureCase(
        "The bottom line is that the vendor has to go. I would look at two things before "
        "deciding how. Firstly, the contract terms and the notice period. And then what it "
        "costs to replace them, which depends on the market and",
        answer_first=True, promised=2, delivered=1, closing=False,
    ),
    StructureCase(
        "Last year I was leading the labelling team at my previous company. My task was to "
        "cut the review cost without losing quality. I decided to measure where annotators "
        "disagreed, and I rewrote the guidelines. As a result, review cost dropped by twenty "
        "percent. I learned to measure before changing anything.",
        answer_first=True, star=(True, True, True, True), closing=True,
    ),
    StructureCase(  # no task
        "A few years ago our team was migrating the data warehouse. I decided to split the "
        "migration into weekly steps and I set up a dashboard for every table. In the end we "
        "finished a month early and saved about forty thousand dollars.",
        answer_first=True, star=(True, False, True, True), closing=True,
    ),
    StructureCase(  # no result
        "At the time I was working on search quality. My goal was to reduce bad results for "
        "rare queries. I proposed a new evaluation set and I convinced two teams to adopt "
        "it, and then we kept iterating on the ranking for a while and",
        answer_first=False, star=(True, True, True, False), closing=False,
    ),
    StructureCase(  # no situation
        "My job was to get the vendors to deliver on time. I negotiated weekly check-ins and "
        "I built a shared tracker. As a result, late deliveries went down from ten a month "
        "to two. Looking back, I would start the check-ins sooner.",
        answer_first=True, star=(False, True, True, True), closing=True,
    ),
    StructureCase(  # no action
        "Last year we were facing a churn problem in the enterprise tier. I was responsible "
        "for retention. The outcome was that churn fell by a third over two quarters, which "
        "led to a bigger budget for the team. That is why I care about retention.",
        answer_first=True, star=(True, True, False, True), closing=True,
    ),
]
