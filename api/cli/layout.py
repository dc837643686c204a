"""The help layout of every ``aikg`` command: plain help, arguments shown by their metavar (``PATH...``)."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand

__all__ = ["App", "Command"]


class Command(TyperCommand):
    """Plain help with arguments shown by their metavar (``PATH...``), without type tags."""

    @staticmethod
    def _arg_name(param: Any) -> str:
        name = param.metavar or (param.name or "").upper()
        return str(name) + ("..." if param.nargs != 1 else "")

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for p in self.get_params(ctx):
            if p.param_type_name == "argument":
                pieces.append(self._arg_name(p) if p.required else f"[{self._arg_name(p)}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args: list[tuple[str, str]] = []
        opts: list[tuple[str, str]] = []
        for p in self.get_params(ctx):
            record = p.get_help_record(ctx)
            if record is None:
                continue
            if p.param_type_name == "argument":
                args.append((self._arg_name(p), record[1]))
            else:
                opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class App(typer.Typer):
    """Every command gets aikg's help layout (``Command``)."""

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any) -> Any:
        return super().command(name, cls=cls or Command, **kwargs)
