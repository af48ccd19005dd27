"""The Review page parts: annotated transcript, playback, pace chart, findings, export."""
