// The WebSocket MQTT client tool: connects from the browser to this broker's ws (or wss) listener with the vendored
// MQTT.js (loaded only when this page opens), subscribes, publishes with QoS, retain and MQTT 5 properties (content
// type, message expiry, user properties) and logs what goes out and comes in. The listener is found through
// /dashboard/listeners; the Content-Security-Policy allows exactly those ports on the page's own host.
import { api } from './api.js';
import { el, table } from './dom.js';

const MQTTJS = '/dashboard/vendor/mqttjs/mqtt.min.js';
const MAX_LOG = 200;
let loading = null;

function loadMqttJs() {
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = el('script', { src: MQTTJS });
      s.addEventListener('load', () => resolve(window.mqtt));
      s.addEventListener('error', () => { loading = null; reject(new Error('cannot load ' + MQTTJS)); });
      document.head.append(s);
    });
  }
  return loading;
}

function qosSelect(id) {
  return el('select', { id }, [0, 1, 2].map((q) => el('option', { value: q }, 'QoS ' + q)));
}

function field(label, input) {
  return el('label', {}, label, input);
}

/** "key=value" lines into MQTT 5 user properties (MQTT.js takes an object; a repeated key becomes a list). */
export function userProperties(text) {
  const props = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter((l) => l)) {
    const eq = line.indexOf('=');
    const [k, v] = eq < 0 ? [line, ''] : [line.substring(0, eq).trim(), line.substring(eq + 1).trim()];
    props[k] = k in props ? [].concat(props[k], v) : v;
  }
  return props;
}

function describe(properties) {
  if (!properties) {
    return '';
  }
  const parts = [];
  if (properties.contentType) {
    parts.push('content type ' + properties.contentType);
  }
  if (properties.messageExpiryInterval !== undefined) {
    parts.push('expiry ' + properties.messageExpiryInterval + ' s');
  }
  for (const [k, v] of Object.entries(properties.userProperties || {})) {
    parts.push(k + '=' + v);
  }
  return parts.join(', ');
}

