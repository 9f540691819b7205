// Clients: the sessions the broker holds (REST /clients), searchable by client id, user name or address; a
// client's details with its subscriptions (/subscriptions/{id}); kick (DELETE /clients/{id}).
import { api } from './api.js';
import { el, flash, table } from './dom.js';

const REFRESH_MS = 5000;

function clientLink(id) {
  return '#/clients/' + encodeURIComponent(id);
}

export function showClients(view) {
  let all = [];
  const search = el('input', { id: 'client-search', type: 'search', placeholder: 'Search client id, user name or address' });
  const count = el('span', { class: 'muted', id: 'clients-count' });
  const list = el('div', { id: 'clients-list' }, el('p', { class: 'muted' }, 'Loading…'));
  const render = () => {
    const q = search.value.trim().toLowerCase();
    const shown = all.filter((c) => !q || [c.clientid, c.username, c.ip_address]
      .some((v) => v && String(v).toLowerCase().includes(q)));
    count.textContent = shown.length + ' of ' + all.length;
    list.replaceChildren(table('clients-table',
      ['Client id', 'User name', 'State', 'Address', 'Protocol', 'Subscriptions', 'Queued'],
      shown.map((c) => el('tr', { 'data-clientid': c.clientid },
        el('td', {}, el('a', { href: clientLink(c.clientid) }, c.clientid)),
        el('td', {}, c.username ?? ''),
        el('td', {}, c.conn_state),
        el('td', {}, c.ip_address ? c.ip_address + ':' + c.port : ''),
        el('td', {}, c.proto_name ? c.proto_name + ' ' + c.proto_ver : ''),
        el('td', {}, c.subscriptions_cnt),
        el('td', {}, c.mqueue_len)))));
  };
  const load = async () => {
    try {
      const r = await api('GET', '/clients');
      all = r.data;
      render();
    } catch (e) {
      list.replaceChildren(el('p', { class: 'error' }, e.message));
    }
  };
  search.addEventListener('input', render);
  view.replaceChildren(el('h2', {}, 'Clients'),
    el('div', { class: 'toolbar' }, search, count,
      el('button', { type: 'button', id: 'clients-refresh', class: 'secondary', onclick: load }, 'Refresh')),
    list);
  load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}

export function showClient(view, clientId) {
  view.replaceChildren(el('p', {}, el('a', { href: '#/clients' }, '← All clients')),
    el('h2', { id: 'client-title' }, clientId), el('div', { id: 'client-details' }, el('p', { class: 'muted' }, 'Loading…')));
  load(clientId);
  return () => {};
}

async function load(clientId) {
  const box = document.getElementById('client-details');
  const id = encodeURIComponent(clientId);
  let client;
  let subs;
  try {
    [client, subs] = await Promise.all([api('GET', '/clients/' + id), api('GET', '/subscriptions/' + id)]);
  } catch (e) {
    box.replaceChildren(el('p', { class: 'error' }, e.status === 404 ? 'No client ' + clientId + ' (it is gone).' : e.message));
    return;
  }
  const c = client.data[0];
  const fields = [['State', c.conn_state], ['User name', c.username ?? '—'],
    ['Address', c.ip_address ? c.ip_address + ':' + c.port : '—'], ['Protocol', c.proto_name ? c.proto_name + ' ' + c.proto_ver : '—'],
    ['Listener', c.listener ?? '—'], ['Keep alive', c.keepalive !== undefined ? c.keepalive + ' s' : '—'],
    ['Clean start', c.clean_start ?? '—'], ['Connected at', c.connected_at ?? c.disconnected_at ?? '—'],
    ['Session expiry', c.expiry_interval + ' s'], ['Subscriptions', c.subscriptions_cnt],
    ['Queued messages', c.mqueue_len], ['In flight', c.inflight_cnt]];
  const confirm = el('button', { type: 'button', id: 'kick-confirm', class: 'danger', hidden: true,
    onclick: () => kick(clientId) }, 'Really kick ' + clientId);
  const kickButton = el('button', { type: 'button', id: 'kick', class: 'danger', disabled: !c.connected,
    onclick: () => { confirm.hidden = false; kickButton.hidden = true; } }, 'Kick');
  box.replaceChildren(
    el('dl', { class: 'fields' }, fields.map(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))])),
    el('div', { class: 'actions' }, kickButton, confirm),
    el('h3', {}, 'Subscriptions'),
    subs.data.length === 0 ? el('p', { class: 'muted', id: 'client-subs' }, 'None.')
      : table('client-subs', ['Topic filter', 'QoS', 'No local', 'Retain as published', 'Retain handling'],
        subs.data.map((s) => el('tr', {}, el('td', {}, s.topic), el('td', {}, s.qos), el('td', {}, String(s.no_local)),
          el('td', {}, String(s.retain_as_published)), el('td', {}, s.retain_handling)))));
}

async function kick(clientId) {
  try {
    await api('DELETE', '/clients/' + encodeURIComponent(clientId));
    flash('Kicked ' + clientId + '.');
    location.hash = '#/clients';
  } catch (e) {
    flash('Kick failed: ' + e.message, true);
  }
}
