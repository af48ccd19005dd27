"""The interviewer's voice: questions read aloud by a neural voice (piper), offline.

Qt-free, on the same layer as ``transcription``: the UI, the pipeline and the commands may
import it, and it imports only ``core``. ``catalog`` finds the voices installed (any piper
model with its ``.onnx.json``), ``engine`` is the one module that imports piper (inside its
functions, so importing the app never loads it), ``cache`` keeps each spoken text as an
owner-only WAV, and ``speech`` puts them together: text in, a WAV file out.
"""
