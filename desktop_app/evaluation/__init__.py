"""The accuracy corpus and `stagecoach eval`.

Labelled spoken answers are synthesised offline with a neural voice (piper), degraded with
noise and reverb, run through the same transcription and analysis as `stagecoach analyze`,
and scored per condition. Nothing here is used by the app itself; piper (GPL) is only
imported by the functions that synthesise.
"""
