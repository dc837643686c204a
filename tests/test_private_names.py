"""No module reaches into another module's private names (issue 16).

A name with one leading underscore belongs to the module that defines it. Modules that share a helper import
it under a public name (listed in the defining module's ``__all__``); this test reads every module of the
package (and the scripts and benchmarks around it) and fails on ``from x import _name`` and on
``module._name`` where ``module`` is an imported module of the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

FOLDERS = ("ontology", "graph", "api", "bench", "scripts")


def private_reaches(path: Path) -> list[str]:
    """``from x import _name`` and ``module._name`` (``module`` imported from the package) in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            local = node.level > 0 or (node.module or "").startswith("aikg")
            for a in node.names:
                if a.name.startswith("_") and not a.name.startswith("__"):
                    found.append(f"{path.name}:{node.lineno}: from {'.' * node.level}{node.module or ''} import {a.name}")
                elif local:
                    modules.add(a.asname or a.name)  # may be a submodule: 'from . import store'
        elif isinstance(node, ast.Import):
            modules |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name.startswith("aikg")}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
                and node.attr.startswith("_") and not node.attr.startswith("__")):
            found.append(f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_no_module_imports_another_modules_private_names() -> None:
    found = [hit for folder in FOLDERS for f in sorted((ROOT / folder).rglob("*.py")) for hit in private_reaches(f)]
    assert not found, "private names used outside their module:\n" + "\n".join(found)


def test_the_check_finds_both_forms(tmp_path: Path) -> None:
    f = tmp_path / "m.py"
    f.write_text("from .common import _helper, public\nfrom . import store\nx = store._client\ny = store.open\n", encoding="utf-8")
    assert private_reaches(f) == ["m.py:1: from .common import _helper", "m.py:3: store._client"]
