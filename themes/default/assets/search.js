// Offline search for a disclose site. The index is made at build time by
// generator/discover (search.go) and split into small scripts under
// search/: index.js says how many shards there are, t-<n>.js hold the
// posting lists of the terms whose hash falls in shard n, d-<n>.js the
// documents. A query loads only the shards of its terms and the documents
// it shows, each by adding a script element: pages opened from disk may
// not fetch JSON, but they may load a script from their own folder, and
// Content-Security-Policy 'self' allows it.
// Terms are cut as in search.go: overlapping bigrams of Han characters, a
// lone Han character as itself, lower-case Latin words and digit runs. A
// document matches when it holds every term of a query.
(function () {
  'use strict';
  var form = document.querySelector('form.site-search');
  if (!form || !window.Promise) return;
  var input = form.querySelector('input[type="search"]');
  var out = document.getElementById('site-search-results');
  var root = form.getAttribute('data-root') || '';
  var meta = form.getAttribute('data-index');
  var dir = meta.slice(0, meta.lastIndexOf('/') + 1);
  var han = /\p{Script=Han}/u;
  var word = /[a-z0-9]/;
  var MAX = 30;
  var info = null;
  var shards = {};
  var chunks = {};
  var scripts = {};

  window.discloseSearch = {
    meta: function (m) { info = m; },
    terms: function (n, t) { shards[n] = t; },
    docs: function (n, d) { chunks[n] = d; }
  };

  // load runs a script of the index once; its call has stored the data
  // by the time onload fires.
  function load(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = dir + src;
        s.onload = resolve;
        s.onerror = function () { delete scripts[src]; reject(new Error(src)); };
        document.head.appendChild(s);
      });
    }
    return scripts[src];
  }

  function cut(text) {
    var res = [], run = [], w = '';
    function flushHan() {
      if (run.length === 1) res.push(run[0]);
      for (var i = 0; i + 1 < run.length; i++) res.push(run[i] + run[i + 1]);
      run = [];
    }
    function flushWord() { if (w) { res.push(w); w = ''; } }
    Array.from(text.toLowerCase()).forEach(function (c) {
      if (han.test(c)) { flushWord(); run.push(c); }
      else if (c.length === 1 && word.test(c)) { flushHan(); w += c; }
      else { flushHan(); flushWord(); }
    });
    flushHan();
    flushWord();
    return res;
  }

  // shard is FNV-1a over UTF-16 code units, as Shard in search.go.
  function shard(t) {
    var h = 2166136261;
    for (var i = 0; i < t.length; i++) {
      h ^= t.charCodeAt(i);
      h = Math.imul(h, 16777619) >>> 0;
    }
    return h % info.shards;
  }

  // postings of a term, or with title set of the term in titles ('^'
  // + term, in the same shard: see TitleMark in search.go).
  function postings(t, title) {
    var d = shards[shard(t)][title ? '^' + t : t] || [], list = new Array(d.length), prev = 0;
    for (var i = 0; i < d.length; i++) { prev += d[i]; list[i] = prev; }
    return list;
  }

  function search(q) {
    var seen = {};
    var ts = cut(q).filter(function (t) { if (seen[t]) return false; seen[t] = true; return true; });
    // A lone Han character is not a term of the index unless it stood
    // alone in the text; with other terms beside it, it adds nothing.
    var longer = ts.filter(function (t) { return !(t.length === 1 && han.test(t)); });
    if (longer.length) ts = longer;
    if (!ts.length) return Promise.resolve(null);
    return load('index.js').then(function () {
      return Promise.all(ts.map(function (t) { return load('t-' + shard(t) + '.js'); }));
    }).then(function () {
      function all(title) {
        var result = null;
        ts.forEach(function (t) {
          var p = postings(t, title);
          if (result === null) { result = p; return; }
          var keep = {};
          p.forEach(function (d) { keep[d] = true; });
          result = result.filter(function (d) { return keep[d]; });
        });
        return result;
      }
      // Documents whose title holds every term come first.
      var result = all(false), inTitle = {};
      all(true).forEach(function (d) { inTitle[d] = true; });
      result = result.filter(function (d) { return inTitle[d]; }).concat(result.filter(function (d) { return !inTitle[d]; }));
      var shown = result.slice(0, MAX);
      var need = {};
      shown.forEach(function (d) { need[Math.floor(d / info.chunk)] = true; });
      return Promise.all(Object.keys(need).map(function (c) { return load('d-' + c + '.js'); })).then(function () {
        return { total: result.length, docs: shown.map(function (d) { return chunks[Math.floor(d / info.chunk)][d % info.chunk]; }) };
      });
    });
  }

  function show(message, docs) {
    while (out.firstChild) out.removeChild(out.firstChild);
    var p = document.createElement('p');
    p.className = 'search-count';
    p.textContent = message;
    out.appendChild(p);
    if (!docs || !docs.length) return;
    var ol = document.createElement('ol');
    docs.forEach(function (doc) {
      var li = document.createElement('li');
      var kind = document.createElement('span');
      kind.className = 'search-kind';
      kind.textContent = doc[0];
      var a = document.createElement('a');
      a.href = root + doc[2];
      a.textContent = doc[1];
      li.appendChild(kind);
      li.appendChild(a);
      if (doc[3]) {
        var c = document.createElement('span');
        c.className = 'search-context';
        c.textContent = doc[3];
        li.appendChild(c);
      }
      ol.appendChild(li);
    });
    out.appendChild(ol);
  }

  var asked = 0;
  function run(q) {
    var n = ++asked;
    q = q.trim();
    if (!q) { show(''); out.hidden = true; return; }
    out.hidden = false;
    if (!info) show('正在加载搜索索引…');
    search(q).then(function (r) {
      if (n !== asked) return; // a newer query is under way
      if (r === null) { show('请输入至少两个汉字，或一个词、一个数字'); return; }
      if (!r.total && Array.from(q).length === 1 && han.test(q)) { show('请输入至少两个汉字'); return; }
      var msg = r.total ? '找到 ' + r.total + ' 条' + (r.total > MAX ? '，显示前 ' + MAX + ' 条' : '') : '没有找到“' + q + '”';
      show(msg, r.docs);
    }, function () {
      if (n === asked) show('无法加载搜索索引。');
    });
  }

  var timer = 0;
  form.hidden = false;
  input.addEventListener('focus', function () { load('index.js').catch(function () {}); });
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 150);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { input.value = ''; run(''); }
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    run(input.value);
  });
})();