export function showWsClient(view) {
  let client = null;
  const url = el('input', { id: 'ws-url', placeholder: 'ws://host:8083/mqtt' });
  const clientId = el('input', { id: 'ws-clientid', value: 'dashboard-' + Math.random().toString(16).substring(2, 10) });
  const username = el('input', { id: 'ws-username', autocomplete: 'off' });
  const password = el('input', { id: 'ws-password', type: 'password', autocomplete: 'off' });
  const status = el('span', { id: 'ws-status', class: 'muted' }, 'Disconnected');
  const connect = el('button', { type: 'button', id: 'ws-connect' }, 'Connect');
  const disconnect = el('button', { type: 'button', id: 'ws-disconnect', class: 'secondary', disabled: true }, 'Disconnect');
  const subTopic = el('input', { id: 'sub-topic', value: '#' });
  const subQos = qosSelect('sub-qos');
  const subscribe = el('button', { type: 'button', id: 'sub-button', disabled: true }, 'Subscribe');
  const subs = el('ul', { id: 'ws-subs', class: 'plain' });
  const pubTopic = el('input', { id: 'pub-topic', value: 'test/dashboard' });
  const pubPayload = el('textarea', { id: 'pub-payload', rows: 3 });
  const pubQos = qosSelect('pub-qos');
  const pubRetain = el('input', { id: 'pub-retain', type: 'checkbox' });
  const contentType = el('input', { id: 'pub-content-type', placeholder: 'e.g. application/json' });
  const expiry = el('input', { id: 'pub-expiry', type: 'number', min: 0, placeholder: 'seconds' });
  const userProps = el('textarea', { id: 'pub-user-props', rows: 2, placeholder: 'key=value, one a line' });
  const publish = el('button', { type: 'button', id: 'pub-button', disabled: true }, 'Publish');
  const rows = el('tbody');
  const log = el('div', { class: 'table-wrap' }, el('table', { id: 'ws-log' },
    el('thead', {}, el('tr', {}, ['Time', '', 'Topic', 'QoS', 'Retain', 'Payload', 'Properties'].map((c) => el('th', {}, c)))),
    rows));

  const note = (dir, topic, qos, retain, payload, properties) => {
    rows.prepend(el('tr', { class: dir === 'in' ? 'in' : 'out' }, el('td', {}, new Date().toLocaleTimeString()),
      el('td', {}, dir === 'in' ? '⇐ in' : '⇒ out'), el('td', {}, topic), el('td', {}, qos), el('td', {}, retain ? 'yes' : ''),
      el('td', { class: 'payload' }, payload), el('td', {}, describe(properties))));
    while (rows.children.length > MAX_LOG) {
      rows.lastChild.remove();
    }
  };
  const setState = (text, connected) => {
    status.textContent = text;
    status.className = connected ? 'ok' : 'muted';
    connect.disabled = connected;
    disconnect.disabled = !connected;
    subscribe.disabled = !connected;
    publish.disabled = !connected;
  };
  const end = () => {
    if (client) {
      client.end(true);
      client = null;
    }
  };

  connect.addEventListener('click', async () => {
    end();
    setState('Connecting…', false);
    connect.disabled = true;
    let mqtt;
    try {
      mqtt = await loadMqttJs();
    } catch (e) {
      setState(e.message, false);
      return;
    }
    // protocolVersion 5 so that the properties go on the wire; reconnectPeriod 0: an operator retries by hand;
    // timerVariant 'native': MQTT.js would otherwise run its keep-alive timer in a worker made from a blob: URL,
    // which the Content-Security-Policy (script-src 'self') refuses.
    const c = mqtt.connect(url.value.trim(), { clientId: clientId.value.trim(), username: username.value || undefined,
      password: password.value || undefined, protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 10000, clean: true,
      timerVariant: 'native' });
    client = c;
    subs.replaceChildren();
    c.on('connect', () => setState('Connected as ' + clientId.value.trim(), true));
    c.on('error', (e) => setState('Error: ' + e.message, false));
    c.on('close', () => { if (client === c) setState('Disconnected', false); });
    c.on('message', (topic, payload, packet) =>
      note('in', topic, packet.qos, packet.retain, new TextDecoder().decode(payload), packet.properties));
  });
  disconnect.addEventListener('click', () => { end(); setState('Disconnected', false); });
  subscribe.addEventListener('click', () => {
    const topic = subTopic.value.trim();
    const qos = Number(subQos.value);
    client.subscribe(topic, { qos }, (err, granted) => {
      const g = granted && granted[0];
      subs.append(el('li', {}, err ? topic + ': ' + err.message
        : topic + ' (granted QoS ' + (g ? g.qos : qos) + ')'));
    });
  });
  publish.addEventListener('click', () => {
    const properties = {};
    if (contentType.value.trim()) {
      properties.contentType = contentType.value.trim();
    }
    if (expiry.value !== '') {
      properties.messageExpiryInterval = Number(expiry.value);
    }
    const up = userProperties(userProps.value);
    if (Object.keys(up).length > 0) {
      properties.userProperties = up;
    }
    const topic = pubTopic.value.trim();
    const qos = Number(pubQos.value);
    client.publish(topic, pubPayload.value, { qos, retain: pubRetain.checked, properties }, (err) => {
      if (err) {
        note('out', topic, qos, pubRetain.checked, 'failed: ' + err.message, properties);
      }
    });
    note('out', topic, qos, pubRetain.checked, pubPayload.value, properties);
  });

  view.replaceChildren(el('h2', {}, 'WebSocket client'),
    el('div', { class: 'tool' },
      el('form', { class: 'card', onsubmit: (e) => e.preventDefault() }, el('h3', {}, 'Connection'), field('URL', url),
        field('Client id', clientId),
        field('User name', username), field('Password', password),
        el('div', { class: 'actions' }, connect, disconnect, status)),
      el('section', { class: 'card' }, el('h3', {}, 'Subscribe'), field('Topic filter', subTopic), field('QoS', subQos),
        el('div', { class: 'actions' }, subscribe), subs),
      el('section', { class: 'card' }, el('h3', {}, 'Publish'), field('Topic', pubTopic), field('Payload', pubPayload),
        el('div', { class: 'row' }, field('QoS', pubQos), el('label', { class: 'check' }, pubRetain, ' Retain')),
        field('Content type', contentType), field('Message expiry (s)', expiry), field('User properties', userProps),
        el('div', { class: 'actions' }, publish))),
    el('h3', {}, 'Messages'), log);

  api('GET', '/dashboard/listeners').then((listeners) => {
    const ws = listeners.find((l) => l.type === (location.protocol === 'https:' ? 'wss' : 'ws'))
      || listeners.find((l) => l.type === 'ws' || l.type === 'wss');
    if (!ws) {
      status.textContent = 'No ws or wss listener is running (listeners.ws in the configuration).';
      connect.disabled = true;
      return;
    }
    const port = ws.bind.substring(ws.bind.lastIndexOf(':') + 1);
    url.value = ws.type + '://' + location.hostname + ':' + port + (ws.path || '/mqtt');
  }, (e) => { status.textContent = e.message; });
  return end;
}
