// Charts through Chart.js 3 (Debian's libjs-chart.js, served by our server at
// /assets/vendor/chart.js/). Each chart is a canvas in a figure whose caption and the table
// beside it carry the same figures as text; suppressed values are gaps, never zeros.
import {h} from './dom.js';

// Colour-blind-safe (Okabe–Ito), dark enough against white for the lines and bars.
export const palette = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9',
                        '#000000', '#8C6D00'];

const live = [];

/// Every chart drawn on the current page (the browser tests read it).
window.soundingsCharts = live;

export function destroyCharts() {
  while (live.length) live.pop().destroy();
}

export function chartsAvailable() {
  return typeof window.Chart === 'function';
}

/// A figure with a canvas drawn by Chart.js; `label` is the canvas's accessible name.
export function chartFigure(label, config, options = {}) {
  const canvas = h('canvas', {role: 'img', 'aria-label': label});
  const figure = h('figure', {class: `chart ${options.class || ''}`},
                   h('div', {class: 'chart-box', style: null}, canvas),
                   h('figcaption', {}, label));
  if (options.height) figure.firstChild.dataset.height = options.height;
  if (!chartsAvailable()) {
    figure.replaceChildren(h('p', {class: 'notice'},
      'Charts are unavailable: the server has no Chart.js (install libjs-chart.js). The tables show every figure.'));
    return figure;
  }
  // Draw once the canvas is in the document, so it gets its size.
  queueMicrotask(() => {
    const base = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {legend: {position: 'bottom'}},
    };
    const chart = new window.Chart(canvas, {...config,
      options: merge(base, config.options || {})});
    canvas.dataset.chart = 'drawn';
    live.push(chart);
  });
  return figure;
}

function merge(a, b) {
  const out = {...a};
  for (const [key, value] of Object.entries(b)) {
    out[key] = value && typeof value === 'object' && !Array.isArray(value) && a[key]
      ? merge(a[key], value) : value;
  }
  return out;
}

export function colour(i) {
  return palette[i % palette.length];
}
