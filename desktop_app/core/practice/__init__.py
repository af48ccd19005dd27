"""The practice plan: what to rehearse today, and how near each stage is to ready.

``grading`` turns an analysed answer's report into an FSRS rating (Again/Hard/Good/Easy);
``schedule`` replays a question's graded answers through the ``fsrs`` scheduler;
``readiness`` weighs recent answers per stage and per concept; ``plan`` builds the queue
with a reason for each question; ``today`` reads the graded answers from the history
store for the app and `stagecoach plan`; ``bench`` times the plan for `stagecoach bench`.
Apart from ``today`` (and ``bench``), everything here is pure: it is given the bank, the
graded answers and the clock. It imports only the standard library, ``fsrs`` and other core
modules (never Qt, the UI, the pipeline or transcription). The history store keeps the
grades and cards (``core/history/review_state.py``).
"""
