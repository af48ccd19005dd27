"""Is the installed Qt binding one that keeps Python's ``None`` alive?

PySide6/shiboken6 6.12.0 on CPython 3.11 lowers ``None``'s reference count by one on every
call of a Qt method that returns nothing. A live timer and level meter make tens of such
calls a second, and after about 74 s of answering the interpreter aborts with "Fatal
Python error: none_dealloc", taking the answer's session with it. pyproject.toml pins a
release without the fault; this check finds a build that slipped past the pin (another
install, a rebuilt bundle) before it costs anyone an answer. Python 3.12 and later make
``None`` immortal, so there the count never moves and the check always passes.
"""

from __future__ import annotations

import sys

# Few enough that the check itself costs a faulty build little of its budget (None starts
# with about 5,000 references), many enough that the leak stands out from ordinary churn
# (under ten over 1,000 calls on a sound build).
CHECK_CALLS = 300
LEAK_THRESHOLD = CHECK_CALLS // 2

FAULT_SENTENCE = (
    "This installation's Qt library (PySide6 {version}) has a fault that stops Stagecoach "
    "after about a minute of answering; reinstall Stagecoach, or install PySide6 6.11.3 "
    "in its environment."
)


def none_refcount_drift(calls: int = CHECK_CALLS) -> int:
    """How much ``None``'s reference count moved over ``calls`` void Qt calls.

    Needs a QApplication. Near 0 on a sound binding, about ``-calls`` on a leaking one.
    """
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for i in range(calls):
        label.setText("0:00" if i % 2 else "0:01")
    after = sys.getrefcount(None)
    label.deleteLater()
    return after - before


def binding_fault() -> str | None:
    """The sentence to show when the binding leaks ``None``; None when it is sound."""
    if none_refcount_drift() > -LEAK_THRESHOLD:
        return None
    import PySide6

    return FAULT_SENTENCE.format(version=getattr(PySide6, "__version__", "?"))
