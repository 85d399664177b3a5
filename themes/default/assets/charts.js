// Makes the page's charts interactive. Every chart is already on the page
// as a static SVG drawn by the generator (it shows and prints without any
// script); this script loads ECharts (data-echarts on its own element)
// only when a reader reaches for a chart — the pointer comes over it on a
// device with a mouse, a tap, or Enter or Space on it from the keyboard —
// and then draws that chart, and only that one, with ECharts in the same
// box, over the static drawing (same size: nothing moves). The option is
// the JSON data block <script type="application/json" id="ID"> named by
// the box's data-chart-option; it holds no functions, so nothing here
// evaluates page data. If ECharts cannot load, the static charts stay.
(function () {
  'use strict';
  var me = document.currentScript;
  var src = me && me.getAttribute('data-echarts');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('.chart[data-chart-option]'));
  if (!boxes.length || !src) {
    return;
  }
  var HINT = '点按或按回车键查看交互图表（可看各项数值）';
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
    // ECharts draws into a layer over the static SVG, which keeps the
    // box's size and stays for print (style.css).
    var live = document.createElement('div');
    live.className = 'chart-live';
    live.setAttribute('role', 'img'); // ECharts names it (aria-label)
    el.appendChild(live);
    var chart = window.echarts.init(live, null, { renderer: 'svg', locale: 'ZH' });
    chart.setOption(option);
    el.classList.add('is-live');
    el.removeAttribute('role');
    el.removeAttribute('aria-description');
    drawn.push(chart);
  }

  function load(then) {
    if (state === 'ready') {
      then();
      return;
    }
    if (state === 'failed') {
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
        state = 'failed';
        return;
      }
      state = 'ready';
      var w = waiting;
      waiting = [];
      w.forEach(function (f) { f(); });
    };
    // The static charts stay: nothing to undo.
    s.onerror = function () { state = 'failed'; };
    document.head.appendChild(s);
  }

  function wake(el) {
    if (!el.getAttribute('data-drawn')) {
      load(function () { draw(el); });
    }
  }

  boxes.forEach(function (el) {
    // Reachable from the keyboard, with a hint of what it does.
    el.tabIndex = 0;
    el.setAttribute('role', 'button');
    el.setAttribute('aria-description', HINT);
    el.addEventListener('pointerenter', function (e) {
      if (e.pointerType === 'mouse' || e.pointerType === 'pen') {
        wake(el);
      }
    });
    el.addEventListener('click', function () { wake(el); });
    el.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') {
        if (!el.getAttribute('data-drawn')) {
          e.preventDefault();
        }
        wake(el);
      }
    });
  });

  function resizeAll() {
    drawn.forEach(function (chart) { chart.resize(); });
  }
  var frame = 0;
  window.addEventListener('resize', function () {
    window.cancelAnimationFrame(frame);
    frame = window.requestAnimationFrame(resizeAll);
  });
})();
