/* minhbach search: Vietnamese full-text search for a static site.
 *
 * No dependency, nothing loaded from elsewhere. The index parts are JavaScript files that call
 * (window.__mbSearch = window.__mbSearch || []).push([...]), loaded with <script> so the
 * `--offline` copy searches from file:// too. Text rules mirror src/search.rs:
 *   key     = fold(letters): NFD, marks U+0300-U+036F dropped, đ -> d, lowercase
 *   pair    = key + ' ' + key (two words next to each other), stored in the shard of the first
 *   surface = lowercase letters without the tone, tone as a trailing digit (hòa = hoà),
 *             i/y variants unified (tỷ = tỉ, quý = quí)
 * The index (search/meta.js, search/s/N.js, search/r/N.js) is described in src/search.rs.
 */
(function () {
  'use strict';

  var pending = window.__mbSearch;
  if (pending && !Array.isArray(pending)) return; // loaded twice
  var script = document.currentScript;
  var ROOT = script ? script.src.replace(/search\.js([?#].*)?$/, '') : '';

  // ------------------------------------------------------------------ text rules
  var TONE = { '\u0300': '1', '\u0309': '2', '\u0303': '3', '\u0301': '4', '\u0323': '5' };
  var CONSONANT = /[bcdđghklmnprstvx]/;
  var TOKEN = /[\p{L}\p{N}\p{M}]+/gu;
  var SYMBOL = /[\p{L}\p{N}]+(?:[/.\-][\p{L}\p{N}]*)*\/[\p{L}\p{N}/.\-]*/gu;

  function fold(s) {
    return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');
  }

  /* [letters without tone, i/y unified; tone digits] */
  function splitTone(token) {
    var letters = '', digits = '';
    for (var ch of token.toLowerCase().normalize('NFD')) {
      if (TONE[ch]) digits += TONE[ch]; else letters += ch;
    }
    letters = letters.normalize('NFC');
    var n = letters.length;
    if (/qui$/.test(letters)) letters = letters.slice(0, -1) + 'y';
    else if (n > 1 && letters[n - 1] === 'y' && CONSONANT.test(letters[n - 2])) letters = letters.slice(0, -1) + 'i';
    return [letters, digits];
  }

  function word(token) {
    var t = splitTone(token);
    return { key: fold(t[0]), surface: t[0] + t[1] };
  }

  /* Numbers ungrouped (1.000 = 1,000 = 1000), as ungroup_numbers in src/render/search/keys.rs. */
  function ungroup(s) {
    return s.replace(/(?<![\d.,])\d{1,3}([.,])\d{3}(?:\1\d{3})*(?!\d)(?!\1\d)/g, function (m, sep) {
      return m.split(sep).join('');
    });
  }

  function symbolKey(s) {
    return fold(s).replace(/[^\p{L}\p{N}/.\-]/gu, '');
  }

  /* A query: words (key, surface, accented), symbols, whether the last word is a prefix. */
  function parse(q) {
    q = (q || '').normalize('NFC');
    var words = (ungroup(q).match(TOKEN) || []).map(function (t) {
      var w = word(t);
      w.accented = w.surface !== w.key;
      return w;
    });
    var symbols = (q.match(SYMBOL) || []).map(symbolKey);
    var typing = !/\s$/.test(q);
    return { text: q.trim(), words: words, symbols: symbols, prefix: typing && words.length > 0 && words[words.length - 1].key.length >= 2 };
  }

  // ------------------------------------------------------------------ postings
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var DEC = new Int8Array(128).fill(-1);
  for (var i = 0; i < 64; i++) DEC[B64.charCodeAt(i)] = i;

  /* Calls f(id) for each entry number of an encoded set. */
  function eachId(s, f) {
    if (!s) return;
    var i, d;
    if (s[0] === '!') {
      for (i = 1; i < s.length; i++) {
        d = DEC[s.charCodeAt(i)];
        for (var b = 0; b < 6; b++) if (d & (1 << b)) f((i - 1) * 6 + b);
      }
      return;
    }
    var prev = -1, v = 0;
    for (i = 0; i < s.length; i++) {
      d = DEC[s.charCodeAt(i)];
      if (d >= 32) v = v * 32 + (d - 32);
      else { prev = prev + 1 + v * 32 + d; f(prev); v = 0; }
    }
  }

  /* Calls f(id, class) for postings "B|F|T" (classes 1, 2, 3). */
  function eachPosting(p, f) {
    var parts = p.split('|');
    for (var c = 0; c < parts.length; c++) eachId(parts[c], function (id) { f(id, c + 1); });
  }

  // ------------------------------------------------------------------ index parts
  var meta = null, metaWaiters = [];
  var shardKeys = [], shardLines = [], shardWaiters = {};
  var records = [], chunkWaiters = {};
  var facetOf = null; // [kind, year, loc, form] arrays

  function receive(msg) {
    var type = msg[0];
    if (type === 'm') {
      meta = msg[1];
      var n = meta.n, runs = meta.runs, id = 0;
      facetOf = [new Uint8Array(n), new Uint16Array(n), new Uint16Array(n), new Uint16Array(n)];
      for (var r = 0; r < runs.length; r += 5) {
        for (var k = 0; k < runs[r]; k++, id++) for (var g = 0; g < 4; g++) facetOf[g][id] = runs[r + 1 + g];
      }
      metaWaiters.splice(0).forEach(function (f) { f(); });
    } else if (type === 's') {
      var keys = [], lines = [];
      msg[2].split('~').forEach(function (line) {
        var c = line.indexOf(':');
        keys.push(line.slice(0, c));
        lines.push(line.slice(c + 1));
      });
      shardKeys[msg[1]] = keys;
      shardLines[msg[1]] = lines;
      // Records the shard carries: those of entries whose rarest title word is in it.
      (msg[3] || []).forEach(function (rec) { records[rec[0]] = rec.slice(1); });
      (shardWaiters[msg[1]] || []).splice(0).forEach(function (f) { f(); });
    } else if (type === 'r') {
      var base = msg[1] * meta.chunk;
      msg[2].forEach(function (rec, j) { records[base + j] = rec; });
      records['c' + msg[1]] = true;
      (chunkWaiters[msg[1]] || []).splice(0).forEach(function (f) { f(); });
    }
  }

  var loading = {};
  function load(path, isReady, waiters, name) {
    return new Promise(function (resolve, reject) {
      if (isReady()) return resolve();
      (waiters[name] = waiters[name] || []).push(resolve);
      if (loading[path]) return;
      loading[path] = true;
      var s = document.createElement('script');
      s.src = ROOT + path;
      s.async = true;
      s.onerror = function () { loading[path] = false; reject(new Error('không tải được ' + path)); };
      document.head.appendChild(s);
    });
  }

  function whenMeta() {
    return new Promise(function (resolve, reject) {
      if (meta) return resolve();
      metaWaiters.push(resolve);
      load('search/meta.js', function () { return !!meta; }, {}, 'm').catch(reject);
    });
  }

  function loadShard(i) {
    return load('search/s/' + i + '.js', function () { return !!shardKeys[i]; }, shardWaiters, i);
  }

  function loadChunk(c) {
    return load('search/r/' + c + '.js', function () { return !!records['c' + c]; }, chunkWaiters, c);
  }

  /* Index of the shard holding key k: the last shard whose first key is <= k. */
  function shardOf(k) {
    var f = meta.shards, lo = 0, hi = f.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (f[mid] <= k) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  var MAX_PREFIX_SHARDS = 2;
  function shardsFor(k, prefix) {
    var a = shardOf(k);
    if (!prefix) return [a];
    var b = Math.min(shardOf(k + '\uffff'), a + MAX_PREFIX_SHARDS - 1), out = [];
    for (var i = a; i <= b; i++) out.push(i);
    return out;
  }

  /* Lines of loaded keys: the key itself, or every key starting with it (prefix). */
  function lookup(k, prefix, filter) {
    var out = [];
    var shards = shardsFor(k, prefix);
    shards.forEach(function (s) {
      var keys = shardKeys[s], lines = shardLines[s];
      if (!keys) return;
      var lo = 0, hi = keys.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < k) lo = mid + 1; else hi = mid; }
      for (var i = lo; i < keys.length; i++) {
        if (keys[i] === k) out.push([keys[i], lines[i]]);
        else if (prefix && keys[i].lastIndexOf(k, 0) === 0) { if (!filter || filter(keys[i])) out.push([keys[i], lines[i]]); }
        else break;
        if (!prefix) break;
      }
    });
    return out;
  }

  /* Splits a line into all-postings and surface postings. */
  function parseLine(line) {
    var parts = line.split(';'), all = parts[0], surfaces = {};
    for (var i = 1; i < parts.length; i++) {
      var e = parts[i].indexOf('=');
      var p = parts[i].slice(e + 1);
      surfaces[parts[i].slice(0, e)] = p === '' && parts.length === 2 ? all : p;
    }
    return { all: all, surfaces: surfaces };
  }

  // ------------------------------------------------------------------ ranking
  var CLASS_W = [0, 4, 12, 30];    // body, other fields, title or name
  var PAIR_W = [0, 20, 30, 60];    // the words next to each other
  var EXACT_W = 50;                // same diacritics as typed
  var WHOLE_W = 3;                 // the whole word, not only a prefix
  var SYMBOL_W = 1000;             // document number as written

  function neededShards(pq) {
    var set = {};
    var add = function (list) { list.forEach(function (s) { set[s] = true; }); };
    var ws = pq.words, last = ws.length - 1;
    ws.forEach(function (w, i) {
      var pre = pq.prefix && i === last;
      add(shardsFor(w.key, pre));
      if (i > 0) add(shardsFor(ws[i - 1].key + ' ' + w.key, pre));
    });
    pq.symbols.forEach(function (s) { add(shardsFor(s, pq.prefix)); });
    return Object.keys(set).map(Number);
  }

  /* Same diacritics; while typing, the letters so far and the same tone (if one is typed). */
  function sameSurface(surf, typed, prefix) {
    if (surf === typed) return true;
    if (!prefix) return false;
    var a = /^(.*?)(\d*)$/.exec(surf), b = /^(.*?)(\d*)$/.exec(typed);
    return a[1].lastIndexOf(b[1], 0) === 0 && (!b[2] || a[2] === b[2]);
  }

  /* Scores every entry for a parsed query: {ids (ranked), all matched} */
  function rank(pq) {
    var n = meta.n, ws = pq.words, last = ws.length - 1;
    var score = new Float64Array(n), count = new Uint8Array(n);
    var best = new Uint16Array(n);
    var isWord = function (k) { return k.indexOf(' ') < 0 && k.indexOf('/') < 0; };
    ws.forEach(function (w, i) {
      best.fill(0);
      var pre = pq.prefix && i === last;
      lookup(w.key, pre, isWord).forEach(function (kl) {
        var whole = kl[0] === w.key ? WHOLE_W : 0;
        var parsed = parseLine(kl[1]);
        eachPosting(parsed.all, function (id, c) {
          var s = CLASS_W[c] + whole + 1;
          if (s > best[id]) best[id] = s;
        });
        if (w.accented) {
          for (var surf in parsed.surfaces) {
            if (sameSurface(surf, w.surface, pre)) {
              eachPosting(parsed.surfaces[surf], function (id, c) {
                var s = CLASS_W[c] + whole + 1 + EXACT_W;
                if (s > best[id]) best[id] = s;
              });
            }
          }
        }
      });
      for (var id = 0; id < n; id++) if (best[id]) { count[id]++; score[id] += best[id]; }
      if (i > 0) {
        best.fill(0);
        lookup(ws[i - 1].key + ' ' + w.key, pre).forEach(function (kl) {
          eachPosting(parseLine(kl[1]).all, function (id, c) { if (PAIR_W[c] > best[id]) best[id] = PAIR_W[c]; });
        });
        for (id = 0; id < n; id++) score[id] += best[id];
      }
    });
    pq.symbols.forEach(function (s) {
      lookup(s, pq.prefix).forEach(function (kl) {
        var w = kl[0] === s ? SYMBOL_W : SYMBOL_W / 2;
        eachPosting(parseLine(kl[1]).all, function (id) { score[id] += w; });
      });
    });
    var need = ws.length, ids = [];
    for (var id = 0; id < n; id++) if (count[id] === need && need) ids.push(id);
    if (!ids.length && need > 1) {
      // No entry has every word: rank by the number of words found.
      for (id = 0; id < n; id++) if (count[id]) { ids.push(id); score[id] += count[id] * 1000; }
    }
    ids.sort(function (a, b) { return score[b] - score[a] || a - b; });
    ids.score = score;
    return ids;
  }

  /* Equal scores are interchangeable. Of the group of equal scores that the end of the first
     screen cuts through, the screen takes the members whose records are already here (carried
     by a shard, or loaded), then those in files already needed, then in the files holding the
     most members: the first screen loads as few record files as it can. Results of different
     scores keep their order. */
  function firstScreen(ids, score) {
    var C = meta.chunk, cut = PAGE, a = cut - 1, b = cut;
    if (ids.length <= cut) return ids;
    while (a > 0 && score[ids[a - 1]] === score[ids[cut]]) a--;
    while (b < ids.length && score[ids[b]] === score[ids[cut]]) b++;
    if (score[ids[a]] !== score[ids[cut]]) return ids; // the screen ends between two scores
    var have = {}, per = {}, picked = {}, chosen = [], i;
    var file = function (id) { return records[id] ? -1 : Math.floor(id / C); };
    for (i = 0; i < a; i++) have[file(ids[i])] = 1;
    for (i = a; i < b; i++) (per[file(ids[i])] = per[file(ids[i])] || []).push(ids[i]);
    var files = Object.keys(per).map(Number).sort(function (x, y) {
      return (x < 0 ? -1 : 0) - (y < 0 ? -1 : 0) || (have[y] ? 1 : 0) - (have[x] ? 1 : 0) || per[y].length - per[x].length || x - y;
    });
    for (i = 0; i < files.length && chosen.length < cut - a; i++) {
      per[files[i]].slice(0, cut - a - chosen.length).forEach(function (id) { chosen.push(id); picked[id] = 1; });
    }
    chosen.sort(function (x, y) { return x - y; });
    return ids.slice(0, a).concat(chosen, ids.slice(a, b).filter(function (id) { return !picked[id]; }), ids.slice(b));
  }

  // ------------------------------------------------------------------ facets
  var GROUPS = [
    { name: 'loai', label: 'Loại' },
    { name: 'nam', label: 'Năm' },
    { name: 'dia-ban', label: 'Địa phương' },
    { name: 'hinh-thuc', label: 'Hình thức khen thưởng' }
  ];

  function facetLabel(g, v) {
    if (g === 0) return meta.kinds[v] ? meta.kinds[v][1] : '';
    var table = [null, meta.years, meta.locs, meta.forms][g];
    return v ? String(table[v - 1]) : '';
  }

  function facetValue(g, label) {
    if (g === 0) {
      for (var i = 0; i < meta.kinds.length; i++) if (meta.kinds[i][0] === label) return i;
      return -1;
    }
    var table = [null, meta.years, meta.locs, meta.forms][g];
    for (var j = 0; j < table.length; j++) if (String(table[j]) === label) return j + 1;
    return -1;
  }

  function facetCode(g, v) { return g === 0 ? meta.kinds[v][0] : facetLabel(g, v); }

  /* Filters ids by the selected facet values (OR inside a group, AND across groups) and counts
     each group's values over the entries that pass the other groups. */
  function facet(ids, selected) {
    var counts = [{}, {}, {}, {}], out = [];
    var active = selected.map(function (s) { return Object.keys(s).length > 0; });
    ids.forEach(function (id) {
      var fails = 0, failedGroup = -1;
      for (var g = 0; g < 4; g++) {
        if (active[g] && !selected[g][facetOf[g][id]]) { fails++; failedGroup = g; }
      }
      if (fails === 0) out.push(id);
      for (g = 0; g < 4; g++) {
        if (fails === 0 || (fails === 1 && failedGroup === g)) {
          var v = facetOf[g][id];
          if (g === 0 || v) counts[g][v] = (counts[g][v] || 0) + 1;
        }
      }
    });
    return { ids: out, counts: counts };
  }

  // ------------------------------------------------------------------ query API
  /* Runs a query: resolves to {total, ids, counts, pq}. */
  function query(q, selected) {
    selected = selected || [{}, {}, {}, {}];
    return whenMeta().then(function () {
      var pq = parse(q);
      if (!pq.words.length) return { total: 0, ids: [], counts: [{}, {}, {}, {}], pq: pq };
      return Promise.all(neededShards(pq).map(loadShard)).then(function () {
        var ranked = rank(pq), f = facet(ranked, selected);
        return { total: f.ids.length, ids: firstScreen(f.ids, ranked.score), counts: f.counts, pq: pq };
      });
    });
  }

  function link(path) {
    var hash = '', h = path.indexOf('#');
    if (h >= 0) { hash = path.slice(h); path = path.slice(0, h); }
    path = path.replace(/^\//, '');
    if (OFFLINE && (path === '' || /\/$/.test(path))) path += 'index.html';
    return ROOT + path + hash;
  }

  /* Records of ids (loads their chunks): [{id, kind, title, url, date, snippet, ...}] */
  function recordsOf(ids) {
    var chunks = {};
    ids.forEach(function (id) { if (!records[id]) chunks[Math.floor(id / meta.chunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) { return loadChunk(+c); })).then(function () {
      return ids.map(function (id) {
        var r = records[id];
        return {
          id: id, kind: meta.kinds[facetOf[0][id]][0], kindLabel: facetLabel(0, facetOf[0][id]),
          title: r[0], url: link(r[1]), path: r[1], date: r[2], snippet: r[3],
          year: facetLabel(1, facetOf[1][id]), locality: facetLabel(2, facetOf[2][id]), form: facetLabel(3, facetOf[3][id])
        };
      });
    });
  }

  // ------------------------------------------------------------------ page
  var OFFLINE = false;
  var PAGE = 10;

  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.'); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  /* Appends text to node with the query's words marked. */
  function highlight(node, text, pq) {
    var keys = {};
    pq.words.forEach(function (w) { keys[w.key] = true; });
    var lastKey = pq.prefix ? pq.words[pq.words.length - 1].key : null;
    var pos = 0, m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text))) {
      var k = word(m[0]).key;
      if (keys[k] || (lastKey && k.lastIndexOf(lastKey, 0) === 0)) {
        if (m.index > pos) node.appendChild(document.createTextNode(text.slice(pos, m.index)));
        node.appendChild(el('mark', null, m[0]));
        pos = m.index + m[0].length;
      }
    }
    if (pos < text.length) node.appendChild(document.createTextNode(text.slice(pos)));
  }

  /* The part of a snippet around the first match. */
  function around(text, pq) {
    var keys = {};
    pq.words.forEach(function (w) { keys[w.key] = true; });
    var m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text))) {
      if (keys[word(m[0]).key]) break;
    }
    if (!m || m.index < 90) return text;
    var start = text.lastIndexOf(' ', m.index - 40);
    return '…' + text.slice(start + 1);
  }

  function start() {
    var app = document.getElementById('mb-app');
    var input = document.getElementById('mb-q');
    if (!app || !input) return;
    OFFLINE = app.getAttribute('data-offline') === '1';
    var form = input.form, status = document.getElementById('mb-status');
    var list = document.getElementById('mb-results'), more = document.getElementById('mb-more');
    var facetsBox = document.getElementById('mb-facets');
    var nojs = document.getElementById('mb-nojs');
    app.hidden = false;
    if (nojs) nojs.hidden = true;

    var params = new URLSearchParams(location.search);
    var selected = [{}, {}, {}, {}];
    var seq = 0, current = null, shown = 0;
    input.value = params.get('q') || '';

    function readFacets() {
      GROUPS.forEach(function (g, i) {
        params.getAll(g.name).forEach(function (label) {
          var v = facetValue(i, label);
          if (v >= 0) selected[i][v] = true;
        });
      });
    }

    function writeUrl(q) {
      var p = new URLSearchParams();
      if (q) p.set('q', q);
      GROUPS.forEach(function (g, i) {
        Object.keys(selected[i]).forEach(function (v) { p.append(g.name, facetCode(i, +v)); });
      });
      var s = p.toString();
      try { history.replaceState(null, '', location.pathname + (s ? '?' + s : '') + location.hash); } catch (e) { /* file:// may refuse */ }
    }

    function renderFacets(res) {
      facetsBox.textContent = '';
      if (!res.pq.words.length) return;
      GROUPS.forEach(function (g, gi) {
        var counts = res.counts[gi];
        var values = Object.keys(counts).map(Number);
        Object.keys(selected[gi]).forEach(function (v) { if (values.indexOf(+v) < 0) values.push(+v); });
        if (!values.length || (values.length === 1 && !Object.keys(selected[gi]).length)) return;
        if (gi === 2) values.sort(function (a, b) { return (counts[b] || 0) - (counts[a] || 0) || facetLabel(2, a).localeCompare(facetLabel(2, b), 'vi'); });
        else values.sort(function (a, b) { return a - b; });
        var fs = el('fieldset');
        fs.appendChild(el('legend', null, g.label));
        values.forEach(function (v) {
          var label = el('label');
          var box = el('input');
          box.type = 'checkbox';
          box.name = g.name;
          box.value = facetCode(gi, v);
          box.checked = !!selected[gi][v];
          box.addEventListener('change', function () {
            if (box.checked) selected[gi][v] = true; else delete selected[gi][v];
            run(false, { name: g.name, value: box.value });
          });
          label.appendChild(box);
          label.appendChild(document.createTextNode(facetLabel(gi, v)));
          label.appendChild(el('span', null, fmt(counts[v] || 0)));
          fs.appendChild(label);
        });
        facetsBox.appendChild(fs);
      });
    }

    function renderMore(res, mySeq, t0) {
      var ids = res.ids.slice(shown, shown + PAGE);
      return recordsOf(ids).then(function (recs) {
        if (mySeq !== seq) return;
        recs.forEach(function (r) {
          var li = el('li');
          li.appendChild(el('p', 'mb-kind', r.kindLabel));
          var h = el('h2'), a = el('a');
          a.href = r.url;
          highlight(a, r.title, res.pq);
          h.appendChild(a);
          li.appendChild(h);
          if (r.snippet) {
            var p = el('p');
            highlight(p, around(r.snippet, res.pq), res.pq);
            li.appendChild(p);
          }
          var where = [r.date || r.year, r.locality && (r.date || '').indexOf(r.locality) < 0 ? r.locality : ''].filter(Boolean).join(' · ');
          if (where) li.appendChild(el('p', 'small', where));
          list.appendChild(li);
        });
        shown += recs.length;
        more.hidden = shown >= res.total;
        api.lastMs = performance.now() - t0;
        api.ready = true;
      });
    }

    function run(fromUrl, refocus) {
      var mySeq = ++seq, t0 = performance.now();
      var q = input.value;
      api.ready = false;
      if (!fromUrl) writeUrl(q.trim());
      return query(q, selected).then(function (res) {
        if (mySeq !== seq) return;
        current = res;
        shown = 0;
        list.textContent = '';
        renderFacets(res);
        if (refocus) {
          var again = facetsBox.querySelector('input[name="' + refocus.name + '"][value="' + CSS.escape(refocus.value) + '"]');
          if (again) again.focus();
        }
        if (!res.pq.words.length) {
          status.textContent = '';
          more.hidden = true;
          api.ready = true;
          return;
        }
        status.textContent = res.total
          ? 'Tìm thấy ' + fmt(res.total) + ' kết quả cho “' + res.pq.text + '”.'
          : 'Không tìm thấy kết quả nào cho “' + res.pq.text + '”. Hãy thử ít từ hơn hoặc bỏ bộ lọc.';
        return renderMore(res, mySeq, t0);
      }).catch(function (e) {
        if (mySeq !== seq) return;
        status.textContent = 'Không tải được chỉ mục tìm kiếm (' + e.message + '). Hãy dùng các danh sách bên dưới.';
        if (nojs) nojs.hidden = false;
        api.ready = true;
      });
    }

    input.addEventListener('input', function () { run(false); });
    form.addEventListener('submit', function (e) { e.preventDefault(); run(false); });
    more.addEventListener('click', function () {
      var first = shown;
      renderMore(current, seq, performance.now()).then(function () {
        var a = list.children[first] && list.children[first].querySelector('a');
        if (a) a.focus();
      });
    });
    whenMeta().then(function () {
      readFacets();
      if (input.value) run(true); else api.ready = true;
    }, function (e) {
      status.textContent = 'Không tải được chỉ mục tìm kiếm (' + e.message + ').';
      if (nojs) nojs.hidden = false;
    });
  }

  // ------------------------------------------------------------------ global
  var api = {
    push: function (msg) { receive(msg); },
    parse: parse,
    fold: fold,
    word: word,
    query: query,
    records: recordsOf,
    /* query + records of the first `limit` results, for tests and the benchmark */
    search: function (q, limit) {
      return query(q).then(function (res) {
        return recordsOf(res.ids.slice(0, limit || PAGE)).then(function (recs) {
          return { total: res.total, results: recs, counts: res.counts };
        });
      });
    },
    ready: false,
    lastMs: 0
  };
  window.__mbSearch = api;
  (pending || []).forEach(receive);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
