/**
 * The parley admin console: a login form, then one control WebSocket (`/api/control`) feeding the
 * "Nodes" view (`ha.status`, re-asked every 2 s) and the "Calls" view (`calls.list`, re-asked on
 * each call event and every 5 s as a safety net). A lost socket shows as "reconnecting…" and is
 * reopened with back-off. Every value reaches the DOM through textContent.
 */
const TOKEN_KEY = 'parley.console.token';
const TOKEN_LIFETIME_S = 8 * 3600;
const NODES_REFRESH_MS = 2000;
const CALLS_REFRESH_MS = 5000;
const CALL_EVENTS = ['call_created', 'call_updated', 'call_answered', 'call_held', 'call_resumed', 'call_ended'];
/** Close codes after which the token is no good: back to the login form. */
const TOKEN_REFUSED = new Set([4001, 4002, 4003]);

const element = (id) => {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found;
};

/** Builds an element whose text is `text` (never parsed as HTML). */
function cell(tag, text, className) {
  const node = document.createElement(tag);
  node.textContent = text === undefined || text === null ? '' : String(text);
  if (className !== undefined) node.className = className;
  return node;
}

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

/** Replaces a table body's rows; `empty` is shown in one row when there are none. */
function fillTable(table, rows, columns, empty) {
  const body = element(table).querySelector('tbody');
  const fresh = document.createElement('tbody');
  if (rows.length === 0) {
    const row = document.createElement('tr');
    const note = cell('td', empty, 'empty');
    note.colSpan = columns;
    row.append(note);
    fresh.append(row);
  }
  for (const cells of rows) {
    const row = document.createElement('tr');
    row.append(...cells);
    fresh.append(row);
  }
  body.replaceWith(fresh);
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

/** One control connection, reopened until `stop()`; `onReady` runs after each authentication. */
function controlConnection(token, handlers) {
  let socket;
  let stopped = false;
  let attempt = 0;
  let nextId = 1;
  let retryTimer;
  const pending = new Map();

  const failPending = (reason) => {
    for (const { reject } of pending.values()) reject(new Error(reason));
    pending.clear();
  };

  const open = () => {
    setConnection(attempt === 0 ? 'connecting' : 'reconnecting', attempt === 0 ? 'connecting…' : 'reconnecting…');
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(`${scheme}//${location.host}/api/control`, 'parley.control.v1.json');
    socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'authenticate', token })));
    socket.addEventListener('message', (message) => {
      let frame;
      try { frame = JSON.parse(message.data); } catch { return; }
      if (frame.type === 'welcome') {
        attempt = 0;
        setConnection('connected', 'connected');
        handlers.onReady();
      } else if (frame.type === 'reply') {
        const waiter = pending.get(frame.id);
        pending.delete(frame.id);
        if (waiter === undefined) return;
        if (frame.ok) waiter.resolve(frame.result);
        else waiter.reject(new Error(`${frame.error?.code ?? 'error'}: ${frame.error?.message ?? 'the command failed'}`));
      } else if (frame.type === 'event') {
        handlers.onEvent(frame);
      }
    });
    socket.addEventListener('close', (closed) => {
      failPending('the connection closed');
      if (stopped) return;
      if (TOKEN_REFUSED.has(closed.code)) {
        stopped = true;
        handlers.onTokenRefused(closed.code);
        return;
      }
      attempt += 1;
      setConnection('reconnecting', 'reconnecting…');
      retryTimer = setTimeout(open, Math.min(5000, 250 * 2 ** Math.min(attempt, 5)));
    });
  };
  open();

  return {
    command(name, args = {}) {
      if (socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not connected'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ type: 'command', id, name, args }));
      });
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      socket.close(1000, 'logged out');
      failPending('logged out');
    },
  };
}

function renderNodes(status) {
  const failover = status.last_failover_at === null ? 'none' : new Date(status.last_failover_at).toLocaleString();
  element('nodes-summary').textContent = status.enabled
    ? `This node: ${status.role}, epoch ${status.epoch ?? '—'}; master: ${status.master_node_name ?? 'none'}; last failover: ${failover}`
    : `This node: ${status.role} (HA disabled)`;
  fillTable('nodes-table', status.nodes.map((node) => [
    cell('td', node.name),
    cell('td', node.role, `role-${node.role}`),
    cell('td', node.epoch ?? '—'),
    cell('td', node.calls),
  ]), 4, 'no node known');
}

function renderCalls(list) {
  element('calls-summary').textContent = `${list.total} channel${list.total === 1 ? '' : 's'}`;
  fillTable('calls-table', list.items.map((call) => [
    cell('td', call.call_id),
    cell('td', `${call.caller_id_name} <${call.caller_id_number}>`),
    cell('td', call.peer_caller_id_number || call.dialed_extension),
    cell('td', call.on_hold ? `${call.status} (on hold)` : call.status),
    cell('td', call.direction),
    cell('td', new Date(call.creation_time).toLocaleTimeString()),
  ]), 6, 'no call in progress');
}

/** Runs the cluster views on a token until logout or until the token is refused. */
function startConsole(token) {
  showCluster();
  const timers = [];
  let callsAsked = false;
  const refreshNodes = () => connection.command('ha.status').then((status) => {
    element('nodes-error').textContent = '';
    renderNodes(status);
  }, (error) => { element('nodes-error').textContent = error.message; });
  const refreshCalls = () => {
    if (callsAsked) return;
    callsAsked = true;
    connection.command('calls.list').then((list) => {
      element('calls-error').textContent = '';
      renderCalls(list);
    }, (error) => { element('calls-error').textContent = error.message; }).finally(() => { callsAsked = false; });
  };
  const connection = controlConnection(token, {
    onReady: () => {
      connection.command('subscriptions.add', { events: CALL_EVENTS }).catch((error) => { element('calls-error').textContent = error.message; });
      refreshNodes();
      refreshCalls();
    },
    onEvent: (event) => { if (CALL_EVENTS.includes(event.name)) refreshCalls(); },
    onTokenRefused: (code) => {
      stop();
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin(code === 4003
        ? 'Your login expired: log in again.'
        : 'The node refused this login for the console (expired, revoked, or without the websocketd ACL).');
    },
  });
  timers.push(setInterval(refreshNodes, NODES_REFRESH_MS), setInterval(refreshCalls, CALLS_REFRESH_MS));
  const stop = () => { for (const timer of timers) clearInterval(timer); };
  return () => {
    stop();
    connection.stop();
  };
}

let stopConsole;

element('login-form').addEventListener('submit', async (submitted) => {
  submitted.preventDefault();
  const form = new FormData(submitted.currentTarget);
  element('login-error').textContent = '';
  let outcome;
  try {
    outcome = await requestToken(String(form.get('username') ?? ''), String(form.get('password') ?? ''));
  } catch {
    outcome = { ok: false, message: 'The node cannot be reached.' };
  }
  if (!outcome.ok) {
    element('login-error').textContent = outcome.message;
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, outcome.token);
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
