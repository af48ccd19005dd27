"""Glue between the UI and the core: background jobs, the answer pipeline, the worker."""
