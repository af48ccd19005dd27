"""Reusable widgets: no knowledge of the core, only what they display."""
