"""Sound in and out: the microphone recorder and its crash-safe WAV writer, the device list
and the bounded PortAudio calls, input levels, playback, and decoding any audio file into
one 16 kHz signal.

Qt-free and engine-free like all of core: may import the rest of desktop_app.core (paths,
settings, errors), never Qt, the UI, the pipeline or transcription.
"""
