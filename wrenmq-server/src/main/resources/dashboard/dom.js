// Building the page with DOM calls only: text goes in as textContent, never as HTML, so a client id or a topic
// cannot inject markup or script.
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') {
      e.className = v;
    } else if (k.startsWith('on')) {
      e.addEventListener(k.substring(2), v);
    } else if (v !== undefined && v !== null && v !== false) {
      e.setAttribute(k, v === true ? '' : v);
    }
  }
  for (const c of children.flat(Infinity)) {
    if (c !== undefined && c !== null) {
      e.append(c instanceof Node ? c : String(c));
    }
  }
  return e;
}

export function table(id, columns, rows) {
  return el('div', { class: 'table-wrap' },
    el('table', { id },
      el('thead', {}, el('tr', {}, columns.map((c) => el('th', {}, c)))),
      el('tbody', {}, rows)));
}

export function formatBytes(n) {
  if (n === undefined || n === null || n < 0) {
    return '—';
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

export function formatRate(n) {
  return n === undefined || n === null ? '—' : (n < 10 ? n.toFixed(1) : Math.round(n).toString()) + '/s';
}

export function flash(text, bad = false) {
  const f = document.getElementById('flash');
  f.textContent = text;
  f.classList.toggle('bad', bad);
  f.hidden = false;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => { f.hidden = true; }, 6000);
}
