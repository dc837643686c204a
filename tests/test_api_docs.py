"""docs/api.md documents every route of the app, and its Python client example runs."""

from __future__ import annotations

import re

from . import test_api_fixtures as fx
from .conftest import ROOT
from .test_api_fixtures import Served

api = fx.api  # the fixture
DOC = ROOT / "docs" / "api.md"


def _paths(app: object) -> set[str]:
    from fastapi.routing import _IncludedRouter
    from starlette.routing import Mount

    out: set[str] = set()

    def walk(routes: list[object]) -> None:
        for r in routes:
            if isinstance(r, _IncludedRouter):
                walk(r.original_router.routes)
            elif isinstance(r, Mount):
                continue
            elif hasattr(r, "path"):
                out.add(r.path)

    walk(app.routes)  # type: ignore[attr-defined]
    return out


def test_every_route_is_documented() -> None:
    from aikg.api.app import create_app
    from aikg.graph import Settings

    text = DOC.read_text(encoding="utf-8")
    app = create_app(Settings(store="memory", write_token="x"))
    paths = _paths(app)
    assert "/api/entities/{slug}" in paths and "/id/{slug}" in paths
    missing = []
    for path in sorted(paths):
        tail = path.rsplit("/api/analytics", 1)[-1] if path.startswith("/api/analytics/") else path
        if f"`GET {path}" not in text and f" {path}" not in text and f"`{path}" not in text and f"{tail}`" not in text:
            missing.append(path)
    assert not missing, f"routes not documented in docs/api.md: {missing}"


def test_client_example_runs(api: Served) -> None:
    text = DOC.read_text(encoding="utf-8")
    code = re.search(r"### Python client.*?```python\n(.*?)```", text, re.S)
    assert code, "no python example under '### Python client'"
    source = code.group(1).replace('BASE = "http://127.0.0.1:8000"', f'BASE = "{api.url}"')
    assert api.url in source
    namespace: dict[str, object] = {}
    exec(compile(source, "docs/api.md", "exec"), namespace)  # noqa: S102
    assert namespace["slug"] == "gpt-4"
    assert "@prefix" in str(namespace["turtle"])
