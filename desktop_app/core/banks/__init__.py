"""Question banks: the dataclasses a bank becomes (`model`), finding and loading the shipped
and user banks (`library`), reading TOML with line numbers (`toml_reader`, `sourcemap`,
`nesting`), and the validator with located, did-you-mean errors (`validate`, `errors`).

Qt-free and engine-free like all of core: may import the rest of desktop_app.core (paths,
settings), never Qt, the UI, the pipeline or transcription.
"""
