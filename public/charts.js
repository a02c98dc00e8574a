// Charts on top of their tables (views/components/chart.tsx): each figure[data-chart] is drawn
// with uPlot, loaded from /assets on first need; without this file the table shows the figures.
(function () {
  'use strict';

  var loading = null;
  function loadUPlot() {
    if (window.uPlot) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var css = document.createElement('link');
        css.rel = 'stylesheet';
        css.href = '/assets/uplot.min.css';
        document.head.appendChild(css);
        var js = document.createElement('script');
        js.src = '/assets/uplot.iife.min.js';
        js.onload = function () {
          resolve();
        };
        js.onerror = reject;
        document.head.appendChild(js);
      });
    }
    return loading;
  }

  var COLORS = ['#2b59c3', '#d97706', '#15803d', '#b91c1c', '#7c3aed', '#0e7490'];

  function draw(figure) {
    if (figure.dataset.drawn) return;
    var holder = figure.querySelector('.chart-plot');
    if (!holder) return;
    var data;
    try {
      data = JSON.parse(figure.getAttribute('data-chart') || '{}');
    } catch (e) {
      return;
    }
    figure.dataset.drawn = '1';
    var labels = data.labels || [];
    var xs = labels.map(function (_, i) {
      return i;
    });
    var n = (data.series || []).length || 1;
    // Bars side by side for one or two series (one left of its tick, one right); more read better as lines.
    var bars = data.kind === 'bars' && n <= 2;
    // The legend shows the period under the cursor; with none (the page just drawn, the cursor
    // elsewhere), the latest period's figures rather than uPlot's "--".
    var at = function (idx) {
      return idx == null ? labels.length - 1 : idx;
    };
    var series = [
      {
        label: 'Period',
        value: function (u, v, sidx, idx) {
          return labels[at(idx)] || '';
        },
      },
    ].concat(
      (data.series || []).map(function (s, i) {
        var color = COLORS[i % COLORS.length];
        var out = {
          label: s.label,
          stroke: color,
          width: 2,
          points: { show: labels.length <= 24 },
          value: function (u, v, sidx, idx) {
            var i = at(idx);
            if (s.text && s.text[i] != null) return s.text[i];
            var x = u.data[sidx][i];
            return x == null ? '' : x.toLocaleString() + (data.unit ? ' ' + data.unit : '');
          },
        };
        if (bars) {
          out.fill = color;
          out.paths = window.uPlot.paths.bars({ size: [n === 1 ? 0.6 : 0.38, 60], align: n === 1 ? 0 : i === 0 ? -1 : 1, gap: 1 });
          out.points = { show: false };
        }
        return out;
      }),
    );
    var width = Math.max(240, holder.clientWidth || figure.clientWidth || 600);
    var opts = {
      width: width,
      height: 220,
      series: series,
      scales: {
        x: {
          time: false,
          range: function () {
            return [bars ? -0.5 : 0, Math.max(labels.length - (bars ? 0.5 : 1), 1)];
          },
        },
      },
      axes: [
        {
          values: function (u, ticks) {
            return ticks.map(function (t) {
              return Number.isInteger(t) ? labels[t] || '' : '';
            });
          },
          space: 60,
        },
        {
          values: function (u, ticks) {
            return ticks.map(function (t) {
              return t.toLocaleString() + (data.unit ? ' ' + data.unit : '');
            });
          },
          size: 80,
        },
      ],
      legend: { show: true },
    };
    var plot = new window.uPlot(
      opts,
      [xs].concat(
        (data.series || []).map(function (s) {
          return s.values;
        }),
      ),
      holder,
    );
    figure.classList.add('chart-drawn');
    // Follow the box's width (a phone turned, the menu opened).
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        var w = holder.clientWidth;
        if (w && Math.abs(w - plot.width) > 4) plot.setSize({ width: w, height: 220 });
      }).observe(holder);
    }
  }

  function drawAll(root) {
    var figures = (root || document).querySelectorAll('figure[data-chart]');
    if (!figures.length) return;
    loadUPlot().then(
      function () {
        figures.forEach(draw);
      },
      function () {
        /* the tables stay */
      },
    );
  }

  document.addEventListener('DOMContentLoaded', function () {
    drawAll(document);
  });
  // Boosted navigation and htmx swaps bring new charts without a page load.
  document.addEventListener('htmx:afterSettle', function (e) {
    drawAll(e.target);
  });
})();
