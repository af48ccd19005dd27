"""Python started with this folder on PYTHONPATH behaves as if PyAV were not installed.

Python imports sitecustomize at start-up, also in the processes a test starts and in
the transcription worker they spawn (it inherits the environment). The path finder is
wrapped so that it no longer finds "av": importlib.util.find_spec("av") is None and
"import av" raises ModuleNotFoundError, and importlib.metadata knows no "av" either,
as in an install that left PyAV out.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from importlib.machinery import ModuleSpec, PathFinder
from typing import Any


class _PathFinderWithoutPyAV:
    @classmethod
    def find_spec(cls, name: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        if name == "av" or name.startswith("av."):
            return None
        return PathFinder.find_spec(name, path, target)

    @classmethod
    def find_distributions(cls, *args: Any, **kwargs: Any) -> Iterator[Any]:
        # importlib.metadata asks the same finder; PyAV's metadata goes with its code.
        for dist in PathFinder.find_distributions(*args, **kwargs):
            if (dist.metadata["Name"] or "").lower() != "av":
                yield dist

    @classmethod
    def invalidate_caches(cls) -> None:
        PathFinder.invalidate_caches()


sys.meta_path[:] = [_PathFinderWithoutPyAV if f is PathFinder else f for f in sys.meta_path]
