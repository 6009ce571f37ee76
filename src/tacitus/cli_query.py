"""Commands registered on the ``tacitus`` group (query and export commands); thin wrappers over importable functions."""

from __future__ import annotations

from .cli import _fail, cli  # noqa: F401  (commands below use them)
