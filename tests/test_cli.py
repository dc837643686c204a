"""The aikg command, run as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

from .conftest import EXAMPLES, SEED

AIKG = [str(Path(sys.executable).parent / "aikg")]


def run(*args: str, store: Path | str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([*AIKG, *args, "--store", str(store)], capture_output=True, text=True, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"aikg {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
    return proc


def test_ingest_summary_and_failures(tmp_path: Path) -> None:
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_text("", encoding="utf-8")
    (bad / "feed.jsonl").write_text('{"title": "x", "text": "Meta released Llama 3."}\n{broken\n', encoding="utf-8")
    proc = run("ingest", str(bad), str(SEED), store=tmp_path / "s", check=False)
    assert proc.returncode == 1
    assert "articles read: 2, new: 2, replaced: 0, failed: 2" in proc.stdout
    assert "empty.txt: empty file" in proc.stderr
    assert "feed.jsonl:2: malformed JSON line" in proc.stderr
    proc = run("ingest", str(SEED), store=tmp_path / "s")
    assert "new: 0, replaced: 1, failed: 0" in proc.stdout


def test_query_formats(tmp_path: Path) -> None:
    store = tmp_path / "s"
    run("ingest", str(SEED), store=store)
    q = "SELECT ?label WHERE { ?e a aikg:Company ; rdfs:label ?label } ORDER BY ?label"
    table = run("query", q, store=store).stdout
    assert "label" in table.splitlines()[0] and "Meta" in table and "row" in table
    data = json.loads(run("query", q, "--format", "json", store=store).stdout)
    labels = [b["label"]["value"] for b in data["results"]["bindings"]]
    assert "Meta" in labels and "OpenAI" in labels
    rows = list(csv.reader(io.StringIO(run("query", q, "--format", "csv", store=store).stdout)))
    assert rows[0] == ["label"] and ["Meta"] in rows
    tsv = run("query", q, "--format", "tsv", store=store).stdout
    assert tsv.splitlines()[0] == "?label"
    qf = tmp_path / "q.rq"
    qf.write_text("ASK { ?e rdfs:label \"Meta\" }", encoding="utf-8")
    assert run("query", "--file", str(qf), store=store).stdout.strip() == "yes"
    proc = run("query", "SELECT WHERE {", store=store, check=False)
    assert proc.returncode == 1 and "malformed query" in proc.stderr


def test_export_load_roundtrip_and_validate(tmp_path: Path) -> None:
    store = tmp_path / "s"
    run("ingest", str(SEED), store=store)
    for fmt, ext in (("trig", "trig"), ("nquads", "nq"), ("turtle", "ttl"), ("jsonld", "jsonld")):
        out = tmp_path / f"dump.{ext}"
        run("export", "--format", fmt, "-o", str(out), store=store)
        assert out.stat().st_size > 100
        fresh = tmp_path / f"fresh-{fmt}"
        assert "quads added" in run("load", str(out), store=fresh).stdout
    a = run("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv", store=store).stdout
    b = run("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv", store=tmp_path / "fresh-trig").stdout
    assert a == b
    proc = run("validate", store=store)
    assert proc.stdout.startswith("valid")
    stats = json.loads(run("stats", "--json", store=store).stdout)
    assert stats["articles"] == 1 and stats["entities"]["Company"] >= 2


def test_validate_reports_violations(tmp_path: Path) -> None:
    store = tmp_path / "s"
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix aikg: <https://w3id.org/aikg/ontology#> .\n"
        "<https://w3id.org/aikg/id/x> a aikg:Company ; aikg:builds <https://w3id.org/aikg/id/y> .\n"
        "<https://w3id.org/aikg/id/y> a aikg:Person ; <http://www.w3.org/2000/01/rdf-schema#label> \"Y\" .\n",
        encoding="utf-8",
    )
    run("load", str(bad), store=store)
    proc = run("validate", store=store, check=False)
    assert proc.returncode == 1
    assert "rdfs:label" in proc.stdout and "every entity needs a label" in proc.stdout
    assert "builds must point to a Model" in proc.stdout


def test_examples_ingest_and_validate(tmp_path: Path) -> None:
    store = tmp_path / "s"
    proc = run("ingest", str(EXAMPLES), store=store)
    assert "failed: 0" in proc.stdout
    assert run("validate", store=store).stdout.startswith("valid")


def test_serve_logs_every_request_with_its_id(tmp_path: Path) -> None:
    import os

    import httpx

    from .conftest import free_port, wait_http

    port = free_port()
    env = {**os.environ, "AIKG_STORE": str(tmp_path / "store"), "AIKG_LOG_LEVEL": "info"}
    proc = subprocess.Popen([sys.executable, "-m", "aikg.api.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_http(f"http://127.0.0.1:{port}/health", timeout=60)
        assert httpx.get(f"http://127.0.0.1:{port}/health", headers={"X-Request-ID": "probe-4711"}).status_code == 200
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "probe-4711 GET /health 200" in err.decode("utf-8", "replace")


# ---------------------------------------------------------------------------------------------- polish
COMMANDS = ("ingest", "load", "query", "export", "stats", "validate", "serve", "eval", "import-ecosystem", "viz", "analyze")


def test_store_before_or_after_the_command(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    subprocess.run([*AIKG, "--store", str(before), "ingest", str(SEED)], check=True, capture_output=True, timeout=300)
    run("ingest", str(SEED), store=after)
    for store in (before, after):
        first = subprocess.run([*AIKG, "--store", str(store), "stats"], capture_output=True, text=True, timeout=300)
        assert first.returncode == 0 and "articles: 1" in first.stdout, first.stderr
        assert run("stats", store=store).stdout == first.stdout
    # after the command wins over before it
    both = subprocess.run([*AIKG, "--store", str(tmp_path / "empty"), "stats", "--store", str(before)],
                          capture_output=True, text=True, timeout=300)
    assert "articles: 1" in both.stdout


def test_version_and_plain_help() -> None:
    from importlib.metadata import version

    from typer.testing import CliRunner

    from aikg.api.cli import app

    out = subprocess.run([*AIKG, "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == f"aikg {version('aikg')}"
    runner = CliRunner()
    for args in ([], *([c] for c in COMMANDS)):
        text = runner.invoke(app, [*args, "--help"], prog_name="aikg").output
        assert "Usage: aikg" in text, args
        # no type tags (<bool>, <list[Path]>) and no braces around arguments: metavars say what to give
        assert not re.search(r"<[A-Za-z][^>=]*>", text) and "{" not in text and "list[" not in text, (args, text)
    usage = subprocess.run([*AIKG, "ingest", "--help"], capture_output=True, text=True, timeout=60).stdout
    assert "Usage: aikg ingest [OPTIONS] PATH..." in usage and "--store STORE" in usage


def test_a_missing_component_is_one_error_line(tmp_path: Path) -> None:
    """An installation without pyshacl (validate) or lxml_html_clean (HTML pages): one line, no traceback, and an
    ingest still stores every other article."""
    def aikg_without(module: str, *args: str) -> subprocess.CompletedProcess[str]:
        code = (f"import sys; sys.modules[{module!r}] = None; from aikg.api.cli import main; "
                f"sys.argv = ['aikg', *{list(args)!r}]; main()")
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)

    proc = aikg_without("pyshacl", "validate", "--store", "memory")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: a component aikg needs is missing") and "pyshacl" in proc.stderr
    proc = aikg_without("lxml_html_clean", "ingest", str(EXAMPLES), "--store", "memory")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "articles read: 7, new: 7, replaced: 0, failed: 1" in proc.stdout
    failed = [line for line in proc.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1 and "nvidia-partnership.html: cannot read HTML pages" in failed[0]
