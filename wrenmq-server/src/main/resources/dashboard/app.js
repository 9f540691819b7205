// The dashboard's entry: login (POST /api/v4/dashboard/login sets the HttpOnly session cookie and returns the
// CSRF token), logout, and the pages by location hash (#/overview, #/clients, #/clients/<id>, #/subscriptions,
// #/retained, #/integrations, #/bans, #/configuration, #/websocket).
import { api, setCsrfToken, whenSessionEnds } from './api.js';
import { showBans } from './bans.js';
import { showClient, showClients } from './clients.js';
import { showConfig } from './config.js';
import { showIntegrations } from './integrations.js';
import { showOverview } from './overview.js';
import { showRetained } from './retained.js';
import { showSubscriptions } from './subscriptions.js';
import { showWsClient } from './wsclient.js';

const loginPage = document.getElementById('login-page');
const app = document.getElementById('app');
const view = document.getElementById('view');
const loginError = document.getElementById('login-error');
let leavePage = () => {};

function showLogin(message) {
  leavePage();
  leavePage = () => {};
  setCsrfToken(null);
  app.hidden = true;
  loginPage.hidden = false;
  loginError.textContent = message || '';
  loginError.hidden = !message;
  document.getElementById('login-password').value = '';
  document.getElementById('login-username').focus();
}

function showApp(session) {
  setCsrfToken(session.csrf_token);
  document.getElementById('user-name').textContent = session.username;
  loginPage.hidden = true;
  app.hidden = false;
  route();
}

function route() {
  if (app.hidden) {
    return;
  }
  leavePage();
  const hash = location.hash || '#/overview';
  let page = 'overview';
  if (hash.startsWith('#/clients/')) {
    page = 'clients';
    leavePage = showClient(view, decodeURIComponent(hash.substring('#/clients/'.length)));
  } else if (hash === '#/clients') {
    page = 'clients';
    leavePage = showClients(view);
  } else if (hash === '#/integrations') {
    page = 'integrations';
    leavePage = showIntegrations(view);
  } else if (hash === '#/bans') {
    page = 'bans';
    leavePage = showBans(view);
  } else if (hash === '#/configuration') {
    page = 'configuration';
    leavePage = showConfig(view);
  } else if (hash === '#/subscriptions') {
    page = 'subscriptions';
    leavePage = showSubscriptions(view);
  } else if (hash === '#/retained') {
    page = 'retained';
    leavePage = showRetained(view);
  } else if (hash === '#/websocket') {
    page = 'websocket';
    leavePage = showWsClient(view);
  } else {
    leavePage = showOverview(view);
  }
  for (const a of document.querySelectorAll('.topbar nav a')) {
    a.classList.toggle('active', a.id === 'nav-' + page);
  }
}

document.getElementById('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = document.getElementById('login-username').value;
  const password = document.getElementById('login-password').value;
  try {
    showApp(await api('POST', '/dashboard/login', { username, password }));
  } catch (e) {
    const message = e.status === 429 ? 'Too many failed logins; try again in ' + e.retryAfter + ' s.'
      : e.status === 401 ? 'Wrong username or password.' : 'Login failed: ' + e.message;
    showLogin(message);
    document.getElementById('login-username').value = username;
  }
});

document.getElementById('logout').addEventListener('click', async () => {
  try {
    await api('POST', '/dashboard/logout');
  } finally {
    showLogin();
  }
});

whenSessionEnds(() => showLogin('Your session has ended; log in again.'));
window.addEventListener('hashchange', route);

api('GET', '/dashboard/session').then(showApp, () => showLogin());
