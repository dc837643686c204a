"""Every setting is documented where users look: the README's configuration table."""

from __future__ import annotations

from aikg.graph.config import Settings

from .conftest import ROOT


def test_every_setting_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        assert f"`AIKG_{name.upper()}`" in readme, f"AIKG_{name.upper()} is not documented in the README"
        assert field.description, f"setting {name} has no description"
