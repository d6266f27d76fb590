/**
 * The parley admin console: a login form, then one control WebSocket (`/api/control`) feeding the
 * views of console-views.js. A lost socket shows as "reconnecting…" and is reopened with back-off;
 * a refused token returns to the login form. Every value reaches the DOM through textContent.
 */
import { confirmAction } from './console-actions.js';
import { element } from './console-dom.js';
import { controlConnection } from './control-connection.js';
import { VIEWS } from './console-views.js';

const TOKEN_KEY = 'parley.console.token';
const TOKEN_LIFETIME_S = 8 * 3600;

function setConnection(state, label) {
  const badge = element('connection');
  badge.dataset.state = state;
  badge.textContent = label;
}

function showLogin(message) {
  element('cluster-view').hidden = true;
  element('logout').hidden = true;
  element('login-view').hidden = false;
  element('login-error').textContent = message ?? '';
  setConnection('signed-out', 'signed out');
}

function showCluster() {
  element('login-view').hidden = true;
  element('cluster-view').hidden = false;
  element('logout').hidden = false;
}

async function requestToken(username, password) {
  const answer = await fetch('/api/auth/0.1/token', {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(unescape(encodeURIComponent(`${username}:${password}`)))}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ expiration: TOKEN_LIFETIME_S }),
  });
  if (answer.status === 401) return { ok: false, message: 'Wrong username or password.' };
  if (answer.status === 429) return { ok: false, message: 'Too many attempts: wait a moment and try again.' };
  if (!answer.ok) return { ok: false, message: `Login failed (HTTP ${answer.status}).` };
  const body = await answer.json();
  const token = body?.data?.token;
  return typeof token === 'string' ? { ok: true, token } : { ok: false, message: 'Login failed: the answer held no token.' };
}

/** Builds the navigation and the views' sections, afresh for each login. */
function mountViews(context) {
  const navigation = element('view-links');
  const container = element('views');
  navigation.replaceChildren();
  container.replaceChildren();
  return VIEWS.map((view) => {
    const running = view.create(context);
    const link = document.createElement('a');
    link.href = `#${view.id}-view`;
    link.textContent = view.title;
    navigation.append(link);
    container.append(running.section);
    return { view, running };
  });
}

/** Runs the cluster views on a token until logout or until the token is refused. */
function startConsole(token) {
  showCluster();
  const outcome = element('action-outcome');
  outcome.textContent = '';
  delete outcome.dataset.state;
  const context = {
    command: (name, args) => connection.command(name, args),
    confirm: confirmAction,
  };
  const views = mountViews(context);
  const events = [...new Set(views.flatMap(({ view }) => view.events))];
  const stop = () => { for (const { running } of views) running.stop(); };
  const connection = controlConnection(token, {
    onState: setConnection,
    onReady: () => {
      if (events.length > 0) connection.command('subscriptions.add', { events }).catch((error) => { element('action-outcome').textContent = `Events: ${error.message}`; });
      for (const { running } of views) running.ready();
    },
    onEvent: (frame) => {
      for (const { view, running } of views) if (view.events.includes('*') || view.events.includes(frame.name)) running.event(frame);
    },
    onTokenRefused: (code) => {
      stop();
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin(code === 4003
        ? 'Your login expired: log in again.'
        : 'The node refused this login for the console (expired, revoked, or without the websocketd ACL).');
    },
  });
  return () => {
    stop();
    connection.stop();
  };
}

let stopConsole;
/** A login in flight: further submits wait for its answer (a second token would mount the views again under the operator). */
let loggingIn = false;

element('login-form').addEventListener('submit', async (submitted) => {
  submitted.preventDefault();
  if (loggingIn) return;
  const form = new FormData(submitted.currentTarget);
  const submit = submitted.currentTarget.querySelector('button[type="submit"]');
  element('login-error').textContent = '';
  loggingIn = true;
  submit.disabled = true;
  let outcome;
  try {
    outcome = await requestToken(String(form.get('username') ?? ''), String(form.get('password') ?? ''));
  } catch {
    outcome = { ok: false, message: 'The node cannot be reached.' };
  } finally {
    loggingIn = false;
    submit.disabled = false;
  }
  if (!outcome.ok) {
    element('login-error').textContent = outcome.message;
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, outcome.token);
  // One console at a time.
  stopConsole?.();
  stopConsole = startConsole(outcome.token);
});

element('logout').addEventListener('click', () => {
  const token = sessionStorage.getItem(TOKEN_KEY);
  sessionStorage.removeItem(TOKEN_KEY);
  stopConsole?.();
  if (token !== null) fetch(`/api/auth/0.1/token/${encodeURIComponent(token)}`, { method: 'DELETE' }).catch(() => undefined);
  showLogin();
});

const kept = sessionStorage.getItem(TOKEN_KEY);
if (kept === null) showLogin();
else stopConsole = startConsole(kept);
