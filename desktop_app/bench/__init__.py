"""The benchmarks behind ``stagecoach bench``, one module per subsystem measured:
transcription (engines, live Stop-to-report, start-up), recording, the analysis, the
practice plan and the interviewer's voice. Speed and memory targets are measured here, not
by timed tests.

A layer of its own, beside ``evaluation``: it may import the pipeline, transcription, the
voice and core (it runs what it measures); only ``commands`` imports it.
"""
