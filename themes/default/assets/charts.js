// Draws the page's charts. Each <div class="chart" data-chart-option="ID">
// takes its ECharts option from the JSON data block
// <script type="application/json" id="ID"> that the generator wrote beside
// it; the option holds no functions, so nothing here evaluates page data.
// Until this script runs (or when JavaScript is off) the chart boxes stay
// hidden and the figures' tables carry the numbers.
//
// ECharts itself (data-echarts on this script's element) is loaded only
// once a chart comes near the window, so a reader who never scrolls to a
// chart never downloads it; each chart is drawn as it comes near.
(function () {
  'use strict';
  var me = document.currentScript;
  var src = me && me.getAttribute('data-echarts');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('.chart[data-chart-option]'));
  if (!boxes.length || !src) {
    return;
  }
  var root = document.documentElement;
  // Show the boxes first (their heights come from CSS), so that nothing
  // moves when a chart is drawn into its box.
  root.classList.add('js-charts');
  var drawn = [];
  var waiting = [];
  var state = 'idle'; // idle, loading, ready, failed

  function draw(el) {
    if (el.getAttribute('data-drawn')) {
      return;
    }
    el.setAttribute('data-drawn', '1');
    var block = document.getElementById(el.getAttribute('data-chart-option'));
    if (!block) {
      return;
    }
    var option;
    try {
      option = JSON.parse(block.textContent);
    } catch (err) {
      console.error('chart ' + block.id + ': bad option: ' + err.message);
      return;
    }
    var chart = window.echarts.init(el, null, { renderer: 'svg', locale: 'ZH' });
    chart.setOption(option);
    drawn.push(chart);
  }

  // Without ECharts the tables carry the figures: show them.
  function fallBack() {
    state = 'failed';
    root.classList.remove('js-charts');
  }

  function load(then) {
    if (state === 'ready') {
      then();
      return;
    }
    waiting.push(then);
    if (state !== 'idle') {
      return;
    }
    state = 'loading';
    var s = document.createElement('script');
    s.src = src;
    s.onload = function () {
      if (typeof window.echarts === 'undefined') {
        fallBack();
        return;
      }
      state = 'ready';
      var w = waiting;
      waiting = [];
      w.forEach(function (f) { f(); });
    };
    s.onerror = fallBack;
    document.head.appendChild(s);
  }

  if ('IntersectionObserver' in window) {
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) {
          seen.unobserve(e.target);
          load(function () { draw(e.target); });
        }
      });
    }, { rootMargin: '200px 0px' });
    boxes.forEach(function (el) { seen.observe(el); });
  } else {
    load(function () { boxes.forEach(draw); });
  }

  function resizeAll() {
    drawn.forEach(function (chart) { chart.resize(); });
  }
  var frame = 0;
  window.addEventListener('resize', function () {
    window.cancelAnimationFrame(frame);
    frame = window.requestAnimationFrame(resizeAll);
  });
  // The printed page is narrower than the screen: draw every chart and
  // fit it to the paper. Before ECharts has come, the tables print.
  var opened = [];
  var PAPER = 680; // CSS px across A4 less 14 mm margins each side
  window.addEventListener('beforeprint', function () {
    if (state === 'ready') {
      boxes.forEach(draw);
      // The browser lays the page out for paper only after this event:
      // draw at the width of A4 inside the print margins (style.css
      // @page), so that no chart is cut at the right edge.
      // ECharts redraws on the next animation frame, which may come only
      // after the page has gone to paper: redraw now (flush).
      drawn.forEach(function (chart) {
        chart.resize({ width: Math.min(chart.getDom().clientWidth || PAPER, PAPER) });
        chart.getZr().flush();
      });
      return;
    }
    root.classList.remove('js-charts');
    Array.prototype.forEach.call(document.querySelectorAll('details.figure-data:not([open])'), function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
    if (state !== 'failed') {
      root.classList.add('js-charts');
    }
    resizeAll();
  });
})();
