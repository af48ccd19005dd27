"""The interview's clock and the mock interview: prep and answer timing with its zones, and
a mock's stages, order and summary.

Qt-free and engine-free like all of core: may import the rest of desktop_app.core (banks,
settings), never Qt, the UI, the pipeline or transcription.
"""
