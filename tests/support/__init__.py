"""Helpers the tests share, one module per subject: timed transcripts and a small bank
(`analysis`), speech and the virtual microphone (`audio`, `record`), bad and odd audio files
(`bad_audio`, `decode`), bank files (`banks`), the shipped model (`transcription`), the
neural voice (`voice`), pitch-shaped speech (`prosody`), labelled answers for the manner
detectors (`style_cases`), practice-plan histories (`practice`) and the app's window (`qt`).
Real parts throughout: nothing here fakes the microphone, the model or the database.
"""
