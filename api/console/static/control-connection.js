/**
 * The console's control WebSocket (`/api/control`, JSON subprotocol): authenticates with the token
 * in its first frame, matches replies to commands by id, hands events on, and reopens itself with
 * back-off until stopped. Close codes 4001–4003 mean the token is no good.
 */

/** Close codes after which the token is no good: back to the login form. */
const TOKEN_REFUSED = new Set([4001, 4002, 4003]);

/**
 * One control connection, reopened until `stop()`. `handlers`: `onState(state, label)`,
 * `onReady()` after each authentication, `onEvent(frame)`, `onTokenRefused(code)`.
 */
export function controlConnection(token, handlers) {
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
    handlers.onState(attempt === 0 ? 'connecting' : 'reconnecting', attempt === 0 ? 'connecting…' : 'reconnecting…');
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(`${scheme}//${location.host}/api/control`, 'parley.control.v1.json');
    socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'authenticate', token })));
    socket.addEventListener('message', (message) => {
      let frame;
      try { frame = JSON.parse(message.data); } catch { return; }
      if (frame.type === 'welcome') {
        attempt = 0;
        handlers.onState('connected', 'connected');
        handlers.onReady();
      } else if (frame.type === 'reply') {
        const waiter = pending.get(frame.id);
        pending.delete(frame.id);
        if (waiter === undefined) return;
        if (frame.ok) waiter.resolve(frame.result);
        else waiter.reject(Object.assign(new Error(`${frame.error?.code ?? 'error'}: ${frame.error?.message ?? 'the command failed'}`), { code: frame.error?.code }));
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
      handlers.onState('reconnecting', 'reconnecting…');
      retryTimer = setTimeout(open, Math.min(5000, 250 * 2 ** Math.min(attempt, 5)));
    });
  };
  open();

  return {
    /** Runs a command; resolves with its result, rejects with `<code>: <message>` (and `.code`). */
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
