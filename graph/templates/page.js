/* kamervragen-kg graph page: legend, filters, search, tooltips and details.
 *
 * Loaded in <head>, after vis-network. pyvis's drawGraph() calls kgPrepare(data) to get the
 * filtered views it draws, and kgWatch(network) right after creating the network; kgInit()
 * runs after drawGraph() and wires up the controls.
 * Every piece of document text reaches the DOM through textContent, never innerHTML. */
(function () {
  "use strict";
  var typeOn = null;  // type -> shown?; null until kgInit (everything shown)
  var state = { line: "", query: "", matches: null };
  var all = [];
  var adjacent = {};
  var visible = null;  // node id -> true; null: everything is visible
  var nodeView = null;
  var edgeView = null;
  var dataNodes = null;
  var dataEdges = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function safeUrl(url) { return /^https?:\/\//i.test(String(url)); }

  // Tooltips: DOM elements built with textContent (vis shows a string title as text only).
  function tooltip(tip) {
    var box = el("div", "kg-tip");
    box.appendChild(el("b", null, tip.heading));
    (tip.lines || []).forEach(function (line) { box.appendChild(el("div", "kg-muted", line)); });
    (tip.links || []).forEach(function (url) { box.appendChild(el("div", "kg-url", url)); });
    if (tip.quote) { box.appendChild(el("blockquote", null, tip.quote)); }
    return box;
  }
  function passes(n) {
    if (typeOn && !typeOn[n.kgType]) { return false; }
    if (state.line && (n.kgLines || []).indexOf(state.line) < 0) { return false; }
    return true;
  }
  function recompute() {
    var base = {};
    all.forEach(function (n) { if (passes(n)) { base[n.id] = true; } });
    if (!state.query) {
      visible = base;
      state.matches = null;
      return;
    }
    var q = state.query.toLocaleLowerCase("nl");
    visible = {};
    state.matches = [];
    all.forEach(function (n) {
      if (base[n.id] && n.kgSearch.indexOf(q) >= 0) {
        state.matches.push(n.id);
        visible[n.id] = true;
        (adjacent[n.id] || []).forEach(function (m) { if (base[m]) { visible[m] = true; } });
      }
    });
  }

  window.kgPrepare = function (data) {
    dataNodes = data.nodes;
    dataEdges = data.edges;
    all = dataNodes.get({ fields: ["id", "kgType", "kgLines", "kgSearch"] });
    dataEdges.forEach(function (e) {
      (adjacent[e.from] = adjacent[e.from] || []).push(e.to);
      (adjacent[e.to] = adjacent[e.to] || []).push(e.from);
    });
    nodeView = new vis.DataView(dataNodes, {
      filter: function (n) { return visible === null || visible[n.id] === true; }
    });
    edgeView = new vis.DataView(dataEdges, {
      filter: function (e) {
        return visible === null || (visible[e.from] === true && visible[e.to] === true);
      }
    });
    return { nodes: nodeView, edges: edgeView };
  };

  window.kgWatch = function (net) {
    net.once("afterDrawing", function () {
      window.kgReadyMs = performance.now();
      window.kgReady = true;
    });
  };

  window.kgInit = function () {
    var cfg = JSON.parse(document.getElementById("kg-config").textContent);
    typeOn = {};
    cfg.types.forEach(function (t) { typeOn[t.type] = true; });

    // Tooltips are made on first hover: DOM built with textContent (a string title would be
    // shown as text too, but pyvis switches to an innerHTML popup when a title has "href").
    network.on("hoverNode", function (params) {
      var n = dataNodes.get(params.node);
      if (n && !n.title) { dataNodes.update({ id: n.id, title: tooltip(n.kgTip) }); }
    });

    var count = document.getElementById("kg-count");
    function showCount() {
      count.textContent = nodeView.length + " van " + all.length + " knopen, " +
        edgeView.length + " van " + dataEdges.length + " relaties zichtbaar";
    }
    function apply() {
      recompute();
      nodeView.refresh();
      edgeView.refresh();
      showCount();
      if (state.matches && state.matches.length) {
        network.selectNodes(state.matches);
        if (state.matches.length <= 60) { network.fit({ nodes: state.matches, animation: false }); }
      } else {
        network.unselectAll();
      }
    }

    // Title, legend (doubles as the type filter), relations, Actielijn filter.
    document.getElementById("kg-title").textContent = cfg.title;
    document.title = cfg.title;
    var types = document.getElementById("kg-types");
    cfg.types.forEach(function (t) {
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute("data-type", t.type);
      box.addEventListener("change", function () { typeOn[t.type] = box.checked; apply(); });
      var swatch = el("span", "kg-swatch", t.symbol);
      swatch.style.color = t.color;
      label.appendChild(box);
      label.appendChild(swatch);
      label.appendChild(el("span", null, t.label));
      label.appendChild(el("span", "kg-n", t.count));
      types.appendChild(label);
    });
    document.getElementById("kg-all").addEventListener("click", function () {
      Array.prototype.forEach.call(types.querySelectorAll("input"), function (box) {
        box.checked = true;
        typeOn[box.getAttribute("data-type")] = true;
      });
      state.line = "";
      state.query = "";
      document.getElementById("kg-line").value = "";
      document.getElementById("kg-search").value = "";
      apply();
      network.fit({ animation: false });
    });
    var rel = document.getElementById("kg-relations");
    cfg.relations.forEach(function (r) {
      var row = el("div");
      var line = el("span", "kg-line");
      line.style.borderColor = r.color;
      row.appendChild(line);
      row.appendChild(el("span", null, r.label));
      rel.appendChild(row);
    });
    var lineSelect = document.getElementById("kg-line");
    cfg.lines.forEach(function (l) {
      var opt = el("option", null, l);
      opt.value = l;
      lineSelect.appendChild(opt);
    });
    if (!cfg.lines.length) { lineSelect.disabled = true; }
    lineSelect.addEventListener("change", function () { state.line = lineSelect.value; apply(); });
    var search = document.getElementById("kg-search");
    var timer = null;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.query = search.value.trim(); apply(); }, 120);
    });

    // Details panel on click: the same facts as the tooltip, with clickable identifier links.
    var details = document.getElementById("kg-details");
    network.on("click", function (params) {
      if (!params.nodes.length) { details.className = ""; return; }
      var n = dataNodes.get(params.nodes[0]);
      var tip = n.kgTip;
      details.textContent = "";
      var close = el("button", "kg-close", "×");
      close.type = "button";
      close.addEventListener("click", function () { details.className = ""; });
      details.appendChild(close);
      details.appendChild(el("h2", null, tip.kind));
      details.appendChild(el("p", null, tip.heading)).style.fontWeight = "bold";
      (tip.lines || []).forEach(function (line) { details.appendChild(el("div", null, line)); });
      (tip.links || []).forEach(function (url) {
        var p = el("div");
        if (safeUrl(url)) {
          var a = el("a", null, url);
          a.href = url;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          p.appendChild(a);
        } else {
          p.textContent = url;
        }
        details.appendChild(p);
      });
      if (tip.quote) { details.appendChild(el("blockquote", null, tip.quote)); }
      details.className = "kg-open";
    });

    window.kgPage = {
      visibleNodeCount: function () { return nodeView.length; },
      visibleEdgeCount: function () { return edgeView.length; },
      nodeCount: function () { return all.length; },
      edgeCount: function () { return dataEdges.length; }
    };
    showCount();
  };
})();
