"""The Rehearse page parts: the question pickers, the question card, the clock panel,
today's queue and the mock interview's summary."""
