"""One module per `stagecoach` subcommand.

Each module exposes ``register(subparsers)``, which adds its parser and sets
``func`` to a ``run(args) -> int`` callable. Modules stay light at import time:
heavy imports go inside ``run``.
"""
