"""A small, deliberate public API: every module's ``__all__`` names what it defines, and nothing is missing."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import aikg.api
import aikg.graph

MODULES = ["aikg.ontology"] + sorted(
    m.name for pkg in (aikg.graph, aikg.api) for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")
) + ["aikg.graph"]


@pytest.mark.parametrize("name", MODULES)
def test_all_is_complete(name: str) -> None:
    mod = importlib.import_module(name)
    exported = getattr(mod, "__all__", None)
    if exported is None:
        # route modules are registered by the app, not imported by users
        assert name.startswith("aikg.api.routes."), f"{name} has no __all__"
        return
    for item in exported:
        assert hasattr(mod, item), f"{name}.__all__ names {item}, which does not exist"
    public = {
        n for n, v in vars(mod).items()
        if not n.startswith("_") and (inspect.isclass(v) or inspect.isfunction(v)) and getattr(v, "__module__", None) == name
    }
    missing = public - set(exported)
    assert not missing, f"{name} defines public {sorted(missing)} but leaves them out of __all__"
