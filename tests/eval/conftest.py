"""The accuracy corpus's audio is kept in pytest's cache folder between runs (it is made
again only when a script, the voice or the way answers are built changes)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def eval_cache(request: pytest.FixtureRequest) -> Path:
    return Path(request.config.cache.mkdir("stagecoach-eval-corpus"))
