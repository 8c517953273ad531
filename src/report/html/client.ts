// The report page's script (inlined into the HTML; plain browser JavaScript in a string so that tsc ships it with the
// code). It lays the graph out with dagre (inlined beside it), draws SVG through the DOM API only (textContent, never
// innerHTML: names from the dump are never parsed as markup), and wires search, collapse/expand and the table.
// Lazy rendering: only expanded listeners are laid out, each node shows at most CHILD_LIMIT children (plus those on
// the way to a finding or a searched node) behind a "+N more" node, and the drawing stops at MAX_VISIBLE nodes.
// Keep it free of backquotes and dollar-brace sequences (it lives in a template string).

export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var CHILD_LIMIT = 25;
  var MORE_STEP = 100;
  var MAX_VISIBLE = 1500;
  var SMALL_GRAPH = 400;
  var MIN_FIT_ZOOM = 0.75;
  var MAX_COLLAPSED_ROOTS = 40;
  var MAX_LABEL = 60;
  var MAX_DETAIL = 44;
  var SVG = 'http://www.w3.org/2000/svg';
  var KIND_TITLE = { listener: 'listener', filter_chain: 'filter chain', route_config: 'route config', virtual_host: 'virtual host', cluster: 'cluster', endpoints: 'endpoints', missing: 'missing' };

  var data = JSON.parse(document.getElementById('envoy-lint-data').textContent);
  var nodes = data.nodes, edges = data.edges, groups = data.groups, findings = data.findings;
  var byId = new Map();
  nodes.forEach(function (n) { byId.set(n.id, n); });
  var outEdges = new Map(), inEdges = new Map();
  function push(map, key, value) { var l = map.get(key); if (l) l.push(value); else map.set(key, [value]); }
  edges.forEach(function (e) { push(outEdges, e.from, e); push(inEdges, e.to, e); });
  var groupById = new Map(), groupOfRoot = new Map();
  groups.forEach(function (g) { groupById.set(g.id, g); g.roots.forEach(function (r) { if (!groupOfRoot.has(r)) groupOfRoot.set(r, g); }); });
  var UNATTACHED = 'unattached';

  var state = { expanded: new Set(), limit: new Map(), pinned: new Set(), selected: null, focused: null, zoom: 1, query: '', fitted: false };
  if (nodes.length <= SMALL_GRAPH) groups.forEach(function (g) { state.expanded.add(g.id); });
  else groups.filter(function (g) { return g.severity === 'error' || g.severity === 'warning'; }).slice(0, 3).forEach(function (g) { state.expanded.add(g.id); });
  nodes.forEach(function (n) { if (n.severity === 'error' || n.severity === 'warning') state.pinned.add(n.id); });

  var $ = function (id) { return document.getElementById(id); };
  var svg = $('graph'), viewport = $('viewport'), statusEl = $('graph-status'), details = $('details');
  var measureCtx = document.createElement('canvas').getContext('2d');
  var FONTS = { title: '600 9.5px system-ui, "Liberation Sans", "DejaVu Sans", sans-serif', name: '600 12px system-ui, "Liberation Sans", "DejaVu Sans", sans-serif', detail: '11px system-ui, "Liberation Sans", "DejaVu Sans", sans-serif' };
  function textWidth(text, font) { measureCtx.font = font; return measureCtx.measureText(text).width; }
  function clip(s, max) { return s.length <= max ? s : s.slice(0, max - 1) + '\u2026'; }
  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    if (attrs) Object.keys(attrs).forEach(function (k) { if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, String(attrs[k])); });
    if (parent) parent.appendChild(e);
    return e;
  }
  function h(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }

  function nodeTitle(n) {
    if (n.kind === 'missing' && n.missing) return n.missing.proven ? 'missing ' + KIND_TITLE[n.missing.targetKind] : KIND_TITLE[n.missing.targetKind] + ' (not in inputs)';
    if (n.special === 'blackhole') return 'cluster \u00b7 blackhole';
    if (n.special === 'passthrough') return 'cluster \u00b7 passthrough';
    return KIND_TITLE[n.kind] || n.kind;
  }

  /** Nodes from which 'seeds' can be reached (the seeds included). */
  function ancestors(seeds) {
    var seen = new Set(seeds), stack = Array.from(seeds);
    while (stack.length) {
      var id = stack.pop();
      (inEdges.get(id) || []).forEach(function (e) { if (!seen.has(e.from)) { seen.add(e.from); stack.push(e.from); } });
    }
    return seen;
  }

  /** The group that shows 'id': a listener that reaches it, else the unattached group. */
  function groupFor(id) {
    var anc = ancestors([id]);
    var found = null;
    anc.forEach(function (a) { var g = groupOfRoot.get(a); if (g && (!found || (found.id === UNATTACHED && g.id !== UNATTACHED))) found = g; });
    return found;
  }

  function computeVisible() {
    var keep = ancestors(state.pinned);
    var vis = new Map(), vEdges = [], more = [], queue = [], truncated = false;
    var collapsedShown = groups.length <= MAX_COLLAPSED_ROOTS;
    function add(id, how) {
      if (vis.has(id)) return true;
      if (vis.size >= MAX_VISIBLE) { truncated = true; return false; }
      vis.set(id, how);
      if (how === 'open') queue.push(id);
      return true;
    }
    groups.forEach(function (g) {
      var open = state.expanded.has(g.id);
      if (g.id === UNATTACHED) {
        if (open || collapsedShown) vis.set('group:' + g.id, open ? 'open' : 'closed');
        if (!open) return;
        var lim = state.limit.get('group:' + g.id) || CHILD_LIMIT, hidden = 0;
        g.roots.forEach(function (r, i) {
          if (i < lim || keep.has(r)) { if (add(r, 'open')) vEdges.push({ from: 'group:' + g.id, to: r, kind: 'contains' }); } else hidden++;
        });
        if (hidden) more.push({ parent: 'group:' + g.id, count: hidden });
        return;
      }
      g.roots.forEach(function (r) { if (open || collapsedShown) add(r, open ? 'open' : 'closed'); });
    });
    for (var qi = 0; qi < queue.length; qi++) {
      var id = queue[qi];
      var kids = outEdges.get(id) || [];
      var lim = state.limit.get(id) || CHILD_LIMIT, hidden = 0;
      for (var i = 0; i < kids.length; i++) {
        var e = kids[i];
        if (i >= lim && !keep.has(e.to)) { hidden++; continue; }
        if (vis.get(e.to) === 'closed') vis.set(e.to, 'open'), queue.push(e.to);
        if (add(e.to, 'open')) vEdges.push(e); else hidden++;
      }
      if (hidden) more.push({ parent: id, count: hidden });
    }
    return { vis: vis, edges: vEdges, more: more, truncated: truncated };
  }

  function nodeLines(id, how) {
    if (id.indexOf('group:') === 0) {
      var g = groupById.get(id.slice(6));
      return { title: 'not reached from any listener', name: g.size + ' node' + (g.size === 1 ? '' : 's'), details: [how === 'open' ? '\u25be click to collapse' : '\u25b8 click to expand'] };
    }
    if (id.indexOf('more:') === 0) return { title: '', name: '', details: [] };
    var n = byId.get(id);
    var ds = n.details.slice(0, 3).map(function (d) { return clip(d, MAX_DETAIL); });
    if (how === 'closed') { var gg = groupOfRoot.get(id); ds.push('\u25b8 expand (' + (gg ? gg.size : '?') + ' nodes)'); }
    return { title: nodeTitle(n), name: clip(n.label, MAX_LABEL), details: ds };
  }

  function boxSize(lines) {
    var w = Math.max(textWidth(lines.title.toUpperCase(), FONTS.title) * 1.05, textWidth(lines.name, FONTS.name));
    lines.details.forEach(function (d) { w = Math.max(w, textWidth(d, FONTS.detail)); });
    return { width: Math.ceil(w) + 22, height: 14 + 13 + 15 + lines.details.length * 14 };
  }

  function render() {
    var t0 = performance.now();
    var v = computeVisible();
    var g = new dagre.graphlib.Graph({ multigraph: false });
    g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 50, edgesep: 10, marginx: 16, marginy: 16 });
    g.setDefaultEdgeLabel(function () { return {}; });
    var lineCache = new Map();
    v.vis.forEach(function (how, id) {
      var lines = nodeLines(id, how);
      lineCache.set(id, lines);
      var size = boxSize(lines);
      g.setNode(id, { width: size.width, height: size.height });
    });
    v.more.forEach(function (m) {
      var text = '+' + m.count + ' more\u2026';
      g.setNode('more:' + m.parent, { width: textWidth(text, FONTS.name) + 24, height: 28, more: m });
      g.setEdge(m.parent, 'more:' + m.parent, {});
    });
    v.edges.forEach(function (e) {
      if (!v.vis.has(e.to) || !v.vis.has(e.from)) return;
      var label = e.label || '';
      g.setEdge(e.from, e.to, { e: e, width: label ? textWidth(label, FONTS.detail) + 6 : 0, height: label ? 14 : 0, labelpos: 'c' });
    });
    dagre.layout(g);
    var tLayout = performance.now();
    draw(g, v);
    var t1 = performance.now();
    var shown = 0;
    v.vis.forEach(function (_how, id) { if (byId.has(id)) shown++; });
    statusEl.textContent = 'Showing ' + shown + ' of ' + nodes.length + ' nodes \u00b7 layout ' + Math.round(tLayout - t0) + ' ms, drawing ' + Math.round(t1 - tLayout) + ' ms' +
      (v.truncated ? ' \u00b7 stopped at ' + MAX_VISIBLE + ' nodes: collapse listeners or search for a resource' : '') +
      (groups.length > MAX_COLLAPSED_ROOTS ? ' \u00b7 ' + groups.length + ' listeners: expand them from the list on the left' : '');
    statusEl.className = v.truncated ? 'warn' : '';
    svg.setAttribute('data-render-ms', String(Math.round(t1 - t0)));
    svg.setAttribute('data-visible', String(shown));
    renderGroups();
  }

  function draw(g, v) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var gr = g.graph();
    var W = Math.max(gr.width || 0, 10), H = Math.max(gr.height || 0, 10);
    if (!state.fitted) {
      state.fitted = true;
      var fit = Math.min(1, (viewport.clientWidth - 4) / W);
      state.zoom = Math.max(MIN_FIT_ZOOM, fit);
    }
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.setAttribute('width', String(Math.round(W * state.zoom)));
    svg.setAttribute('height', String(Math.round(H * state.zoom)));
    svg.dataset.width = String(W); svg.dataset.height = String(H);
    fitHeight();
    var defs = el('defs', null, svg);
    [['arrow', '#94a3b8'], ['arrow-ref', '#475569'], ['arrow-dangling', '#b91c1c']].forEach(function (m) {
      var marker = el('marker', { id: m[0], viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
      el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: m[1] }, marker);
    });
    var edgeLayer = el('g', { 'class': 'edges' }, svg);
    var nodeLayer = el('g', { 'class': 'nodes' }, svg);
    g.edges().forEach(function (ed) {
      var lab = g.edge(ed);
      var e = lab.e;
      var cls = 'edge' + (e ? ' ' + e.kind : ' more-edge') + (e && e.dangling ? ' dangling' : '');
      var ge = el('g', { 'class': cls }, edgeLayer);
      var pts = lab.points || [];
      var d = pts.map(function (p, i) { return (i ? 'L' : 'M') + p.x.toFixed(1) + ' ' + p.y.toFixed(1); }).join(' ');
      el('path', { d: d, 'marker-end': 'url(#' + (e && e.dangling ? 'arrow-dangling' : e && e.kind === 'reference' ? 'arrow-ref' : 'arrow') + ')' }, ge);
      if (e && e.label && lab.x !== undefined) { var t = el('text', { x: lab.x, y: lab.y + 4 }, ge); t.textContent = e.label; }
      if (e) { ge.setAttribute('data-from', e.from); ge.setAttribute('data-to', e.to); }
    });
    g.nodes().forEach(function (id) {
      var nd = g.node(id);
      var x = nd.x - nd.width / 2, y = nd.y - nd.height / 2;
      var gn = el('g', { transform: 'translate(' + x.toFixed(1) + ',' + y.toFixed(1) + ')', 'data-id': id }, nodeLayer);
      if (nd.more) {
        gn.setAttribute('class', 'node more');
        el('rect', { 'class': 'box', width: nd.width, height: nd.height, rx: 14 }, gn);
        var tm = el('text', { x: 12, y: 18 }, gn); tm.textContent = '+' + nd.more.count + ' more\u2026';
        el('title', null, gn).textContent = 'Show ' + Math.min(MORE_STEP, nd.more.count) + ' more';
        return;
      }
      var how = v.vis.get(id);
      var n = byId.get(id);
      var cls = ['node'];
      if (n) {
        cls.push('kind-' + n.kind);
        if (n.severity) cls.push('sev-' + n.severity);
        if (n.special) cls.push('special-' + n.special);
        if (n.kind === 'missing') cls.push(n.missing && n.missing.proven ? 'missing' : 'unchecked');
      } else cls.push('kind-group');
      if (how === 'closed') cls.push('collapsed');
      if (id === state.selected) cls.push('selected');
      if (id === state.focused) cls.push('focused');
      if (state.query && n && matches(n, state.query)) cls.push('match');
      gn.setAttribute('class', cls.join(' '));
      gn.id = 'node-' + id;
      if (how === 'closed') el('rect', { 'class': 'stack', x: 4, y: 4, width: nd.width, height: nd.height, rx: 6 }, gn);
      el('rect', { 'class': 'box', width: nd.width, height: nd.height, rx: n && (n.kind === 'cluster' || n.kind === 'endpoints') ? 10 : 4, fill: n ? null : '#fff', stroke: n ? null : '#94a3b8' }, gn);
      if (id === state.focused) el('rect', { 'class': 'ring', x: -5, y: -5, width: nd.width + 10, height: nd.height + 10, rx: 8 }, gn);
      var lines = nodeLinesFromCache(id, how);
      var text = el('text', { x: 10, y: 0 }, gn);
      var ty = 14;
      function tspan(cls2, s, dy) { var ts = el('tspan', { 'class': cls2, x: 10, y: ty }, text); ts.textContent = s; ty += dy; }
      tspan('title', lines.title, 15);
      tspan('name', lines.name, 15);
      lines.details.forEach(function (dline) { tspan('detail', dline, 14); });
      if (n && n.findings.length) {
        var badge = el('g', { 'class': 'badge', transform: 'translate(' + (nd.width - 2) + ',2)' }, gn);
        el('circle', { r: 9, fill: n.severity === 'error' ? '#dc2626' : n.severity === 'warning' ? '#d97706' : '#2563eb' }, badge);
        var bt = el('text', { y: 3.5 }, badge); bt.textContent = String(n.findings.length);
      }
      el('title', null, gn).textContent = n ? nodeTitle(n) + ': ' + n.name + (n.findings.length ? '\n' + n.findings.length + ' finding(s)' : '') : lines.title;
    });
    function nodeLinesFromCache(id, how) { return nodeLines(id, how); }
  }

  function matches(n, q) { return n.name.toLowerCase().indexOf(q) >= 0 || n.label.toLowerCase().indexOf(q) >= 0; }

  function renderGroups() {
    var list = $('groups');
    while (list.firstChild) list.removeChild(list.firstChild);
    groups.forEach(function (g) {
      var li = h('li');
      var b = h('button');
      b.type = 'button';
      b.setAttribute('aria-pressed', state.expanded.has(g.id) ? 'true' : 'false');
      b.dataset.group = g.id;
      b.title = (state.expanded.has(g.id) ? 'Collapse ' : 'Expand ') + g.label;
      b.appendChild(h('span', 'caret', state.expanded.has(g.id) ? '\u25be' : '\u25b8'));
      b.appendChild(h('span', 'dot dot-' + (g.severity || 'none')));
      b.appendChild(h('span', 'gname', g.label));
      b.appendChild(h('span', 'gsize', String(g.size)));
      li.appendChild(b);
      list.appendChild(li);
    });
  }

  function toggleGroup(gid) {
    if (state.expanded.has(gid)) state.expanded.delete(gid); else state.expanded.add(gid);
    render();
  }

  function select(id) {
    state.selected = id;
    svg.querySelectorAll('.node.selected').forEach(function (e) { e.classList.remove('selected'); });
    var gn = document.getElementById('node-' + id);
    if (gn) gn.classList.add('selected');
    showDetails(id);
  }

  function showDetails(id) {
    while (details.firstChild) details.removeChild(details.firstChild);
    var n = byId.get(id);
    details.hidden = !n;
    details.parentElement.classList.toggle('has-details', !!n);
    if (!n) return;
    var close = h('button', 'close', '\u00d7');
    close.type = 'button';
    close.title = 'Close';
    close.setAttribute('aria-label', 'Close the details');
    close.addEventListener('click', function () { state.selected = null; svg.querySelectorAll('.node.selected').forEach(function (e) { e.classList.remove('selected'); }); showDetails(null); });
    details.appendChild(close);
    details.appendChild(h('div', 'muted', nodeTitle(n)));
    details.appendChild(h('h3', 'mono', n.name));
    if (n.label !== n.name) details.appendChild(h('div', 'mono', n.label));
    var ul = h('ul');
    n.details.forEach(function (d) { ul.appendChild(h('li', null, d)); });
    if (n.state) ul.appendChild(h('li', null, 'state: ' + n.state));
    if (n.origin) ul.appendChild(h('li', 'mono', (data.inputs[n.origin.input] || 'input ' + n.origin.input) + ' ' + n.origin.pointer));
    details.appendChild(ul);
    var g = groupOfRoot.get(id);
    if (g && g.id !== UNATTACHED) {
      var tb = h('button', null, state.expanded.has(g.id) ? 'Collapse this listener' : 'Expand this listener');
      tb.type = 'button';
      tb.addEventListener('click', function () { toggleGroup(g.id); select(id); });
      details.appendChild(tb);
    }
    if (n.findings.length) {
      details.appendChild(h('h3', null, n.findings.length + ' finding' + (n.findings.length === 1 ? '' : 's')));
      n.findings.forEach(function (i) {
        var f = findings[i];
        var a = h('a', 'finding-link');
        a.href = '#finding-' + i;
        a.dataset.finding = String(i);
        a.appendChild(h('span', 'sev sev-' + f.severity, f.severity));
        a.appendChild(document.createTextNode(' ' + f.ruleId + ': ' + clip(f.message, 140)));
        details.appendChild(a);
      });
    }
    [['Referred to by', inEdges.get(id) || [], 'from'], ['Leads to', outEdges.get(id) || [], 'to']].forEach(function (spec) {
      if (!spec[1].length) return;
      details.appendChild(h('h3', null, spec[0] + ' (' + spec[1].length + ')'));
      var l = h('ul');
      spec[1].slice(0, 30).forEach(function (e) {
        var other = byId.get(e[spec[2]]);
        var li = h('li');
        var a = h('a', 'mono', other.kind === 'filter_chain' ? clip(other.name, 80) : nodeTitle(other) + ' ' + clip(other.label, 60));
        a.href = '#node-' + other.id;
        a.dataset.node = other.id;
        li.appendChild(a);
        l.appendChild(li);
      });
      if (spec[1].length > 30) l.appendChild(h('li', 'muted', '\u2026 ' + (spec[1].length - 30) + ' more'));
      details.appendChild(l);
    });
  }

  /** Makes 'id' visible (expands its listener, pins it past the child limits), selects it and scrolls to it. */
  function focusNode(id, scrollPage) {
    if (!byId.has(id)) return;
    var g = groupFor(id);
    if (g) state.expanded.add(g.id);
    state.pinned.add(id);
    state.focused = id;
    render();
    select(id);
    if (scrollPage) $('graph-section').scrollIntoView({ block: 'start' });
    var gn = document.getElementById('node-' + id);
    if (gn) {
      var box = gn.getBBox();
      var m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(gn.getAttribute('transform'));
      var cx = (Number(m[1]) + box.width / 2) * state.zoom, cy = (Number(m[2]) + box.height / 2) * state.zoom;
      viewport.scrollLeft = Math.max(0, cx - viewport.clientWidth / 2);
      viewport.scrollTop = Math.max(0, cy - viewport.clientHeight / 2);
    }
  }

  function showFinding(i) {
    var row = document.getElementById('finding-' + i);
    if (!row) return;
    if (row.hidden) { clearFilters(); applyFilters(); }
    document.querySelectorAll('#findings-table tr.flash').forEach(function (r) { r.classList.remove('flash'); });
    row.classList.add('flash');
    row.scrollIntoView({ block: 'center' });
  }

  // --- graph events ---
  svg.addEventListener('click', function (ev) {
    var target = ev.target.closest('[data-id]');
    if (!target) return;
    var id = target.getAttribute('data-id');
    if (id.indexOf('more:') === 0) {
      var parent = id.slice(5);
      state.limit.set(parent, (state.limit.get(parent) || CHILD_LIMIT) + MORE_STEP);
      render();
      return;
    }
    if (id.indexOf('group:') === 0) { toggleGroup(id.slice(6)); return; }
    if (target.classList.contains('collapsed')) { var g = groupOfRoot.get(id); if (g) { state.expanded.add(g.id); render(); select(id); return; } }
    select(id);
  });
  svg.addEventListener('dblclick', function (ev) {
    var target = ev.target.closest('[data-id]');
    if (!target) return;
    var g = groupOfRoot.get(target.getAttribute('data-id'));
    if (g && g.id !== UNATTACHED) toggleGroup(g.id);
  });
  $('groups').addEventListener('click', function (ev) {
    var b = ev.target.closest('button[data-group]');
    if (b) toggleGroup(b.dataset.group);
  });
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest('a[data-node], button[data-node]');
    if (a) { ev.preventDefault(); focusNode(a.dataset.node, true); return; }
    var f = ev.target.closest('a[data-finding]');
    if (f) { ev.preventDefault(); showFinding(f.dataset.finding); }
  });
  $('expand-all').addEventListener('click', function () { groups.forEach(function (g) { state.expanded.add(g.id); }); render(); });
  $('collapse-all').addEventListener('click', function () { state.expanded.clear(); render(); });
  function setZoom(z) {
    state.zoom = Math.min(2.5, Math.max(0.2, z));
    svg.setAttribute('width', String(Math.round(Number(svg.dataset.width) * state.zoom)));
    svg.setAttribute('height', String(Math.round(Number(svg.dataset.height) * state.zoom)));
    fitHeight();
  }
  /** The viewport is as tall as the drawing (plus room for a scrollbar), at most three quarters of the window. */
  function fitHeight() {
    var want = Number(svg.dataset.height) * state.zoom + 24;
    viewport.style.height = Math.round(Math.max(240, Math.min(window.innerHeight * 0.75, want))) + 'px';
  }
  $('zoom-in').addEventListener('click', function () { setZoom(state.zoom * 1.25); });
  $('zoom-out').addEventListener('click', function () { setZoom(state.zoom / 1.25); });
  $('zoom-fit').addEventListener('click', function () { setZoom(Math.min(1, (viewport.clientWidth - 4) / Number(svg.dataset.width))); });

  // --- search ---
  var searchInput = $('search'), results = $('search-results'), searchTimer = 0;
  function runSearch() {
    var q = searchInput.value.trim().toLowerCase();
    state.query = q;
    while (results.firstChild) results.removeChild(results.firstChild);
    svg.querySelectorAll('.node.match').forEach(function (e) { e.classList.remove('match'); });
    if (!q) { results.hidden = true; return; }
    var found = [];
    for (var i = 0; i < nodes.length && found.length < 50; i++) if (matches(nodes[i], q)) found.push(nodes[i]);
    found.forEach(function (n) {
      var li = h('li'), b = h('button');
      b.type = 'button';
      b.dataset.node = n.id;
      b.appendChild(h('span', 'kind-dot kind-' + n.kind));
      b.appendChild(h('span', 'muted', nodeTitle(n) + ' '));
      b.appendChild(h('span', 'mono', clip(n.label, 80)));
      li.appendChild(b);
      results.appendChild(li);
      var gn = document.getElementById('node-' + n.id);
      if (gn) gn.classList.add('match');
    });
    if (!found.length) results.appendChild(h('li', 'muted', '  no resource named like that'));
    results.hidden = false;
  }
  searchInput.addEventListener('input', function () { clearTimeout(searchTimer); searchTimer = setTimeout(runSearch, 120); });
  searchInput.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') { clearTimeout(searchTimer); runSearch(); var first = results.querySelector('button[data-node]'); if (first) { focusNode(first.dataset.node, false); results.hidden = true; } }
    if (ev.key === 'Escape') { results.hidden = true; }
  });
  results.addEventListener('click', function () { results.hidden = true; });

  // --- findings table: sort and filter ---
  var table = $('findings-table');
  var tbody = table ? table.tBodies[0] : null;
  var rows = tbody ? Array.from(tbody.rows) : [];
  var SEV_RANK = { error: 3, warning: 2, info: 1 };
  rows.forEach(function (r) { r.dataset.search = r.textContent.toLowerCase(); });
  var filterText = $('finding-filter'), filterSev = $('severity-filter'), filterRule = $('rule-filter'), countEl = $('finding-count');
  function clearFilters() { if (filterText) filterText.value = ''; if (filterSev) filterSev.value = ''; if (filterRule) filterRule.value = ''; }
  function applyFilters() {
    if (!tbody) return;
    var q = filterText.value.trim().toLowerCase(), s = filterSev.value, rl = filterRule.value, shown = 0;
    rows.forEach(function (r) {
      var ok = (!q || r.dataset.search.indexOf(q) >= 0) && (!s || r.dataset.severity === s) && (!rl || r.dataset.rule === rl);
      r.hidden = !ok;
      if (ok) shown++;
    });
    countEl.textContent = 'Showing ' + shown + ' of ' + rows.length + ' findings';
  }
  if (tbody) {
    [filterText, filterSev, filterRule].forEach(function (c) { c.addEventListener('input', applyFilters); });
    table.tHead.addEventListener('click', function (ev) {
      var b = ev.target.closest('button[data-sort]');
      if (!b) return;
      var th = b.parentElement, key = b.dataset.sort;
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      table.querySelectorAll('th[aria-sort]').forEach(function (t) { t.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      function val(r) {
        if (key === 'severity') return -SEV_RANK[r.dataset.severity];
        if (key === 'location') return r.dataset.file + '\u0000' + String(1e9 + Number(r.dataset.line));
        if (key === 'index') return Number(r.dataset.index);
        return (r.querySelector('[data-col=' + key + ']') || r).textContent.toLowerCase();
      }
      var sorted = rows.slice().sort(function (a, c) {
        var x = val(a), y = val(c);
        return (x < y ? -1 : x > y ? 1 : Number(a.dataset.index) - Number(c.dataset.index)) * dir;
      });
      sorted.forEach(function (r) { tbody.appendChild(r); });
    });
    applyFilters();
  }

  window.envoyLintReport = { focusNode: focusNode, render: render, state: state, toggleGroup: toggleGroup };
  showDetails(null);
  var start = function () {
    render();
    var m = /^#node-([a-z0-9]+)$/.exec(location.hash);
    if (m) focusNode(m[1], true);
    document.body.setAttribute('data-ready', 'true');
  };
  if (nodes.length > SMALL_GRAPH) setTimeout(start, 0); else start();
})();
`;
