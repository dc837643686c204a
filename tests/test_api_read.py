"""Every read route of the REST API, success and error cases, over real uvicorn and the on-disk store."""

from __future__ import annotations

import httpx

from aikg.api.app import create_app
from aikg.graph import KnowledgeGraph

from . import test_api_fixtures as fx
from .conftest import EXAMPLES, UvicornServer
from .test_api_fixtures import Served

api = fx.api  # the fixtures
api_rw = fx.api_rw


def test_search_folds_case_punctuation_and_finds_word_prefixes(api: Served) -> None:
    r = api.get("/api/entities", params={"q": "gpt4"})
    assert r.status_code == 200
    assert r.json()["items"][0]["slug"] == "gpt-4"
    assert api.get("/api/entities", params={"q": "zuck"}).json()["items"][0]["label"] == "Mark Zuckerberg"
    assert api.get("/api/entities", params={"q": "OPEN AI"}).json()["items"][0]["slug"] == "openai"  # alias
    assert api.get("/api/entities", params={"q": "llam"}).json()["items"][0]["slug"] == "llama"  # prefix
    assert api.get("/api/entities", params={"q": "facebook"}).json()["items"][0]["slug"] == "meta"  # alias


def test_search_ranks_by_relevance_then_sources_and_pages(api: Served) -> None:
    items = api.get("/api/entities", params={"q": "m"}).json()["items"]
    # names starting with "m": ties on relevance are broken by the number of articles
    assert items[0]["counts"]["articles"] >= items[-1]["counts"]["articles"]
    page = api.get("/api/entities", params={"limit": 2}).json()
    assert page["total"] == 11 and len(page["items"]) == 2 and page["offset"] == 0
    assert page["next"].endswith("offset=2") or "offset=2" in page["next"]
    nxt = api.client.get(page["next"]).json()
    assert nxt["offset"] == 2 and {i["slug"] for i in nxt["items"]}.isdisjoint({i["slug"] for i in page["items"]})
    models = api.get("/api/entities", params={"type": "Model"}).json()["items"]
    assert {m["slug"] for m in models} == {"gpt-4", "llama", "claude"}
    assert api.get("/api/entities", params={"q": "no such thing at all"}).json() == {
        "items": [], "total": 0, "limit": 20, "offset": 0, "next": None}


def test_search_rejects_bad_parameters(api: Served) -> None:
    for params in ({"type": "Planet"}, {"limit": 0}, {"limit": 100000}, {"offset": -1}):
        r = api.get("/api/entities", params=params)
        assert r.status_code == 422, params
        assert r.json()["error"] == "invalid request"


def test_entity_detail(api: Served) -> None:
    d = api.get("/api/entities/gpt-4").json()
    assert d["label"] == "GPT-4" and d["type"] == "Model" and d["aliases"] == ["GPT4"]
    assert d["same_as"] == ["http://www.wikidata.org/entity/Q116759429"]
    groups = {(g["predicate"], g["direction"]): g for g in d["relations"]}
    builds = groups[("builds", "in")]["relations"][0]
    assert builds["entity"]["slug"] == "openai" and builds["source_count"] == 2
    assert [s["date"] for s in builds["sources"]] == ["2024-05-10", "2024-03-01"]  # newest first
    assert builds["sources"][0]["evidence"] == "OpenAI builds GPT-4." and builds["sources"][0]["confidence"] == 0.9
    assert builds["sources"][0]["title"] == "OpenAI and Microsoft" and builds["sources"][0]["url"] == "https://example.com/openai"
    assert groups[("uses", "in")]["relations"][0]["entity"]["slug"] == "metamate"
    assert [q["speaker"]["slug"] for q in d["quotes_about"]] == ["sam-altman"]
    assert d["counts"] == {"articles": 2, "relations": 2, "quotes": 0}
    assert [a["date"] for a in d["articles"]] == ["2024-05-10", "2024-03-01"]
    meta = api.get("/api/entities/meta").json()
    assert {(g["predicate"], g["direction"]) for g in meta["relations"]} == {("builds", "out"), ("develops", "out")}
    zuck = api.get("/api/entities/mark-zuckerberg").json()
    assert zuck["job_titles"] == ["CEO"] and zuck["quotes_by"][0]["text"].startswith("Llama is the future")
    assert {a["slug"] for a in zuck["quotes_by"][0]["about"]} == {"llama", "meta"}


def test_unknown_entity_is_404_with_suggestions(api: Served) -> None:
    r = api.get("/api/entities/gtp-4")
    assert r.status_code == 404
    body = r.json()
    assert body["error"] == "not found" and body["detail"]["suggestions"][0]["slug"] == "gpt-4"
    assert api.get("/api/entities/openia/relations").json()["detail"]["suggestions"][0]["slug"] == "openai"


