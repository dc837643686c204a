"""The wheel contains every module: build it, install it in a fresh venv, import everything."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


def _all_modules() -> list[str]:
    import aikg.api
    import aikg.graph
    import aikg.ontology

    names = ["aikg.ontology", "aikg.graph", "aikg.api"]
    for pkg in (aikg.graph, aikg.api):
        for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            names.append(m.name)
    return sorted(set(names))


def test_wheel_installs_and_imports_every_module(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path / "dist"), str(ROOT)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    assert "project.license" not in built.stdout + built.stderr  # no setuptools deprecation of the license table
    assert "absent from the `packages` configuration" not in built.stdout + built.stderr  # data folders declared
    wheel = next((tmp_path / "dist").glob("aikg-*.whl"))
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("graph/templates", "graph/extract/data", "api/templates", "api/static", "api/static/yasgui"):
        files = [p.relative_to(ROOT).as_posix() for p in (ROOT / folder).iterdir() if p.is_file()]
        assert files and all("aikg/" + f in names for f in files), folder
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True, timeout=300)
    # dependencies come from the project's venv, but not its editable aikg (a .pth is not read from PYTHONPATH)
    deps = sysconfig.get_paths()["purelib"]
    modules = _all_modules()
    code = f"import importlib,sys\nfor m in sys.argv[1:]:\n    mod = importlib.import_module(m)\n    assert 'site-packages' in mod.__file__ and str({str(ROOT)!r}) not in mod.__file__, mod.__file__\nprint('ok')"
    proc = subprocess.run([str(py), "-c", code, *modules], capture_output=True, text=True, env={"PYTHONPATH": deps, "PATH": "/usr/bin:/bin"}, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert len(modules) > 10
    # data files travel too
    check = "from aikg.ontology import ontology_text, shapes_text; from aikg.graph.extract.registry import load_registry; assert ontology_text() and shapes_text() and len(load_registry())"
    proc = subprocess.run([str(py), "-c", check], capture_output=True, text=True, env={"PYTHONPATH": deps}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    # the SPARQL editor's example menu: examples/queries/*.rq travel as package data and load from the wheel
    shipped = sorted(f.name for f in (ROOT / "examples" / "queries").glob("*.rq"))
    assert len(shipped) >= 8
    check = (
        "import json; from aikg.api.routes.sparql import EXAMPLES, example_queries; qs = example_queries(); "
        "print(json.dumps({'folder': str(EXAMPLES), 'names': [q['name'] + '.rq' for q in qs], "
        "'titled': all(q['title'] != q['name'] and q['query'].strip() for q in qs)}))"
    )
    proc = subprocess.run([str(py), "-c", check], capture_output=True, text=True, env={"PYTHONPATH": deps},
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert "site-packages" in got["folder"] and str(ROOT) not in got["folder"], got["folder"]
    assert got["names"] == shipped and got["titled"], got


def test_every_import_is_a_declared_dependency() -> None:
    """Each third-party module aikg imports comes from a distribution pyproject.toml names itself, as a
    dependency or in an optional (non-dev) extra: not one that merely arrives with another dependency."""
    import ast
    import re
    import tomllib
    from importlib.metadata import packages_distributions

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [d for name, ds in project.get("optional-dependencies", {}).items() if name != "dev" for d in ds]
    declared = {re.split(r"[\[<>=~!; ]", d, maxsplit=1)[0].lower().replace("_", "-") for d in project["dependencies"] + extras}
    imported: set[str] = set()
    for folder in ("ontology", "graph", "api"):
        for f in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    imported |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    imported.add(node.module.split(".")[0])
    dists = packages_distributions()
    missing = {}
    for module in sorted(imported - set(sys.stdlib_module_names) - {"aikg"}):
        names = {d.lower().replace("_", "-") for d in dists.get(module, [module])}
        if not names & declared:
            missing[module] = sorted(names)
    assert not missing, f"imported but not declared in pyproject.toml dependencies: {missing}"
