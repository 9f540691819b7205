// Configuration: the file over the defaults (GET /configuration; secrets come masked), one section at a time as a
// form. Save sends only the changed keys (POST /configuration/{section}); the server validates the whole resulting
// file and answers 400 with the errors by key, shown next to their fields. Reload (POST /reload) applies the
// runtime keys and says which need a restart.
import { api } from './api.js';
import { el, flash } from './dom.js';

const MASK = '******';

/** The section's leaves as [dotted key, value]; objects nest, arrays are one value. */
function leaves(prefix, node, out = []) {
  for (const [k, v] of Object.entries(node)) {
    const key = prefix ? prefix + '.' + k : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
      leaves(key, v, out);
    } else {
      out.push([key, v]);
    }
  }
  return out;
}

function inputFor(key, value) {
  const id = 'cfg-' + key.replace(/[^A-Za-z0-9_-]/g, '_');
  if (typeof value === 'boolean') {
    return el('input', { id, type: 'checkbox', checked: value, 'data-type': 'boolean' });
  }
  if (typeof value === 'number') {
    return el('input', { id, type: 'number', value, step: 'any', 'data-type': 'number' });
  }
  if (value !== null && typeof value === 'object') {
    // Lists and empty objects: edited as JSON.
    return el('input', { id, value: JSON.stringify(value), 'data-type': 'json' });
  }
  // A masked secret stays read-only here: the page never knows it, so it could only overwrite it blindly.
  return el('input', { id, value: value ?? '', 'data-type': 'string', readonly: value === MASK,
    title: value === MASK ? 'A secret: change it in the configuration file' : undefined });
}

function valueOf(input) {
  switch (input.dataset.type) {
    case 'boolean': return input.checked;
    case 'number': return input.value === '' ? '' : Number(input.value); // empty: the server says what it wants, not 0
    case 'json': return JSON.parse(input.value);
    default: return input.value;
  }
}

function current(input) {
  return input.dataset.type === 'boolean' ? String(input.checked) : input.value;
}

export function showConfig(view) {
  const picker = el('select', { id: 'config-section' });
  const form = el('form', { id: 'config-form', class: 'card' });
  const result = el('div', { id: 'config-result' });
  let sections = {};
  let fields = [];

  const renderSection = () => {
    const section = picker.value;
    fields = leaves('', sections[section] || {}).map(([key, value]) => {
      const input = inputFor(key, value);
      const error = el('span', { class: 'field-error', hidden: true, id: input.id + '-error' });
      const row = el('label', { class: input.type === 'checkbox' ? 'check cfg' : 'cfg' },
        el('span', { class: 'cfg-key' }, section + '.' + key), input, error);
      return { key, input, error, row, original: current(input) };
    });
    const save = el('button', { type: 'submit', id: 'config-save' }, 'Save ' + section);
    const reload = el('button', { type: 'button', id: 'config-reload', class: 'secondary', onclick: doReload }, 'Reload');
    form.replaceChildren(...fields.map((f) => f.row), el('div', { class: 'actions' }, save, reload));
  };

  const load = async (keep) => {
    try {
      sections = (await api('GET', '/configuration')).data;
    } catch (e) {
      form.replaceChildren(el('p', { class: 'error' }, e.message));
      return;
    }
    const chosen = keep || picker.value || 'mqtt';
    picker.replaceChildren(...Object.keys(sections).map((s) => el('option', { value: s }, s)));
    picker.value = sections[chosen] ? chosen : Object.keys(sections)[0];
    renderSection();
  };

  const save = async (event) => {
    event.preventDefault();
    const section = picker.value;
    const body = {};
    fields.forEach((f) => { f.error.hidden = true; f.input.classList.remove('invalid'); });
    for (const f of fields.filter((f) => current(f.input) !== f.original)) {
      try {
        body[f.key] = valueOf(f.input);
      } catch (e) {
        showFieldError(f, 'not valid JSON: ' + e.message);
        return;
      }
    }
    if (Object.keys(body).length === 0) {
      flash('Nothing changed.');
      return;
    }
    try {
      const r = await api('POST', '/configuration/' + encodeURIComponent(section), body);
      showReport('Saved to ' + r.data.file + '.', [['Applied by a reload', r.data.applied_by_reload],
        ['Need a restart', r.data.needs_restart]]);
      await load(section);
      result.append(el('p', { class: 'muted' }, 'Reload to apply the runtime keys.'));
    } catch (e) {
      const byKey = (e.data && e.data.fields) || {};
      let shown = 0;
      for (const f of fields) {
        const message = byKey[section + '.' + f.key];
        if (message) {
          showFieldError(f, message);
          shown++;
        }
      }
      // The messages of keys that have no field here (a key of another section that the change made invalid).
      const others = ((e.data && e.data.errors) || [])
        .filter((m) => !Object.keys(byKey).some((k) => m.includes(k) && fields.some((f) => section + '.' + f.key === k)));
      result.replaceChildren(el('p', { class: 'error', id: 'config-error' }, 'Not saved: ' + e.message
        + (shown ? ' (see the fields marked below)' : '')), ...others.map((m) => el('p', { class: 'error' }, m)));
    }
  };

  const showFieldError = (f, message) => {
    f.error.textContent = message;
    f.error.hidden = false;
    f.input.classList.add('invalid');
    f.input.focus();
  };

  const showReport = (title, lists) => {
    result.replaceChildren(el('p', { class: 'ok', id: 'config-report' }, title),
      ...lists.filter(([, items]) => items && items.length > 0).map(([label, items]) =>
        el('p', {}, el('span', { class: 'muted' }, label + ': '), items.join(', '))));
  };

  async function doReload() {
    try {
      const r = await api('POST', '/reload');
      showReport('Reloaded.', [['Applied', r.data.applied], ['Need a restart', r.data.needs_restart], ['Notes', r.data.notes]]);
      flash('Reloaded the configuration.');
    } catch (e) {
      result.replaceChildren(el('p', { class: 'error', id: 'config-error' }, 'Reload refused: ' + e.message),
        ...((e.data && e.data.errors) || []).map((m) => el('p', { class: 'error' }, m)));
    }
  }

  form.addEventListener('submit', save);
  picker.addEventListener('change', () => { result.replaceChildren(); renderSection(); });
  view.replaceChildren(el('h2', {}, 'Configuration'),
    el('p', { class: 'muted' }, 'The configuration file over the defaults; secrets are masked. Saving writes the changed keys'
      + ' to the file after the broker has checked the whole result; Reload applies those that can change at run time.'),
    el('div', { class: 'toolbar' }, el('label', { class: 'inline' }, 'Section ', picker)), result, form);
  load();
  return () => {};
}
