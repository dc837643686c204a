"""A fresh virtual environment with the oldest pip the README supports (23.2) installs aikg as the README says
(``pip install -e .``) with every runtime dependency, and the install ingests every example article.

pip 23.2 does not normalise extra names: a dependency reached only through an extra spelt differently by
the package that defines it (justext's ``lxml[html_clean]`` vs lxml 6's ``html-clean``) is silently left
out. So every runtime dependency is declared directly; this test would fail if one were not.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, ROOT

OLDEST_PIP = "23.2"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def test_fresh_venv_with_the_oldest_pip(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV"))}

    def pip(*args: str) -> str:
        proc = subprocess.run([str(py), "-m", "pip", "--disable-pip-version-check", *args], capture_output=True,
                              text=True, timeout=600, env=env, cwd=tmp_path)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
        return proc.stdout + proc.stderr

    pip("install", "-q", f"pip=={OLDEST_PIP}")
    assert f"pip {OLDEST_PIP}" in pip("--version")
    pip("install", "-e", str(ROOT))
    # pip 23.2 still warns that lxml "does not provide the extra 'html_clean'"; the direct declaration installs it
    subprocess.run([str(py), "-c", "import lxml_html_clean, trafilatura"], check=True, timeout=120, env=env)

    proc = subprocess.run([str(venv / "bin" / "aikg"), "ingest", str(EXAMPLES), "--store", "memory"],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "articles read: 8, new: 8, replaced: 0, failed: 0" in proc.stdout
