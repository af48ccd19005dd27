"""The history of answers: the SQLite store and its schema, reading it tolerantly, backups,
the trash, recovery of interrupted recordings, attempts at one question and the CSV export.

Qt-free and engine-free like all of core: may import the rest of desktop_app.core (paths,
settings, transcripts, audio files), never Qt, the UI, the pipeline or transcription.
"""
