"""The ``aikg`` command line. Every command is a thin shell over ``KnowledgeGraph``.

Every command that touches the store takes ``--store`` (before or after the command's name). While
``aikg serve`` holds an embedded store, the commands on the same folder work through that server
(``api/server_client.py``): reads on a snapshot it makes, writes through its write path.

The commands live by group in this package (:mod:`~aikg.api.cli.data`, :mod:`~aikg.api.cli.reads`,
:mod:`~aikg.api.cli.analysis`, :mod:`~aikg.api.cli.serve`, :mod:`~aikg.api.cli.feeds`) over the shared
:mod:`~aikg.api.cli.options`, :mod:`~aikg.api.cli.target` and :mod:`~aikg.api.cli.errors`; they are
registered here, explicitly and in the order ``aikg --help`` lists them.
"""

from __future__ import annotations

import sys

import typer

from .analysis import analyze, evaluate, viz
from .data import export, import_ecosystem, ingest, load
from .feeds import watch
from .layout import App
from .options import root
from .reads import query, stats, validate
from .serve import serve

__all__ = ["app", "main"]

app = App(
    help="aikg: a knowledge graph of AI-industry relations built from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.callback()(root)
#: Every command, in the order ``aikg --help`` lists them.
COMMANDS = (
    ("ingest", ingest), ("load", load), ("query", query), ("export", export), ("stats", stats),
    ("validate", validate), ("serve", serve), ("eval", evaluate), ("import-ecosystem", import_ecosystem),
    ("viz", viz), ("analyze", analyze), ("watch", watch),
)
for _name, _command in COMMANDS:
    app.command(_name)(_command)


def main() -> None:
    """The ``aikg`` entry point: a component missing from the installation is one error line, not a traceback."""
    try:
        app()
    except ImportError as exc:
        reason = " ".join(str(exc).split())
        typer.echo(f"error: a component aikg needs is missing: {reason}; reinstall aikg (pip install -e .)", err=True)
        sys.exit(2)
