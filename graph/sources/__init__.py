"""Importers of structured sources (Ecosystem Graphs, ...) into the same graph."""

__all__: list[str] = []