def test_relations_filters(api: Served) -> None:
    page = api.get("/api/entities/openai/relations").json()
    assert {(r["predicate"], r["direction"]) for r in page["items"]} == {
        ("builds", "out"), ("investsIn", "in"), ("partnersWith", "in")}
    only = api.get("/api/entities/openai/relations", params={"predicate": "builds", "direction": "out"}).json()
    assert only["total"] == 1 and only["items"][0]["entity"]["slug"] == "gpt-4"
    assert len(only["items"][0]["sources"]) == 2
    assert api.get("/api/entities/openai/relations", params={"direction": "in", "predicate": "builds"}).json()["total"] == 0
    assert api.get("/api/entities/openai/relations", params={"predicate": "likes"}).status_code == 422
    assert api.get("/api/entities/openai/relations", params={"direction": "up"}).status_code == 422


def test_quotes(api: Served) -> None:
    all_q = api.get("/api/quotes").json()
    assert all_q["total"] == 3
    assert [q["date"] for q in all_q["items"]] == ["2024-05-10", "2024-03-01", None]
    local = all_q["items"][2]
    assert local["speaker"]["label"] == "a spokesperson" and local["about"][0]["slug"] == "claude"
    # an unnamed speaker has no page of its own: no slug, its IRI inside the article names it
    assert local["speaker"]["slug"] is None and local["speaker"]["iri"].startswith("https://w3id.org/aikg/article/")
    assert api.get("/api/quotes", params={"about": "llama"}).json()["total"] == 1
    assert api.get("/api/quotes", params={"about": "Meta"}).json()["total"] == 1  # a name works too
    assert api.get("/api/quotes", params={"speaker": "sam-altman"}).json()["items"][0]["about"][0]["slug"] == "gpt-4"
    assert api.get("/api/quotes", params={"speaker": "sam-altman", "about": "llama"}).json()["total"] == 0
    assert api.get("/api/quotes", params={"since": "2024-04-01"}).json()["total"] == 1
    assert api.get("/api/quotes", params={"until": "2024-04-01"}).json()["total"] == 1
    assert api.get("/api/quotes", params={"speaker": "nobody"}).json()["total"] == 0
    assert api.get("/api/quotes", params={"since": "yesterday"}).status_code == 422


def test_articles(api: Served) -> None:
    page = api.get("/api/articles").json()
    assert [a["title"] for a in page["items"]] == ["OpenAI and Microsoft", "Meta's Metamate runs on GPT-4", "Anthropic's Claude"]
    first = page["items"][0]
    assert first["counts"] == {"facts": 3, "quotes": 1, "entities": 4}
    assert first["publisher"] == "Verdict" and first["author"] == "Jane Doe" and first["ingested"]
    assert api.get("/api/articles", params={"publisher": "techeu"}).json()["total"] == 2
    assert api.get("/api/articles", params={"since": "2024-04-01"}).json()["total"] == 1
    assert api.get("/api/articles", params={"until": "2024-04-01", "since": "2024-01-01"}).json()["total"] == 1
    assert api.get("/api/articles", params={"limit": 1, "offset": 1}).json()["items"][0]["publisher"] == "TechEU"
    assert api.get("/api/articles", params={"until": "not-a-date"}).status_code == 422


def test_article_detail(api: Served) -> None:
    art = api.articles[0]
    d = api.get(f"/api/articles/{art.id}").json()
    assert d["id"] == art.id and d["text"] == art.text and d["date"] == "2024-03-01"
    assert {(f["subject"]["slug"], f["predicate"], f["object"]["slug"]) for f in d["facts"]} == {
        ("meta", "develops", "metamate"), ("metamate", "uses", "gpt-4"), ("openai", "builds", "gpt-4"), ("meta", "builds", "llama")}
    for f in d["facts"]:
        assert art.text[f["char_start"] : f["char_end"]] == f["evidence"]
    q = d["quotes"][0]
    assert art.text[q["char_start"] : q["char_end"]] == q["text"] and q["speaker"]["slug"] == "mark-zuckerberg"
    assert api.get("/api/articles/0000000000000000").status_code == 404
    assert api.get("/api/articles/bad%20id%3C%3E").json()["error"] == "not found"


def test_graph(api: Served) -> None:
    g = api.get("/api/graph", params={"focus": "meta", "hops": 1}).json()
    assert {n["id"] for n in g["nodes"]} == {"meta", "llama", "metamate"}
    assert {(e["source"], e["predicate"], e["target"]) for e in g["edges"]} == {("meta", "builds", "llama"), ("meta", "develops", "metamate")}
    two = api.get("/api/graph", params={"focus": "meta", "hops": 2}).json()
    assert "gpt-4" in {n["id"] for n in two["nodes"]}
    only = api.get("/api/graph", params=[("focus", "openai"), ("hops", "1"), ("predicates", "builds")]).json()
    assert {e["predicate"] for e in only["edges"]} == {"builds"}
    whole = api.get("/api/graph", params={"limit": 3}).json()
    assert len(whole["nodes"]) == 3 and whole["truncated"] > 0 and whole["focus"] is None
    assert api.get("/api/graph", params={"focus": "nobody"}).status_code == 404
    assert api.get("/api/graph", params={"hops": 9}).status_code == 422
    assert api.get("/api/graph", params={"predicates": "likes"}).status_code == 422


