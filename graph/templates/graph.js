(function () {
  "use strict";
  performance.mark("aikg-start");
  var D = JSON.parse(document.getElementById("aikg-data").textContent);
  var C = JSON.parse(document.getElementById("aikg-config").textContent);
  var styleOf = {};
  D.types.forEach(function (t) { styleOf[t.name] = t; });
  var raw = {};
  var groups = {};
  D.types.forEach(function (t) {
    groups[t.name] = {shape: t.shape, color: {background: t.color, border: "#2b2b2b",
                      highlight: {background: t.color, border: "#000000"}, hover: {background: t.color, border: "#000000"}}};
  });
  var nodes = new vis.DataSet(D.nodes.map(function (n) {
    raw[n.id] = n;
    var item = {id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, group: n.type};
    if (n.id === D.focus) { item.borderWidth = 4; item.font = {size: 18}; }
    return item;
  }));
  var rawEdges = {};
  var edges = new vis.DataSet(D.edges.map(function (e) {
    rawEdges[e.id] = e;
    var item = {id: e.id, from: e.from, to: e.to, label: e.predicate};
    if (e.symmetric) item.arrows = "to;from";
    if (e.nth && !C.fastEdges) item.smooth = {enabled: true, type: "curvedCW", roundness: 0.15 * e.nth};
    if (e.confidence < 0.999) item.width = 1 + 2 * e.confidence;
    return item;
  }));

  var state = {types: null, preds: null, since: "", until: "", minConf: 0, centre: null, centreSet: null};
  function allOf(name) {
    return new Set(Array.prototype.map.call(document.querySelectorAll("input[name=" + name + "]:checked"),
                                            function (i) { return i.value; }));
  }
  function edgeFilterActive() {
    return state.preds !== null || state.since || state.until || state.minConf > 0;
  }
  function edgePasses(e) {
    if (state.preds && !state.preds.has(e.predicate)) return false;
    if (e.confidence < state.minConf) return false;
    if (state.since || state.until) {
      if (!e.dates.some(function (d) { return (!state.since || d >= state.since) && (!state.until || d <= state.until); })) return false;
    }
    return true;
  }
  function typeOk(id) {
    var n = raw[id];
    if (!n) return false;
    if (state.centreSet && !state.centreSet.has(id)) return false;
    return !state.types || state.types.has(n.type);
  }
  var visibleNodes = null;
  var visibleEdges = null;
  function compute() {
    var touched = new Set();
    visibleEdges = new Set();
    D.edges.forEach(function (e) {
      if (edgePasses(e) && typeOk(e.from) && typeOk(e.to)) {
        visibleEdges.add(e.id); touched.add(e.from); touched.add(e.to);
      }
    });
    var strict = edgeFilterActive();
    visibleNodes = new Set();
    D.nodes.forEach(function (n) {
      if (typeOk(n.id) && (!strict || touched.has(n.id) || n.id === D.focus || n.id === state.centre)) visibleNodes.add(n.id);
    });
  }
  compute();
  var nodesView = new vis.DataView(nodes, {filter: function (n) { return visibleNodes.has(n.id); }});
  var edgesView = new vis.DataView(edges, {filter: function (e) { return visibleEdges.has(e.id); }});

  var options = {
    autoResize: true,
    groups: groups,
    layout: {improvedLayout: false, randomSeed: 7},
    physics: C.physics ? {enabled: true, solver: "barnesHut",
                          barnesHut: {gravitationalConstant: -3000, springLength: 120, avoidOverlap: 0.2},
                          stabilization: {enabled: true, iterations: 150, updateInterval: 50, fit: true}}
                       : {enabled: false},
    nodes: {font: {size: 13, color: "#1d2330", strokeWidth: 3, strokeColor: "#ffffff"}},
    edges: {color: {color: "#9aa3b2", highlight: "#2459a6", hover: "#2459a6"}, arrows: "to", width: 3,
            smooth: C.fastEdges ? false : {enabled: false},
            font: {size: 10, color: "#4a5363", strokeWidth: 3, strokeColor: "#ffffff", align: "middle"},
            selectionWidth: 2, hoverWidth: 1.5},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: C.fastEdges, hideEdgesOnZoom: C.fastEdges,
                  navigationButtons: false, keyboard: {enabled: true, bindToWindow: false}, multiselect: false}
  };
  var container = document.getElementById("canvas");
  performance.mark("aikg-data");
  var network = new vis.Network(container, {nodes: nodesView, edges: edgesView}, options);
  performance.mark("aikg-network");
  if (C.physics) {
    network.once("stabilizationIterationsDone", function () { network.setOptions({physics: {enabled: false}}); });
  }
  network.once("afterDrawing", function () {
    performance.mark("aikg-drawn");
    window.aikgReady = performance.now();
    document.body.setAttribute("data-ready", "1");
  });

  // ---------------------------------------------------------------- hover cards (text only)
  var tip = document.getElementById("tip");
  function line(cls, text, tag) {
    var el = document.createElement(tag || "div");
    if (cls) el.className = cls;
    el.textContent = text;
    tip.appendChild(el);
    return el;
  }
  function clearTip() { while (tip.firstChild) tip.removeChild(tip.firstChild); }
  function placeTip(pointer) {
    var r = container.getBoundingClientRect();
    var x = r.left + pointer.x + 14, y = r.top + pointer.y + 14;
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 4) x = Math.max(4, window.innerWidth - w - 4);
    if (y + h > window.innerHeight - 4) y = Math.max(4, r.top + pointer.y - h - 10);
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function nodeCard(id) {
    var n = raw[id];
    clearTip();
    line("t", n.label);
    line("m", n.type);
    if (n.aliases.length) line("", "Also: " + n.aliases.join(", "));
    line("m", n.mentions + " article" + (n.mentions === 1 ? "" : "s") + " · " + n.out + " outgoing, " + n.in + " incoming relations");
  }
  function edgeCard(id) {
    var e = rawEdges[id];
    clearTip();
    var a = raw[e.from], b = raw[e.to];
    line("t", (a ? a.label : e.from) + " " + e.predicate + " " + (b ? b.label : e.to));
    line("m", "confidence " + e.confidence.toFixed(2) + " · " + e.n + " source" + (e.n === 1 ? "" : "s"));
    e.sources.forEach(function (s) {
      if (s.evidence) line("", "\u201c" + s.evidence + "\u201d", "blockquote");
      line("m", (s.title || "untitled article") + (s.date ? " \u2014 " + s.date : "") +
                (s.confidence != null ? " \u00b7 " + Number(s.confidence).toFixed(2) : ""));
    });
    if (e.n > e.sources.length) line("m", "and " + (e.n - e.sources.length) + " more");
  }
  network.on("hoverNode", function (p) { nodeCard(p.node); placeTip(p.pointer.DOM); });
  network.on("hoverEdge", function (p) { edgeCard(p.edge); placeTip(p.pointer.DOM); });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("blurEdge", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });
  network.on("zoom", function () { tip.hidden = true; });

  // ---------------------------------------------------------------- navigation
  function entityUrl(id) {
    var n = raw[id];
    return n && n.link !== null ? C.linkBase + "/id/" + encodeURIComponent(n.link) : null;
  }
  function centreUrl(id) {
    var n = raw[id];
    if (!C.graphPath || !n || n.link === null) return null;
    return C.graphPath + "?focus=" + encodeURIComponent(n.link) + "&hops=" + encodeURIComponent(C.hops);
  }
  function go(url) { if (url) { if (C.compact) window.top.location.href = url; else window.location.href = url; } }
  function recentre(id) {
    var url = centreUrl(id);
    if (url) { go(url); return; }
    // standalone page: keep the nodes within C.hops of id
    var keep = new Set([id]), frontier = [id];
    for (var h = 0; h < C.hops; h++) {
      var next = [];
      D.edges.forEach(function (e) {
        if (frontier.indexOf(e.from) >= 0 && !keep.has(e.to)) { keep.add(e.to); next.push(e.to); }
        if (frontier.indexOf(e.to) >= 0 && !keep.has(e.from)) { keep.add(e.from); next.push(e.from); }
      });
      frontier = next;
    }
    state.centre = id; state.centreSet = keep;
    apply();
    network.fit({nodes: Array.from(visibleNodes), animation: false});
  }
  var clickTimer = null;
  network.on("click", function (p) {
    if (!p.nodes.length) return;
    var id = p.nodes[0];
    select(id);
    clearTimeout(clickTimer);
    clickTimer = setTimeout(function () { go(entityUrl(id)); }, 280);
  });
  network.on("doubleClick", function (p) {
    clearTimeout(clickTimer);
    if (p.nodes.length) recentre(p.nodes[0]);
  });

  // ---------------------------------------------------------------- selection panel
  var selBox = document.getElementById("selection");
  function select(id) {
    if (!selBox) return;
    var n = raw[id];
    selBox.hidden = false;
    document.getElementById("sel-label").textContent = n.label;
    document.getElementById("sel-meta").textContent = n.type + " \u00b7 " + n.mentions + " articles \u00b7 " + (n.in + n.out) + " relations";
    var open = document.getElementById("sel-open"), centre = document.getElementById("sel-centre");
    var u = entityUrl(id);
    open.hidden = !u; if (u) open.href = u;
    var c = centreUrl(id);
    centre.href = c || "#";
    centre.onclick = c ? null : function (ev) { ev.preventDefault(); recentre(id); };
  }

  // ---------------------------------------------------------------- filters
  var filterBox = document.getElementById("filters");
  if (filterBox && window.matchMedia && window.matchMedia("(max-width: 700px)").matches) filterBox.open = false;
  var status = document.getElementById("visible");
  function apply() {
    compute();
    nodesView.refresh();
    edgesView.refresh();
    if (status) status.textContent = "Showing " + visibleNodes.size + " of " + D.nodes.length + " entities, " +
                                     visibleEdges.size + " of " + D.edges.length + " relations.";
  }
  function readFilters() {
    var t = allOf("type"), p = allOf("predicate");
    state.types = t.size === D.types.length ? null : t;
    state.preds = p.size === D.predicates.length ? null : p;
    var s = document.getElementById("since"), u = document.getElementById("until"), m = document.getElementById("minconf");
    state.since = s ? s.value : ""; state.until = u ? u.value : "";
    state.minConf = m ? parseFloat(m.value) || 0 : 0;
    var out = document.getElementById("minconf-out");
    if (out) out.textContent = state.minConf.toFixed(2);
    apply();
  }
  ["f-types", "f-predicates", "f-dates", "f-confidence"].forEach(function (fid) {
    var f = document.getElementById(fid);
    if (f) { f.addEventListener("change", readFilters); f.addEventListener("input", readFilters); }
  });
  var reset = document.getElementById("reset");
  if (reset) reset.addEventListener("click", function () {
    document.querySelectorAll("aside.panel input[type=checkbox]").forEach(function (i) { i.checked = true; });
    ["since", "until"].forEach(function (i) { document.getElementById(i).value = ""; });
    document.getElementById("minconf").value = "0";
    state.centre = null; state.centreSet = null;
    readFilters();
  });

  // ---------------------------------------------------------------- search
  var names = document.getElementById("names");
  if (names) {
    var seen = new Set();
    D.nodes.slice().sort(function (a, b) { return b.rank - a.rank; }).forEach(function (n) {
      if (seen.has(n.label)) return;
      seen.add(n.label);
      var o = document.createElement("option");
      o.value = n.label;
      names.appendChild(o);
    });
  }
  function find(q) {
    q = (q || "").trim().toLowerCase();
    if (!q) return null;
    var best = null, bestScore = 0;
    D.nodes.forEach(function (n) {
      var score = 0;
      [n.label].concat(n.aliases).forEach(function (name, i) {
        var s = name.toLowerCase();
        var v = s === q ? 4 : s.indexOf(q) === 0 ? 3 : s.indexOf(q) >= 0 ? 2 : 0;
        if (v && i > 0) v -= 0.5;
        if (v > score) score = v;
      });
      if (n.id.toLowerCase() === q) score = Math.max(score, 4);
      if (score && visibleNodes.has(n.id)) score += 0.25;
      if (score > bestScore || (score === bestScore && score && n.rank > best.rank)) { best = n; bestScore = score; }
    });
    return best;
  }
  function focusNode(q) {
    var n = find(q);
    var msg = document.getElementById("search-status");
    if (!n) { if (msg) msg.textContent = "No entity matches \u201c" + q + "\u201d."; return null; }
    if (!visibleNodes.has(n.id)) { if (msg) msg.textContent = n.label + " is hidden by the filters."; return null; }
    network.selectNodes([n.id]);
    network.focus(n.id, {scale: 1.4, animation: false});
    select(n.id);
    if (msg) msg.textContent = "Found " + n.label + " (" + n.type + ").";
    window.aikg.focused = n.id;
    return n.id;
  }
  var form = document.getElementById("search");
  if (form) form.addEventListener("submit", function (ev) { ev.preventDefault(); focusNode(document.getElementById("q").value); });

  if (D.focus && raw[D.focus] && !C.physics) network.once("afterDrawing", function () { network.selectNodes([D.focus]); });
  apply();
  window.aikg = {network: network, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
                 focusNode: focusNode, apply: readFilters, recentre: recentre, focused: null,
                 visibleCount: function () { return nodesView.length; }};
})();
