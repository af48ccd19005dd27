"""The answer pipeline: record -> transcribe (in the worker) -> analyse -> store.

One copy of the steps that turn an answer's audio into its report, called by the app,
`stagecoach analyze`, `--self-test`, the bench and the screenshots, so they cannot
disagree (answer.py decides the hotwords, the transcription options and what the
analyser is told; recording.py orders the state changes of a recorded answer).

May import desktop_app.core and the client side of desktop_app.transcription (options,
service, live, worker); never Qt, desktop_app.ui, desktop_app.commands or an ML engine.
"""
