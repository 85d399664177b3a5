// Offline search for a disclose site. The index (search-index.js, made at
// build time) is loaded on first use by adding a script element: pages
// opened from disk may not fetch JSON, but they may load a script from
// their own folder, and Content-Security-Policy 'self' allows it.
// Terms are cut as in generator/discover/search.go: overlapping bigrams of
// Han characters, a lone Han character as itself, lower-case Latin words
// and digit runs. A document matches when it holds every term of a query.
(function () {
  'use strict';
  var form = document.querySelector('form.site-search');
  if (!form || !('addEventListener' in form)) return;
  var input = form.querySelector('input[type="search"]');
  var out = document.getElementById('site-search-results');
  var root = form.getAttribute('data-root') || '';
  var index = null;
  var loading = false;
  var han = /\p{Script=Han}/u;
  var word = /[a-z0-9]/;
  var MAX = 30;

  window.discloseSearchIndex = function (data) {
    var terms = Object.create(null);
    var keys = Object.keys(data.terms);
    keys.forEach(function (k) {
      var d = data.terms[k], list = new Array(d.length), prev = 0;
      for (var i = 0; i < d.length; i++) { prev += d[i]; list[i] = prev; }
      terms[k] = list;
    });
    index = { docs: data.docs, terms: terms, keys: keys };
    if (input.value.trim()) run(input.value);
  };

  function load() {
    if (loading) return;
    loading = true;
    var s = document.createElement('script');
    s.src = form.getAttribute('data-index');
    s.onerror = function () { show('无法加载搜索索引。'); };
    document.head.appendChild(s);
  }

  function cut(text) {
    var out = [], run = [], w = '';
    function flushHan() {
      if (run.length === 1) out.push(run[0]);
      for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
      run = [];
    }
    function flushWord() { if (w) { out.push(w); w = ''; } }
    Array.from(text.toLowerCase()).forEach(function (c) {
      if (han.test(c)) { flushWord(); run.push(c); }
      else if (c.length === 1 && word.test(c)) { flushHan(); w += c; }
      else { flushHan(); flushWord(); }
    });
    flushHan();
    flushWord();
    return out;
  }

  // postings of one query term. A Han bigram must be a term; a lone Han
  // character matches every term holding it, and a Latin word or number
  // every term it begins ("20" finds 2023).
  function postings(t) {
    var isHan = han.test(t.charAt(0));
    if (isHan && t.length > 1) return index.terms[t] || [];
    var set = Object.create(null);
    index.keys.forEach(function (k) {
      if (isHan ? k.indexOf(t) >= 0 : k.lastIndexOf(t, 0) === 0) {
        index.terms[k].forEach(function (d) { set[d] = true; });
      }
    });
    return Object.keys(set).map(Number).sort(function (a, b) { return a - b; });
  }

  function search(q) {
    var ts = cut(q), seen = Object.create(null), result = null;
    ts = ts.filter(function (t) { if (seen[t]) return false; seen[t] = true; return true; });
    if (!ts.length) return [];
    ts.forEach(function (t) {
      var p = postings(t);
      if (result === null) { result = p; return; }
      var keep = Object.create(null);
      p.forEach(function (d) { keep[d] = true; });
      result = result.filter(function (d) { return keep[d]; });
    });
    var needle = q.trim().toLowerCase();
    return result.map(function (d) {
      var doc = index.docs[d];
      return { doc: doc, n: d, title: doc[1].toLowerCase().indexOf(needle) >= 0 ? 0 : 1 };
    }).sort(function (a, b) { return a.title - b.title || a.n - b.n; });
  }

  function show(message, hits) {
    while (out.firstChild) out.removeChild(out.firstChild);
    var p = document.createElement('p');
    p.className = 'search-count';
    p.textContent = message;
    out.appendChild(p);
    if (!hits || !hits.length) return;
    var ol = document.createElement('ol');
    hits.slice(0, MAX).forEach(function (h) {
      var li = document.createElement('li');
      var kind = document.createElement('span');
      kind.className = 'search-kind';
      kind.textContent = h.doc[0];
      var a = document.createElement('a');
      a.href = root + h.doc[2];
      a.textContent = h.doc[1];
      li.appendChild(kind);
      li.appendChild(a);
      if (h.doc[3]) {
        var c = document.createElement('span');
        c.className = 'search-context';
        c.textContent = h.doc[3];
        li.appendChild(c);
      }
      ol.appendChild(li);
    });
    out.appendChild(ol);
  }

  function run(q) {
    if (!q.trim()) { show(''); out.hidden = true; return; }
    out.hidden = false;
    if (!index) { show('正在加载搜索索引…'); load(); return; }
    var hits = search(q);
    show(hits.length ? '找到 ' + hits.length + ' 条' + (hits.length > MAX ? '，显示前 ' + MAX + ' 条' : '') : '没有找到“' + q.trim() + '”', hits);
  }

  var timer = 0;
  form.hidden = false;
  input.addEventListener('focus', load);
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 120);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { input.value = ''; run(''); }
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    run(input.value);
  });
})();
