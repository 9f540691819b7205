// Bans: the ban list (GET /banned: from the configuration, from flapping detection and from the API), add a ban on a
// client id, user name or address/CIDR (POST /banned), lift one (DELETE /banned/{as}/{who}). A banned client is
// refused at CONNECT; a ban does not disconnect a client that is already connected (kick it on the Clients page).
import { api } from './api.js';
import { el, flash, table } from './dom.js';

const KINDS = [['clientid', 'Client id'], ['username', 'User name'], ['ipaddr', 'Address or CIDR']];
const LIMIT = 1000;

export function showBans(view) {
  const as = el('select', { id: 'ban-as' }, KINDS.map(([v, label]) => el('option', { value: v }, label)));
  const who = el('input', { id: 'ban-who', required: true, placeholder: 'e.g. sensor-7, alice or 10.0.0.0/8' });
  const reason = el('input', { id: 'ban-reason', placeholder: 'optional' });
  const until = el('input', { id: 'ban-until', type: 'datetime-local', title: 'Empty: until lifted' });
  const list = el('div', { id: 'bans-list' }, el('p', { class: 'muted' }, 'Loading…'));

  const load = async () => {
    let r;
    try {
      r = await api('GET', '/banned?_limit=' + LIMIT);
    } catch (e) {
      list.replaceChildren(el('p', { class: 'error' }, e.message));
      return;
    }
    list.replaceChildren(r.data.length === 0 ? el('p', { class: 'muted', id: 'bans-table' }, 'Nobody is banned.')
      : table('bans-table', ['Kind', 'Who', 'Reason', 'By', 'Until', ''], r.data.map((b) =>
        el('tr', { 'data-ban': b.as + ':' + b.who },
          el('td', {}, b.as), el('td', {}, b.who), el('td', {}, b.reason ?? ''), el('td', {}, b.by ?? ''),
          el('td', {}, b.until ?? 'lifted by hand'),
          el('td', {}, el('button', { type: 'button', class: 'secondary lift', onclick: () => lift(b) }, 'Lift'))))));
  };

  const lift = async (b) => {
    try {
      await api('DELETE', '/banned/' + encodeURIComponent(b.as) + '/' + encodeURIComponent(b.who));
      flash('Lifted the ban on ' + b.as + ' ' + b.who + '.');
    } catch (e) {
      flash('Lifting failed: ' + e.message, true);
    }
    load();
  };

  const add = async (event) => {
    event.preventDefault();
    const body = { as: as.value, who: who.value.trim(), reason: reason.value.trim() };
    if (until.value) {
      body.until = new Date(until.value).toISOString(); // the browser's local time, sent as an instant
    }
    try {
      await api('POST', '/banned', body);
      flash('Banned ' + body.as + ' ' + body.who + '.');
      who.value = '';
      reason.value = '';
      until.value = '';
    } catch (e) {
      flash('Ban refused: ' + e.message, true);
    }
    load();
  };

  view.replaceChildren(el('h2', {}, 'Bans'),
    el('form', { id: 'ban-form', class: 'card ban-form', onsubmit: add },
      el('label', {}, 'Ban', as), el('label', {}, 'Who', who), el('label', {}, 'Reason', reason),
      el('label', {}, 'Until (empty: until lifted)', until),
      el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'ban-add', class: 'danger' }, 'Ban'))),
    el('p', { class: 'muted' }, 'A banned client is refused when it connects; one that is connected stays until kicked.'),
    list);
  load();
  return () => {};
}
