"""Qt-free domain: banks, timing, analysis, reports, storage, audio I/O.

Nothing under this package may import Qt or the ML engines.
"""
