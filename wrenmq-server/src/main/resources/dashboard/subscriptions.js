// Subscriptions: every subscription of every session (GET /subscriptions), searchable by client id or topic filter,
// and the topic tree (GET /topic-tree): the subscribed filters level by level, each with the clients subscribed
// exactly there. Refreshed every 5 s, like the clients.
import { api } from './api.js';
import { el, table } from './dom.js';

const REFRESH_MS = 5000;

function clientLink(id) {
  return el('a', { href: '#/clients/' + encodeURIComponent(id) }, id);
}

/** One level of the tree and below, open unless folded before: <details> folds and unfolds without script. */
function treeNode(node, path, closed) {
  const full = path ? path + '/' + node.topic : node.topic;
  const here = node.clientids.length;
  const summary = el('summary', {}, el('code', {}, node.topic === '' ? '(empty level)' : node.topic),
    here > 0 ? el('span', { class: 'muted' }, ' · ' + here + (here === 1 ? ' client: ' : ' clients: ')) : '',
    here > 0 ? node.clientids.flatMap((id, i) => (i === 0 ? [clientLink(id)] : [', ', clientLink(id)])) : '');
  return el('details', { open: !closed.has(full), 'data-filter': full }, summary,
    node.children.map((c) => treeNode(c, full, closed)));
}

export function showSubscriptions(view) {
  let all = [];
  const search = el('input', { id: 'subs-search', type: 'search', placeholder: 'Search client id or topic filter' });
  const count = el('span', { class: 'muted', id: 'subs-count' });
  const list = el('div', { id: 'subs-list' }, el('p', { class: 'muted' }, 'Loading…'));
  const tree = el('div', { id: 'topic-tree', class: 'card tree' }, el('p', { class: 'muted' }, 'Loading…'));
  const render = () => {
    const q = search.value.trim().toLowerCase();
    const shown = all.filter((s) => !q || s.clientid.toLowerCase().includes(q) || s.topic.toLowerCase().includes(q));
    count.textContent = shown.length + ' of ' + all.length;
    list.replaceChildren(table('subs-table', ['Client id', 'Topic filter', 'QoS', 'No local', 'Retain as published', 'Retain handling'],
      shown.map((s) => el('tr', { 'data-sub': s.clientid + ' ' + s.topic },
        el('td', {}, clientLink(s.clientid)), el('td', {}, s.topic), el('td', {}, s.qos), el('td', {}, String(s.no_local)),
        el('td', {}, String(s.retain_as_published)), el('td', {}, s.retain_handling)))));
  };
  const load = async () => {
    try {
      const [subs, topics] = await Promise.all([api('GET', '/subscriptions'), api('GET', '/topic-tree')]);
      all = subs.data;
      render();
      // The levels the operator folded stay folded across refreshes.
      const closed = new Set(Array.from(tree.querySelectorAll('details:not([open])'), (d) => d.dataset.filter));
      tree.replaceChildren(...(topics.data.length === 0 ? [el('p', { class: 'muted' }, 'No subscriptions.')]
        : topics.data.map((n) => treeNode(n, '', closed))));
    } catch (e) {
      list.replaceChildren(el('p', { class: 'error' }, e.message));
    }
  };
  search.addEventListener('input', render);
  view.replaceChildren(el('h2', {}, 'Subscriptions'),
    el('div', { class: 'toolbar' }, search, count,
      el('button', { type: 'button', id: 'subs-refresh', class: 'secondary', onclick: load }, 'Refresh')),
    list, el('h3', {}, 'Topic tree'), tree);
  load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}
