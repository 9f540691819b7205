// WebHooks, rules and bridges: their state and counters (GET /dashboard/webhooks, /rules, /bridges), and the switch
// each of the last two has in the REST API:
// a rule on or off (PUT /rules/{id} {"enabled"}: its counters start again, as the API says), a bridge started or
// stopped (POST /bridges/switch/{name}). Refreshed every 5 s.
import { api } from './api.js';
import { el, flash, table } from './dom.js';

const REFRESH_MS = 5000;

function switchButton(id, on, labels, action) {
  return el('button', { type: 'button', class: on ? 'secondary' : '', id, onclick: action }, on ? labels[0] : labels[1]);
}

function ruleRows(rules, reload) {
  return rules.map((r) => el('tr', { 'data-rule': r.id },
    el('td', {}, r.id), el('td', { class: 'payload' }, r.rawsql), el('td', {}, r.enabled ? 'on' : 'off'),
    el('td', {}, r.metrics.matched), el('td', {}, r.metrics.passed), el('td', {}, r.metrics.failed),
    el('td', {}, r.actions.map((a) => a.name + ': ' + a.metrics.success + ' ok, ' + a.metrics.failure + ' failed').join('; ')),
    el('td', { class: 'payload' }, r.metrics.last_error ?? ''),
    el('td', {}, switchButton('rule-switch-' + r.id, r.enabled, ['Switch off', 'Switch on'], async () => {
      try {
        await api('PUT', '/rules/' + encodeURIComponent(r.id), { enabled: !r.enabled });
        flash('Rule ' + r.id + (r.enabled ? ' switched off.' : ' switched on.'));
      } catch (e) {
        flash('Switching failed: ' + e.message, true);
      }
      reload();
    }))));
}

function bridgeRows(nodes, reload) {
  return nodes.map((b) => el('tr', { 'data-bridge': b.name },
    el('td', {}, b.name), el('td', {}, b.status.state), el('td', {}, b.status.server ?? b.connector.server),
    el('td', {}, b.status.counters.sent), el('td', {}, b.status.counters.acked), el('td', {}, b.status.counters.received),
    el('td', {}, b.status.counters.dropped), el('td', {}, b.status.cache.depth),
    el('td', {}, switchButton('bridge-switch-' + b.name, b.enable, ['Stop', 'Start'], async () => {
      try {
        await api('POST', '/bridges/switch/' + encodeURIComponent(b.name), { data: { bridge_switch: !b.enable } });
        flash('Bridge ' + b.name + (b.enable ? ' stopped.' : ' started.'));
      } catch (e) {
        flash('Switching failed: ' + e.message, true);
      }
      reload();
    }))));
}

function webhookRows(targets) {
  return targets.map((w) => el('tr', { 'data-webhook': w.name },
    el('td', {}, w.name), el('td', {}, w.url), el('td', {}, w.events.join(', ')),
    el('td', {}, !w.enable ? 'off' : w.running ? 'running' : 'not running'),
    ['sent', 'failed', 'retried', 'dropped', 'queued'].map((k) => el('td', {}, w.running ? w[k] : '—'))));
}

export function showIntegrations(view) {
  const webhooks = el('div', { id: 'webhooks-list', class: 'section' }, el('p', { class: 'muted' }, 'Loading…'));
  const rules = el('div', { id: 'rules-list', class: 'section' }, el('p', { class: 'muted' }, 'Loading…'));
  const bridges = el('div', { id: 'bridges-list', class: 'section' }, el('p', { class: 'muted' }, 'Loading…'));
  const load = () => {
    api('GET', '/dashboard/webhooks').then((r) => webhooks.replaceChildren(r.length === 0
      ? el('p', { class: 'muted', id: 'webhooks-table' }, 'No WebHook targets (webhook { ... } in the configuration).')
      : table('webhooks-table', ['Target', 'URL', 'Events', 'State', 'Sent', 'Failed', 'Retried', 'Dropped', 'Queued'],
        webhookRows(r))), (e) => webhooks.replaceChildren(el('p', { class: 'error' }, e.message)));
    api('GET', '/rules').then((r) => rules.replaceChildren(r.data.length === 0
      ? el('p', { class: 'muted', id: 'rules-table' }, 'No rules.')
      : table('rules-table', ['Id', 'SQL', 'State', 'Matched', 'Passed', 'Failed', 'Actions', 'Last error', ''],
        ruleRows(r.data, load))), (e) => rules.replaceChildren(el('p', { class: 'error' }, e.message)));
    api('GET', '/bridges').then((r) => bridges.replaceChildren(r.data.bridge.nodes.length === 0
      ? el('p', { class: 'muted', id: 'bridges-table' }, 'No bridges.')
      : table('bridges-table', ['Name', 'State', 'Server', 'Sent', 'Acked', 'Received', 'Dropped', 'Offline cache', ''],
        bridgeRows(r.data.bridge.nodes, load))), (e) => bridges.replaceChildren(el('p', { class: 'error' }, e.message)));
  };
  view.replaceChildren(el('h2', {}, 'WebHooks'), webhooks, el('h2', {}, 'Rules'), rules, el('h2', {}, 'Bridges'), bridges);
  load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}
