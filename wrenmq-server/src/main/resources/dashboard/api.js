// The REST API as the dashboard calls it: same origin, the session cookie, and the session's CSRF token on every
// request that changes something (the server refuses a cookie-borne POST/PUT/DELETE without it).
export class ApiError extends Error {
  constructor(status, message, retryAfter, data) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
    this.data = data; // the answer's body: a 400 of POST /configuration has the errors by key in data.fields
  }
}

let csrfToken = null;
let onSessionEnded = () => {};

export function setCsrfToken(token) {
  csrfToken = token;
}

/** Called when a request answers 401: the session ended (logout elsewhere, idle timeout, restart). */
export function whenSessionEnds(callback) {
  onSessionEnded = callback;
}

export async function api(method, path, body) {
  // X-Requested-With: the server then answers 401 without WWW-Authenticate, so the browser shows no password prompt.
  const headers = { 'X-Requested-With': 'wrenmq-dashboard' };
  if (method !== 'GET' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch('/api/v4' + path, init);
  let data = null;
  try {
    data = await res.json();
  } catch (e) {
    data = null;
  }
  if (!res.ok) {
    const error = new ApiError(res.status, (data && data.message) || res.statusText, res.headers.get('Retry-After'), data);
    if (res.status === 401 && path !== '/dashboard/login') {
      onSessionEnded();
    }
    throw error;
  }
  return data;
}
