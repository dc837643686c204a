"""The ``aikg`` command beside a running server: when ``aikg serve`` holds an embedded store, the command
on the same folder works through it (``api/store_folder.py`` finds the server).

:class:`ServerClient` offers the writes the command makes with the same signatures and reports as
``KnowledgeGraph`` (``ingest``, ``load``, ``import_ecosystem``): inputs are read here, as a local run reads
them, and sent to the server's bulk routes (``api/routes/bulk.py``) with the write token (``AIKG_WRITE_TOKEN``,
else the ``write-token`` file ``aikg serve --enable-writes`` keeps in the store folder). Reads open a
snapshot the server makes (:meth:`ServerClient.snapshot`), so every read command gives exactly what it
gives on a store of its own.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from aikg.graph import KnowledgeGraph, Settings, StoreError
from aikg.graph.articles import ReadError, article_as_dict, read_paths
from aikg.graph.ingest import IngestReport
from aikg.graph.sources.mapping import ImportSummary, SourceError
from aikg.graph.store import RDF_FORMATS, OxigraphStore

from .store_folder import ServerRecord, read_token, store_folder

__all__ = ["ServerClient", "BATCH_ARTICLES", "BATCH_BYTES"]

#: Most articles, and about the most bytes of text, in one request of an ingest.
BATCH_ARTICLES, BATCH_BYTES = 64, 2_000_000
_EXTENSIONS = {"trig": "trig", "nq": "nquads", "nquads": "nquads", "ttl": "turtle", "turtle": "turtle", "nt": "ntriples",
               "ntriples": "ntriples", "jsonld": "jsonld", "json": "jsonld", "rdf": "rdfxml", "xml": "rdfxml", "owl": "rdfxml"}


class ServerClient:
    """Writes and reads of one store through the server ``record`` names."""

    def __init__(self, record: ServerRecord, settings: Settings | None = None, timeout: float = 600.0) -> None:
        self.record = record
        self.settings = settings or Settings()
        folder = store_folder(record.store)
        self.token = self.settings.write_token or (read_token(folder) if folder else None)
        self.http = httpx.Client(base_url=record.url, timeout=timeout)

    def close(self) -> None:
        self.http.close()

    # ------------------------------------------------------------------ plumbing
    def _post(self, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            r = self.http.post(path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise StoreError(f"the server at {self.record.url} (holding {self.record.store}) did not answer: {exc}") from exc
        if r.status_code in (401, 403):
            raise StoreError(
                f"the server at {self.record.url} holds {self.record.store} and refused the write ({_detail(r)}); "
                "restart it with `aikg serve --enable-writes` (or give both the same AIKG_WRITE_TOKEN), or stop it"
            )
        if r.status_code >= 400:
            raise StoreError(f"the server at {self.record.url} refused it: {r.status_code} {_detail(r)}")
        return r.json()

    # ------------------------------------------------------------------ writes
    def ingest(
        self, paths: Iterable[str | Path], progress: Callable[[int], None] | None = None, keep_results: bool = False
    ) -> IngestReport:
        """``KnowledgeGraph.ingest`` through the server: the files are read here, the articles sent in batches;
        web pages (http(s) URLs) are fetched by the server (``POST /api/articles`` with the url), which fetches
        only hosts in its ``AIKG_FETCH_ALLOW_HOSTS``: any other is reported as failed, with its reason."""
        from aikg.graph.feeds.watch import is_url

        paths = list(paths)
        urls = [str(p) for p in paths if isinstance(p, str) and is_url(p)]
        paths = [p for p in paths if not (isinstance(p, str) and is_url(p))]
        report = IngestReport()
        start = time.perf_counter()
        batch: list[dict[str, Any]] = []
        size = 0

        def send(last: bool) -> None:
            nonlocal batch, size
            part = self._post("/api/ingest", json={"articles": batch, "count_store": last})
            report.add(IngestReport(part["read"], part["new"], part["replaced"], part["failed"], part["quads_written"],
                                      errors=part["errors"], warnings=part["warnings"], store_quads=part.get("store_quads")))
            if progress:
                progress(len(batch))
            batch, size = [], 0

        for item in read_paths(paths, self.settings.max_article_bytes):
            if isinstance(item, ReadError):
                report.fail(str(item))
                if progress:
                    progress(1)
                continue
            n = len(item.text.encode("utf-8", "replace"))
            if batch and (len(batch) >= BATCH_ARTICLES or size + n > BATCH_BYTES):
                send(False)
            batch.append(article_as_dict(item))
            size += n
        for url in urls:
            self._ingest_url(url, report)
            if progress:
                progress(1)
        send(True)
        report.seconds = time.perf_counter() - start
        return report

    def _ingest_url(self, url: str, report: IngestReport) -> None:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            r = self.http.post("/api/articles", json={"url": url}, headers=headers)
        except httpx.HTTPError as exc:
            raise StoreError(f"the server at {self.record.url} (holding {self.record.store}) did not answer: {exc}") from exc
        if r.status_code in (200, 201):
            body = r.json()
            report.read += 1
            report.new += r.status_code == 201
            report.replaced += r.status_code == 200
            report.triples += int(body.get("triples", 0))
            report.warnings += [f"{url}: {w}" for w in body.get("warnings", [])]
        elif r.status_code == 401 or (r.status_code == 403 and "AIKG_WRITE_TOKEN" in _detail(r)):
            self._post("/api/articles", json={"url": url})  # raises the refused-write error
        else:
            report.fail(f"{url}: {_detail(r)} (the server holding the store fetched it: stop it to fetch from here)")

    def load(self, files: Sequence[str | Path], fmt: str | None = None) -> int:
        """``KnowledgeGraph.load`` through the server: each file is sent as it is."""
        added = 0
        for f in files:
            name = fmt or _EXTENSIONS.get(Path(f).suffix.lstrip(".").lower())
            if name not in RDF_FORMATS:
                raise StoreError(f"{f}: unknown RDF format (use --format)")
            with open(f, "rb") as fh:
                try:
                    added += int(self._post("/api/load", params={"format": name}, content=fh)["quads_added"])
                except StoreError as exc:
                    raise StoreError(f"{f}: {exc}") from exc
        return added

    def import_ecosystem(self, path: str | Path) -> ImportSummary:
        """``KnowledgeGraph.import_ecosystem`` through the server: the ``assets/*.yaml`` files are sent with
        the copy's version and date."""
        from aikg.graph.sources.ecosystem import read_assets, source_metadata

        read_assets(path)  # the same SourceError for an unusable folder as a local import
        folder = Path(path)
        assets = folder / "assets" if (folder / "assets").is_dir() else folder
        files = sorted([*assets.glob("*.yaml"), *assets.glob("*.yml")])
        meta = {k: v for k, v in source_metadata(folder).items() if k in ("version", "date", "location")}
        parts = [("assets", (f.name, f.read_bytes(), "application/yaml")) for f in files]
        try:
            data = self._post("/api/import/ecosystem", files=parts, data={"metadata": json.dumps(meta)})
        except StoreError as exc:
            raise SourceError(str(exc)) from exc
        return ImportSummary.from_dict(data)

    # ------------------------------------------------------------------ reads
    @contextmanager
    def snapshot(self) -> Iterator[KnowledgeGraph]:
        """The graph as it is now, read-only: a snapshot the server makes, deleted afterwards."""
        try:
            r = self.http.post("/api/snapshots", headers={"X-AIKG-Store-Key": self.record.key}, timeout=120)
        except httpx.HTTPError as exc:
            raise StoreError(f"the server at {self.record.url} (holding {self.record.store}) did not answer: {exc}") from exc
        if r.status_code != 200:
            raise StoreError(f"the server at {self.record.url} made no snapshot: {r.status_code} {_detail(r)}")
        path = Path(r.json()["path"])
        try:
            kg = KnowledgeGraph(OxigraphStore.open_read_only(path), self.settings)
            with kg:
                yield kg
        finally:
            shutil.rmtree(path, ignore_errors=True)


def _detail(r: httpx.Response) -> str:
    try:
        body = r.json()
        return str(body.get("detail") or body.get("error") or body)
    except ValueError:
        return r.text[:200]
