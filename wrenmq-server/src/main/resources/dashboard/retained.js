// Retained messages: browse (GET /mqtt/retained, optionally by topic filter, a page at a time), view one payload as
// text, JSON or hex, delete one (DELETE /mqtt/retained/{topic}). $SYS topics are listed too (the REST API adds them).
import { api } from './api.js';
import { el, flash, formatBytes, table } from './dom.js';

const PAGE_SIZE = 50;

function decodeBase64(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) {
    bytes[i] = bin.charCodeAt(i);
  }
  return bytes;
}

/** The classic dump: offset, 16 bytes in hex, the printable ASCII beside them. */
export function hexDump(bytes) {
  const lines = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const chunk = bytes.subarray(off, off + 16);
    const hex = Array.from(chunk, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(chunk, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(off.toString(16).padStart(8, '0') + '  ' + hex.padEnd(47) + '  |' + ascii + '|');
  }
  return lines.join('\n');
}

function render(bytes, as) {
  if (as === 'hex') {
    return bytes.length === 0 ? '(empty)' : hexDump(bytes);
  }
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    return '(not UTF-8 text: see Hex)';
  }
  if (as === 'json') {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch (e) {
      return '(not JSON: ' + e.message + ')';
    }
  }
  return text;
}

export function showRetained(view) {
  let page = 1;
  const filter = el('input', { id: 'retained-filter', type: 'search', placeholder: 'Topic filter, e.g. plant/+/state (empty: all)' });
  const count = el('span', { class: 'muted', id: 'retained-count' });
  const prev = el('button', { type: 'button', class: 'secondary', id: 'retained-prev' }, '‹ Previous');
  const next = el('button', { type: 'button', class: 'secondary', id: 'retained-next' }, 'Next ›');
  const list = el('div', { id: 'retained-list' }, el('p', { class: 'muted' }, 'Loading…'));
  const viewer = el('section', { id: 'retained-view', class: 'card', hidden: true });

  const load = async () => {
    const q = '?_page=' + page + '&_limit=' + PAGE_SIZE
      + (filter.value.trim() ? '&topic=' + encodeURIComponent(filter.value.trim()) : '');
    let r;
    try {
      r = await api('GET', '/mqtt/retained' + q);
    } catch (e) {
      list.replaceChildren(el('p', { class: 'error' }, e.message));
      return;
    }
    const pages = Math.max(1, Math.ceil(r.meta.count / PAGE_SIZE));
    count.textContent = r.meta.count + ' retained' + (pages > 1 ? ', page ' + page + ' of ' + pages : '');
    prev.disabled = page <= 1;
    next.disabled = page >= pages;
    list.replaceChildren(r.data.length === 0 ? el('p', { class: 'muted', id: 'retained-table' }, 'No retained messages.')
      : table('retained-table', ['Topic', 'QoS', 'Size', 'Published by', 'Stored at'],
        r.data.map((m) => el('tr', { 'data-topic': m.topic },
          el('td', {}, el('a', { href: '#/retained', onclick: (e) => { e.preventDefault(); show(m); } }, m.topic)),
          el('td', {}, m.qos), el('td', {}, formatBytes(decodeBase64(m.payload).length)),
          el('td', {}, m.clientid ?? ''), el('td', {}, m.stored_at)))));
  };

  const show = (m) => {
    const bytes = decodeBase64(m.payload);
    const out = el('pre', { id: 'retained-payload', class: 'payload-view' });
    const modes = [['text', 'Text'], ['json', 'JSON'], ['hex', 'Hex']].map(([as, label]) =>
      el('button', { type: 'button', class: 'secondary', id: 'view-' + as, onclick: () => pick(as) }, label));
    const pick = (as) => {
      out.textContent = render(bytes, as);
      modes.forEach((b) => b.classList.toggle('active', b.id === 'view-' + as));
    };
    const confirm = el('button', { type: 'button', id: 'retained-delete-confirm', class: 'danger', hidden: true,
      onclick: () => remove(m.topic) }, 'Really delete');
    const del = el('button', { type: 'button', id: 'retained-delete', class: 'danger',
      onclick: () => { confirm.hidden = false; del.hidden = true; } }, 'Delete');
    viewer.replaceChildren(el('h3', { id: 'retained-topic' }, m.topic),
      el('p', { class: 'muted' }, 'QoS ' + m.qos + ', ' + bytes.length + ' bytes, stored ' + m.stored_at),
      el('div', { class: 'actions' }, modes), out, el('div', { class: 'actions' }, del, confirm));
    viewer.hidden = false;
    pick(bytes.length > 0 && render(bytes, 'text').startsWith('(not UTF-8') ? 'hex' : 'text');
  };

  const remove = async (topic) => {
    try {
      await api('DELETE', '/mqtt/retained/' + encodeURIComponent(topic));
      flash('Deleted the retained message on ' + topic + '.');
    } catch (e) {
      flash('Delete failed: ' + e.message, true);
    }
    viewer.hidden = true;
    load();
  };

  filter.addEventListener('keydown', (e) => { if (e.key === 'Enter') { page = 1; load(); } });
  prev.addEventListener('click', () => { page--; load(); });
  next.addEventListener('click', () => { page++; load(); });
  view.replaceChildren(el('h2', {}, 'Retained messages'),
    el('div', { class: 'toolbar' }, filter,
      el('button', { type: 'button', id: 'retained-search', onclick: () => { page = 1; load(); } }, 'Search'),
      count, prev, next),
    viewer, list);
  load();
  return () => {};
}
