// Overview: the broker's numbers now (REST: /nodes, /metrics, /dashboard/listeners) and the last hour as charts
// (/dashboard/history, one sample every 10 s, kept by the server while the dashboard is in use).
import { api } from './api.js';
import { el, formatBytes, formatRate, table } from './dom.js';

const REFRESH_MS = 10000;

function stat(id, label) {
  return el('div', { class: 'card stat' }, el('div', { class: 'label' }, label), el('div', { class: 'value', id }, '—'));
}

function chartBox(id, title) {
  return el('div', { class: 'card' }, el('h3', {}, title), el('div', { class: 'chart-box' }, el('canvas', { id })));
}

function lineChart(canvas, series, yTitle) {
  return new window.Chart(canvas, {
    type: 'line',
    data: { labels: [], datasets: series.map(([label, color]) => ({ label, data: [], borderColor: color,
      backgroundColor: color, pointRadius: 0, borderWidth: 2, tension: 0.2 })) },
    options: { animation: false, responsive: true, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false },
      scales: { x: { ticks: { maxTicksLimit: 6 } }, y: { beginAtZero: true, title: { display: !!yTitle, text: yTitle } } },
      plugins: { legend: { position: 'bottom' } } },
  });
}

function set(id, value) {
  const e = document.getElementById(id);
  if (e) {
    e.textContent = value;
  }
}

export function showOverview(view) {
  view.replaceChildren(
    el('h2', {}, 'Overview'),
    el('div', { class: 'stats' },
      stat('stat-connections', 'Connections'), stat('stat-sessions', 'Sessions'),
      stat('stat-subscriptions', 'Subscriptions'), stat('stat-retained', 'Retained'),
      stat('stat-in', 'Messages in'), stat('stat-out', 'Messages out'), stat('stat-dropped', 'Dropped'),
      stat('stat-memory', 'Heap used'), stat('stat-cpu', 'Process CPU'), stat('stat-uptime', 'Uptime'),
      stat('stat-version', 'Version')),
    el('div', { class: 'charts' },
      chartBox('chart-clients', 'Connections, sessions, subscriptions'),
      chartBox('chart-messages', 'Messages per second'),
      chartBox('chart-resources', 'Heap (MB) and CPU (%)')),
    el('h3', {}, 'Listeners'),
    el('div', { id: 'listeners' }, el('p', { class: 'muted' }, 'Loading…')));
  const charts = {
    clients: lineChart(document.getElementById('chart-clients'),
      [['connections', '#2463b8'], ['sessions', '#1e7b3a'], ['subscriptions', '#b86e24']]),
    messages: lineChart(document.getElementById('chart-messages'),
      [['in', '#2463b8'], ['out', '#1e7b3a'], ['dropped', '#b3261e']]),
    resources: lineChart(document.getElementById('chart-resources'), [['heap MB', '#6b3fb8'], ['CPU %', '#b86e24']]),
  };
  const refresh = () => Promise.all([numbers(), history(charts)]).catch(() => {});
  refresh();
  listeners();
  const timer = setInterval(refresh, REFRESH_MS);
  return () => {
    clearInterval(timer);
    Object.values(charts).forEach((c) => c.destroy());
  };
}

async function numbers() {
  const [nodes, metrics] = await Promise.all([api('GET', '/nodes'), api('GET', '/metrics')]);
  const node = nodes.data[0];
  const m = metrics.data[0].metrics;
  set('stat-connections', m['client.connected']);
  set('stat-sessions', m['sessions.count']);
  set('stat-subscriptions', m['subscriptions.count']);
  set('stat-retained', m['messages.retained']);
  set('stat-memory', formatBytes(node.memory_used) + ' of ' + formatBytes(node.memory_total));
  set('stat-uptime', shortUptime(node.uptime));
  set('stat-version', node.version);
}

/** "1 days, 2 hours, 3 minutes, 4 seconds" (NanoMQ's shape) as "1d 2h 3m 4s", without leading zero units. */
function shortUptime(uptime) {
  const parts = (uptime.match(/\d+/g) || []).map(Number);
  const units = ['d', 'h', 'm', 's'];
  const first = parts.findIndex((n, i) => n > 0 || i === parts.length - 1);
  return parts.length === 4 ? parts.slice(first).map((n, i) => n + units[first + i]).join(' ') : uptime;
}

async function history(charts) {
  const h = await api('GET', '/dashboard/history');
  const samples = h.samples;
  const labels = samples.map((s) => new Date(s.time).toLocaleTimeString());
  const fill = (chart, columns) => {
    chart.data.labels = labels;
    columns.forEach((f, i) => {
      chart.data.datasets[i].data = samples.map(f);
      chart.data.datasets[i].pointRadius = samples.length < 30 ? 3 : 0; // a lone point needs a dot to be seen
    });
    chart.update();
  };
  fill(charts.clients, [(s) => s.connections, (s) => s.sessions, (s) => s.subscriptions]);
  fill(charts.messages, [(s) => s.messages_in, (s) => s.messages_out, (s) => s.messages_dropped]);
  fill(charts.resources, [(s) => Math.round(s.heap_used / 1048576), (s) => Math.round(s.process_cpu * 1000) / 10]);
  const last = samples[samples.length - 1];
  set('stat-in', formatRate(last?.messages_in));
  set('stat-out', formatRate(last?.messages_out));
  set('stat-dropped', formatRate(last?.messages_dropped));
  set('stat-cpu', last ? (last.process_cpu * 100).toFixed(1) + ' %' : '—');
}

async function listeners() {
  const box = document.getElementById('listeners');
  try {
    const running = await api('GET', '/dashboard/listeners');
    box.replaceChildren(table('listeners-table', ['Type', 'Name', 'Bound to', 'Max connections'],
      running.map((l) => el('tr', {}, el('td', {}, l.type), el('td', {}, l.name), el('td', {}, l.bind),
        el('td', {}, l.max_connections === 0 ? 'no limit' : l.max_connections)))));
  } catch (e) {
    if (box) {
      box.replaceChildren(el('p', { class: 'error' }, 'Listeners: ' + e.message));
    }
  }
}
