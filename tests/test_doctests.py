"""The examples in docstrings run: every module of the package, imported under its real name."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import aikg.api
import aikg.graph

MODULES = ["aikg.ontology", "aikg.graph", "aikg.api"] + sorted(
    m.name for pkg in (aikg.graph, aikg.api) for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


def test_examples_exist() -> None:
    finder = doctest.DocTestFinder()
    total = sum(len(t.examples) for name in MODULES for t in finder.find(importlib.import_module(name)))
    assert total >= 10
