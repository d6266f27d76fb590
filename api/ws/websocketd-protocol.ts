/**
 * The event WebSocket of the reference platform (websocketd, seed API-05), as a pure machine:
 * authentication by `?token=`, then `subscribe` and `start`, then events, each delivered only
 * when its `required_acl` lets the token see it. The shell (uWebSockets.js) feeds it frames, bus
 * events and the clock, and does what it answers: send these messages, or close with this code.
 *
 * @remarks
 * Close codes: 4001 no token, 4002 authentication failed (unknown or expired token, or a token
 * without the `websocketd` ACL), 4003 the token expired or was deleted during the session, 4004
 * protocol error (not JSON, not an object, unknown `op`, `subscribe` without `event_name`). A
 * client may subscribe to any name: authorization is checked at delivery. An event without a
 * `required_acl` field goes to no one; with `null`, to every subscriber; with a string, to tokens
 * whose ACLs match it.
 *
 * Every server message carries `op`, `code` and `data` ("the 3 keys are always present"). An
 * event is `{"op": "event", "code": 0, "data": <event>, "event": <event>}`: `data` as the
 * reference server sends it and the `@wazo/sdk` client reads it, `event` as the seed's getting-
 * started text shows it. `ping` is answered by `pong` with its payload (the SDK's heartbeat).
 * `token` swaps the session's token for a renewed one (the reference server and the SDK do it on
 * an open socket): answered by `token`, or closed with 4002 when the new token fails.
 */
import type { AclCheck } from '../auth/acl.ts';

export const WEBSOCKETD_CLOSE = {
  noToken: 4001,
  authenticationFailed: 4002,
  authenticationExpired: 4003,
  protocolError: 4004,
} as const;

/** What the machine needs of a token. */
export interface WebsocketdToken {
  readonly acl: AclCheck;
  readonly expiresAtMs: number;
}

export type WebsocketdState =
  | { readonly type: 'subscribing'; readonly token: WebsocketdToken; readonly names: ReadonlySet<string> }
  | { readonly type: 'started'; readonly token: WebsocketdToken; readonly names: ReadonlySet<string> }
  | { readonly type: 'closed' };

/** A message to the client. */
export type WebsocketdMessage =
  | { readonly op: 'init'; readonly code: 0; readonly data: { readonly version: 2 } }
  | { readonly op: 'subscribe'; readonly code: 0; readonly data: null }
  | { readonly op: 'start'; readonly code: 0; readonly data: null }
  | { readonly op: 'pong'; readonly code: 0; readonly data: { readonly payload: string } }
  | { readonly op: 'token'; readonly code: 0; readonly data: null }
  | { readonly op: 'event'; readonly code: 0; readonly data: unknown; readonly event: unknown };

/** What the shell does next. */
export type WebsocketdStep =
  | { readonly type: 'send'; readonly state: WebsocketdState; readonly messages: readonly WebsocketdMessage[] }
  | { readonly type: 'close'; readonly state: WebsocketdState; readonly code: number; readonly reason: string }
  /** Resolve `tokenId`, then call {@link renewToken} with the result. */
  | { readonly type: 'resolve'; readonly state: WebsocketdState; readonly tokenId: string };

const closed = (code: number, reason: string): WebsocketdStep => ({ type: 'close', state: { type: 'closed' }, code, reason });
const send = (state: WebsocketdState, ...messages: WebsocketdMessage[]): WebsocketdStep => ({ type: 'send', state, messages });

/** A connection opens with `tokenId` (the `token` query parameter) resolved to `token`, or to nothing. */
export function openWebsocketd(tokenId: string | undefined, token: WebsocketdToken | undefined, nowMs: number): WebsocketdStep {
  if (tokenId === undefined || tokenId === '') return closed(WEBSOCKETD_CLOSE.noToken, 'no token');
  if (token === undefined || token.expiresAtMs <= nowMs) return closed(WEBSOCKETD_CLOSE.authenticationFailed, 'authentication failed');
  if (!token.acl.allows('websocketd')) return closed(WEBSOCKETD_CLOSE.authenticationFailed, 'the token lacks the websocketd ACL');
  return send({ type: 'subscribing', token, names: new Set() }, { op: 'init', code: 0, data: { version: 2 } });
}

/** A text frame from the client. */
export function receiveFrame(state: WebsocketdState, text: string): WebsocketdStep {
  if (state.type === 'closed') return send(state);
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return closed(WEBSOCKETD_CLOSE.protocolError, 'not JSON');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return closed(WEBSOCKETD_CLOSE.protocolError, 'not a JSON object');
  const { op, data } = message as { op?: unknown; data?: unknown };
  if (op === 'start') return send({ ...state, type: 'started' }, { op: 'start', code: 0, data: null });
  if (op === 'ping') {
    const payload = typeof data === 'object' && data !== null ? (data as { payload?: unknown }).payload : undefined;
    if (typeof payload !== 'string') return closed(WEBSOCKETD_CLOSE.protocolError, 'ping needs data.payload');
    return send(state, { op: 'pong', code: 0, data: { payload } });
  }
  if (op === 'token') {
    const tokenId = typeof data === 'object' && data !== null ? (data as { token?: unknown }).token : undefined;
    if (typeof tokenId !== 'string' || tokenId === '') return closed(WEBSOCKETD_CLOSE.protocolError, 'token needs data.token');
    return { type: 'resolve', state, tokenId };
  }
  if (op !== 'subscribe') return closed(WEBSOCKETD_CLOSE.protocolError, `unknown op ${JSON.stringify(op)}`);
  const name = typeof data === 'object' && data !== null ? (data as { event_name?: unknown }).event_name : undefined;
  if (typeof name !== 'string' || name === '') return closed(WEBSOCKETD_CLOSE.protocolError, 'subscribe needs data.event_name');
  return send({ ...state, names: new Set([...state.names, name]) }, { op: 'subscribe', code: 0, data: null });
}

/** An event from the bus: delivered when started, subscribed to, and allowed by the token. */
export function deliverEvent(state: WebsocketdState, event: { readonly name: string; readonly required_acl?: string | null }, nowMs: number): WebsocketdStep {
  if (state.type === 'closed') return send(state);
  if (state.token.expiresAtMs <= nowMs) return closed(WEBSOCKETD_CLOSE.authenticationExpired, 'the token expired');
  if (state.type !== 'started') return send(state);
  if (!state.names.has(event.name) && !state.names.has('*')) return send(state);
  if (!('required_acl' in event) || event.required_acl === undefined) return send(state);
  if (event.required_acl !== null && !state.token.acl.allows(event.required_acl)) return send(state);
  return send(state, { op: 'event', code: 0, data: event, event });
}

/** The token was deleted, or its expiry time came: the session ends with 4003. */
export function tokenGone(state: WebsocketdState): WebsocketdStep {
  return state.type === 'closed' ? send(state) : closed(WEBSOCKETD_CLOSE.authenticationExpired, 'the token expired or was deleted');
}

/** The renewed token of a `token` frame, resolved: it replaces the session's token, or the session ends with 4002. */
export function renewToken(state: WebsocketdState, token: WebsocketdToken | undefined, nowMs: number): WebsocketdStep {
  if (state.type === 'closed') return send(state);
  if (token === undefined || token.expiresAtMs <= nowMs) return closed(WEBSOCKETD_CLOSE.authenticationFailed, 'authentication failed');
  if (!token.acl.allows('websocketd')) return closed(WEBSOCKETD_CLOSE.authenticationFailed, 'the token lacks the websocketd ACL');
  return send({ ...state, token }, { op: 'token', code: 0, data: null });
}
