"""How a command fails: one ``error: ...`` line on standard error and an exit code (2 for bad input, 1 for a
store that fails)."""

from __future__ import annotations

from typing import Any

import typer

from aikg.graph import StoreError

__all__ = ["fail", "or_fail"]


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)



def or_fail(run: Any) -> Any:
    """``run()``; a store that stops answering midway is one error line (exit 1)."""
    try:
        return run()
    except StoreError as exc:
        raise fail(str(exc), 1) from exc
