"""Whisper engines, the model registry and the worker process.

Heavy imports (ctranslate2, faster_whisper, torch, whisper) happen only inside
functions that run in the worker process, never at import time of this package.
"""