def test_paths(api: Served) -> None:
    p = api.get("/api/paths", params={"from": "llama", "to": "gpt-4"}).json()
    steps = p["paths"][0]["steps"]
    assert [(s["source"]["slug"], s["predicate"], s["target"]["slug"], s["direction"]) for s in steps] == [
        ("llama", "builds", "meta", "backward"), ("meta", "develops", "metamate", "forward"), ("metamate", "uses", "gpt-4", "forward")]
    assert steps[0]["sources"][0]["evidence"] == "Meta builds Llama."
    assert api.get("/api/paths", params={"from": "llama", "to": "gpt-4", "max_hops": 2}).json()["paths"] == []
    assert api.get("/api/paths", params={"from": "llama", "to": "claude"}).json()["paths"] == []
    r = api.get("/api/paths", params={"from": "lama", "to": "gpt-4"})
    assert r.status_code == 404 and r.json()["detail"]["suggestions"][0]["slug"] == "llama"
    assert api.get("/api/paths", params={"from": "llama"}).status_code == 422


def test_stats(api: Served) -> None:
    s = api.get("/api/stats").json()
    assert s["articles"] == 3 and s["quotes"] == 3 and s["quads"] > 100
    assert s["entities"]["Company"] == 4 and s["entities_total"] == 12
    assert s["facts"]["builds"] == 3 and s["facts_total"] == 8  # OpenAI builds GPT-4 twice: one fact ...
    assert s["fact_mentions"]["builds"] == 4 and s["fact_mentions_total"] == 9  # ... and two mentions
    assert s["last_ingest"]


def test_health_and_ready(api: Served) -> None:
    assert api.get("/health").json() == {"status": "ok"}
    assert api.get("/ready").json()["status"] == "ready"


def test_anonymous_speakers_have_no_iri_slug() -> None:
    """An unnamed speaker ("a Meta employee", in the seed article) is local to its article: in /api/quotes its
    slug is null (its IRI names it), in /api/graph its node id is `<article id>#<name>`, never a full IRI."""
    kg = KnowledgeGraph.open("memory")
    assert kg.ingest([EXAMPLES]).ok
    with UvicornServer(create_app(kg=kg)) as srv, httpx.Client(base_url=srv.url, timeout=30) as c:
        quotes = c.get("/api/quotes", params={"limit": 100}).json()["items"]
        anonymous = [q["speaker"] for q in quotes if q["speaker"] and q["speaker"]["label"] == "a Meta employee"]
        assert anonymous and all(s["slug"] is None and "#" in s["iri"] for s in anonymous)
        assert all("://" not in (q["speaker"] or {}).get("slug", "") for q in quotes if q["speaker"] and q["speaker"]["slug"])
        graph = c.get("/api/graph", params={"limit": 500}).json()
        ids = {n["id"] for n in graph["nodes"]}
        assert not [i for i in ids if "://" in i]
        local = [n for n in graph["nodes"] if n["label"] == "a Meta employee"]
        assert local and local[0]["id"] == local[0]["iri"].rsplit("/", 1)[-1]
        assert {e["source"] for e in graph["edges"]} | {e["target"] for e in graph["edges"]} <= ids
        article = anonymous[0]["iri"].split("#")[0].rsplit("/", 1)[-1]
        page = c.get(f"/article/{article}", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "a Meta employee" in page.text and "/id/https" not in page.text
    kg.close()


def test_entity_groups_page_by_cursor(api_rw: Served) -> None:
    """`relations=1` shows one relation per group; a group's `next` cursor pages through the rest on
    /relations, whose `next` URL carries the following cursor; a forged cursor is a 400."""
    api = api_rw
    text = "Microsoft invested in OpenAI. Amazon invested in OpenAI. Nvidia invested in OpenAI. SoftBank invested in OpenAI."
    r = api.client.post("/api/articles", json={"title": "Rounds", "text": text}, headers={"Authorization": f"Bearer {fx.TOKEN}"})
    assert r.status_code == 201, r.text
    slug = "openai"
    full = api.get(f"/api/entities/{slug}", params={"relations": 100}).json()
    one = api.get(f"/api/entities/{slug}", params={"relations": 1, "sources": 1}).json()
    assert [(g["predicate"], g["direction"], g["count"]) for g in one["relations"]] == [
        (g["predicate"], g["direction"], g["count"]) for g in full["relations"]]
    assert all(len(g["relations"]) == 1 and len(g["relations"][0]["sources"]) <= 1 for g in one["relations"])
    group = next(g for g in one["relations"] if g["count"] > 1)
    seen = [group["relations"][0]["entity"]["slug"]]
    url: str | None = f"/api/entities/{slug}/relations?predicate={group['predicate']}&direction={group['direction']}&limit=1&cursor={group['next']}"
    while url:
        page = api.get(url).json()
        seen += [r["entity"]["slug"] for r in page["items"]]
        url = page["next"]
    whole = next(g for g in full["relations"] if (g["predicate"], g["direction"]) == (group["predicate"], group["direction"]))
    assert seen == [r["entity"]["slug"] for r in whole["relations"]]
    r = api.get("/api/entities/openai/relations", params={"cursor": "not-a-cursor"})
    assert r.status_code == 400 and r.json()["error"] == "bad request"
