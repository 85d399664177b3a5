// Draws the page's charts. Each <div class="chart" data-chart-option="ID">
// takes its ECharts option from the JSON data block
// <script type="application/json" id="ID"> that the generator wrote beside
// it; the option holds no functions, so nothing here evaluates page data.
// Until this script runs (or when JavaScript is off) the chart boxes stay
// hidden and the figures' tables carry the numbers.
(function () {
  'use strict';
  if (typeof window.echarts === 'undefined') {
    return;
  }
  var boxes = document.querySelectorAll('.chart[data-chart-option]');
  if (!boxes.length) {
    return;
  }
  // Show the boxes first: ECharts measures them when it starts.
  document.documentElement.classList.add('js-charts');
  var drawn = [];
  Array.prototype.forEach.call(boxes, function (el) {
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
  });
  function resizeAll() {
    drawn.forEach(function (chart) { chart.resize(); });
  }
  var pending = 0;
  window.addEventListener('resize', function () {
    window.cancelAnimationFrame(pending);
    pending = window.requestAnimationFrame(resizeAll);
  });
  // The printed page is narrower than the screen: fit the charts to it.
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
})();
