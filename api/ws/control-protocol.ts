/**
 * The native control WebSocket as a pure machine: `transition(state, input, env)` answers the
 * next state and what the shell must do (send these frames, close with this code, resolve a
 * token, look a session up, run a command). No I/O, clock or randomness inside: the shell feeds
 * the time, the socket's queued bytes and the session ids.
 *
 * @remarks
 * ```
 *  unauthenticated ──authenticate / ?token──► authenticating ──valid token──► live ◄──drained──┐
 *         │                                         │                         │  │            │
 *         └──────── anything else: 4001 ────────────┴── bad token: 4002       │  └─past soft──► slow
 *                                                                  disconnect │ / 4008 (from live or slow)
 *                                                                             ▼
 *                                     closed ◄──grace over / token gone── detached ──resume──► live (other socket)
 * ```
 * live writes events as they come; slow only buffers them (the client was told with `slow`) and
 * writes them when the socket drains; detached buffers them for a resume within the grace period.
 */
import type { CommandOutcome, CommandRegistry, ControlCaller } from './control-commands.ts';
import type { EventBufferLimits } from './control-event-buffer.ts';
import { CONTROL_CLOSE, CONTROL_ERROR, type ControlError, type ControlEvent, type DecodedFrame, type RequestId, type ServerFrame } from './control-frames.ts';
import { runSessionCommand } from './control-session-commands.ts';
import { acceptEvent, callerOf, checkResume, controlToken, flushPending, newSession, pendingLost, tokenEnded, type SessionState } from './control-session.ts';
import type { VerifiedToken } from '../auth/verified-token.ts';

/** The ACL a token needs to open the control socket (the one websocketd asks for). */
export const CONTROL_CONNECT_ACL = 'websocketd';

export interface ControlLimits extends EventBufferLimits {
  /** Queued bytes on the socket past which events are only buffered and the client is told `slow`. */
  readonly softBytes: number;
  /** Queued bytes on the socket past which the connection is closed with 4008. */
  readonly hardBytes: number;
  /**
   * Events held back for a slow client past which it is closed with 4008; below the buffer's
   * bounds, so that a client closed for slowness can still resume without a gap.
   */
  readonly hardPendingEvents: number;
  readonly hardPendingBytes: number;
}

export interface ControlEnv {
  readonly commands: CommandRegistry;
  readonly limits: ControlLimits;
}

export type ControlState =
  | { readonly type: 'unauthenticated' }
  | { readonly type: 'authenticating' }
  | { readonly type: 'live'; readonly session: SessionState }
  | { readonly type: 'slow'; readonly session: SessionState }
  | { readonly type: 'detached'; readonly session: SessionState }
  | { readonly type: 'closed' };

export type ControlInput =
  | { readonly type: 'opened'; readonly tokenId: string | undefined }
  | {
      readonly type: 'token.resolved'; readonly token: VerifiedToken | undefined; readonly sessionId: string; readonly nowMs: number;
      /** The tenants the token sees (its own and those below); events of other tenants never reach the session. */
      readonly visibleTenants?: readonly string[];
    }
  | { readonly type: 'frame'; readonly frame: DecodedFrame }
  | { readonly type: 'session.found'; readonly afterSequence: number; readonly session: SessionState | undefined }
  | { readonly type: 'event'; readonly event: ControlEvent; readonly bytes: number; readonly bufferedBytes: number; readonly nowMs: number }
  | { readonly type: 'drained'; readonly bufferedBytes: number }
  | { readonly type: 'command.settled'; readonly id: RequestId; readonly outcome: CommandOutcome }
  | { readonly type: 'token.gone' }
  | { readonly type: 'disconnected'; readonly nowMs: number }
  | { readonly type: 'grace.expired' };

export type ControlOutput =
  | { readonly type: 'send'; readonly frame: ServerFrame }
  | { readonly type: 'close'; readonly code: number; readonly reason: string }
  | { readonly type: 'resolve-token'; readonly tokenId: string }
  | { readonly type: 'lookup-session'; readonly session: string; readonly afterSequence: number }
  | { readonly type: 'run'; readonly id: RequestId; readonly name: string; readonly args: unknown; readonly caller: ControlCaller }
  | { readonly type: 'session.started'; readonly session: string; readonly expiresAtMs: number }
  | { readonly type: 'session.adopted'; readonly session: string; readonly replaces: string }
  | { readonly type: 'session.detached'; readonly session: string }
  | { readonly type: 'session.ended'; readonly session: string };

export interface ControlStep {
  readonly state: ControlState;
  readonly outputs: readonly ControlOutput[];
}

const step = (state: ControlState, ...outputs: ControlOutput[]): ControlStep => ({ state, outputs });
const send = (frame: ServerFrame): ControlOutput => ({ type: 'send', frame });
const close = (code: number, reason: string): ControlOutput => ({ type: 'close', code, reason });
const errorFrame = (id: RequestId | undefined, error: ControlError): ControlOutput =>
  send(id === undefined ? { type: 'error', error } : { type: 'reply', id, ok: false, error });

type Attached = Extract<ControlState, { type: 'live' | 'slow' }>;

export function transition(state: ControlState, input: ControlInput, env: ControlEnv): ControlStep {
  switch (state.type) {
    case 'unauthenticated':
      return fromUnauthenticated(state, input);
    case 'authenticating':
      return fromAuthenticating(state, input);
    case 'live':
    case 'slow':
      return fromAttached(state, input, env);
    case 'detached':
      return fromDetached(state, input, env);
    case 'closed':
      return step(state);
    default:
      return assertNever(state);
  }
}

function fromUnauthenticated(state: ControlState, input: ControlInput): ControlStep {
  if (input.type === 'opened') return input.tokenId === undefined ? step(state) : step({ type: 'authenticating' }, { type: 'resolve-token', tokenId: input.tokenId });
  if (input.type === 'disconnected') return step({ type: 'closed' });
  if (input.type !== 'frame') return step(state);
  if (input.frame.type === 'valid' && input.frame.frame.type === 'authenticate') return step({ type: 'authenticating' }, { type: 'resolve-token', tokenId: input.frame.frame.token });
  return step({ type: 'closed' }, close(CONTROL_CLOSE.authenticationRequired, 'authenticate first (?token= or an authenticate frame)'));
}

function fromAuthenticating(state: ControlState, input: ControlInput): ControlStep {
  switch (input.type) {
    case 'token.resolved': {
      const { token } = input;
      if (token === undefined || token.expiresAtMs <= input.nowMs) return step({ type: 'closed' }, close(CONTROL_CLOSE.authenticationFailed, 'authentication failed'));
      const session = newSession(input.sessionId, controlToken(token, input.visibleTenants ?? [token.tenantUuid]));
      if (!session.token.acl.allows(CONTROL_CONNECT_ACL)) return step({ type: 'closed' }, close(CONTROL_CLOSE.authenticationFailed, `the token lacks the ${CONTROL_CONNECT_ACL} ACL`));
      return step(
        { type: 'live', session },
        { type: 'session.started', session: session.id, expiresAtMs: token.expiresAtMs },
        send({ type: 'welcome', protocol: 'parley.control.v1', session: session.id, last_sequence: 0, token_expires_at_ms: token.expiresAtMs }),
      );
    }
    case 'frame':
      return step(state, errorFrame(input.frame.type === 'valid' && input.frame.frame.type === 'command' ? input.frame.frame.id : undefined, { code: CONTROL_ERROR.notAuthenticated, message: 'authentication is in progress: wait for welcome' }));
    case 'disconnected':
      return step({ type: 'closed' });
    default:
      return step(state);
  }
}

function fromAttached(state: Attached, input: ControlInput, env: ControlEnv): ControlStep {
  const { session } = state;
  switch (input.type) {
    case 'frame':
      return onFrame(state, input.frame, env);
    case 'session.found':
      return onSessionFound(state, input.session, input.afterSequence, env);
    case 'event':
      return onEvent(state, input, env);
    case 'drained':
      return state.type === 'slow' && input.bufferedBytes < env.limits.softBytes ? catchUp(session, input.bufferedBytes, env.limits) : step(state);
    case 'command.settled': {
      const { outcome } = input;
      return step(state, send(outcome.type === 'ok' ? { type: 'reply', id: input.id, ok: true, result: outcome.result } : { type: 'reply', id: input.id, ok: false, error: outcome.error }));
    }
    case 'token.gone':
      return step({ type: 'closed' }, close(CONTROL_CLOSE.authenticationExpired, 'the token expired or was deleted'), { type: 'session.ended', session: session.id });
    case 'disconnected':
      return step({ type: 'detached', session }, { type: 'session.detached', session: session.id });
    case 'opened':
    case 'token.resolved':
    case 'grace.expired':
      return step(state);
    default:
      return assertNever(input);
  }
}

function onFrame(state: Attached, frame: DecodedFrame, env: ControlEnv): ControlStep {
  if (frame.type === 'invalid') return step(state, errorFrame(frame.id, { code: CONTROL_ERROR.invalidFrame, message: frame.message }));
  const message = frame.frame;
  switch (message.type) {
    case 'authenticate':
      return step(state, errorFrame(undefined, { code: CONTROL_ERROR.alreadyAuthenticated, message: 'this connection is already authenticated' }));
    case 'resume':
      return step(state, { type: 'lookup-session', session: message.session, afterSequence: message.after_sequence });
    case 'command': {
      const own = runSessionCommand(state.session, message.name, message.args);
      if (own !== undefined) {
        const reply: ServerFrame = own.outcome.type === 'ok' ? { type: 'reply', id: message.id, ok: true, result: own.outcome.result } : { type: 'reply', id: message.id, ok: false, error: own.outcome.error };
        return step({ ...state, session: own.session }, send(reply));
      }
      return onRegistryCommand(state, message.id, message.name, message.args, env.commands);
    }
    default:
      return assertNever(message);
  }
}

function onRegistryCommand(state: Attached, id: RequestId, name: string, args: unknown, commands: CommandRegistry): ControlStep {
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) return step(state, errorFrame(id, { code: CONTROL_ERROR.unknownCommand, message: `no command named ${JSON.stringify(name)}` }));
  const parsed = command.args.safeParse(args);
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.map(String).join('.')}: ${issue.message}`)).join('; ');
    return step(state, errorFrame(id, { code: CONTROL_ERROR.invalidArguments, message: message.slice(0, 500) }));
  }
  const caller = callerOf(state.session);
  const acl = typeof command.acl === 'function' ? command.acl(parsed.data as never, caller) : command.acl;
  if (!state.session.token.acl.allows(acl)) return step(state, errorFrame(id, { code: CONTROL_ERROR.forbidden, message: `the token lacks the ${acl ?? ''} ACL` }));
  return step(state, { type: 'run', id, name, args: parsed.data, caller });
}

function onSessionFound(state: Attached, stored: SessionState | undefined, afterSequence: number, env: ControlEnv): ControlStep {
  if (stored === undefined) return step(state, errorFrame(undefined, { code: CONTROL_ERROR.unknownSession, message: 'no such session (never existed, or its grace period is over)' }));
  const check = checkResume(stored, state.session.token, afterSequence);
  if (check.type === 'refused') return step(state, errorFrame(undefined, { code: check.code, message: check.message }));
  // The resumed session goes on with this connection's token, the newer one, and writes what the
  // client missed as the socket drains: the replay is a catch-up, like a slow client's.
  const session: SessionState = { ...stored, token: state.session.token, sentThrough: afterSequence, heldEvents: 0, heldBytes: 0 };
  const outputs: ControlOutput[] = [];
  if (stored.id !== state.session.id) outputs.push({ type: 'session.adopted', session: stored.id, replaces: state.session.id });
  outputs.push(send({ type: 'resumed', session: stored.id, after_sequence: afterSequence, replayed: check.count, last_sequence: stored.lastSequence }));
  const caughtUp = catchUp(session, 0, env.limits);
  return step(caughtUp.state, ...outputs, ...caughtUp.outputs);
}

/** Writes pending events while the socket has room below the soft bound; live again once none is left. */
function catchUp(session: SessionState, bufferedBytes: number, limits: ControlLimits): ControlStep {
  if (pendingLost(session)) return tooSlow(session, 'events were dropped before the client read them');
  if (session.sentThrough >= session.lastSequence) return step({ type: 'live', session: { ...session, heldEvents: 0, heldBytes: 0 } });
  const flushed = flushPending(session, limits.softBytes - bufferedBytes);
  return step({ type: flushed.done ? 'live' : 'slow', session: flushed.session }, ...flushed.frames.map(send));
}

function onEvent(state: Attached, input: Extract<ControlInput, { type: 'event' }>, env: ControlEnv): ControlStep {
  const { session } = state;
  if (tokenEnded(session, input.event, input.nowMs)) {
    return step({ type: 'closed' }, close(CONTROL_CLOSE.authenticationExpired, 'the token expired or was deleted'), { type: 'session.ended', session: session.id });
  }
  const accepted = acceptEvent(session, input.event, input.bytes, env.limits);
  if (accepted === undefined) return step(state);
  if (input.bufferedBytes >= env.limits.hardBytes) return tooSlow(accepted.session, `more than ${env.limits.hardBytes} bytes queued`);
  if (state.type === 'slow') {
    const held = { ...accepted.session, heldEvents: session.heldEvents + 1, heldBytes: session.heldBytes + input.bytes };
    if (held.heldEvents > env.limits.hardPendingEvents || held.heldBytes > env.limits.hardPendingBytes || pendingLost(held)) {
      return tooSlow(held, `more than ${env.limits.hardPendingEvents} events or ${env.limits.hardPendingBytes} bytes held back`);
    }
    return input.bufferedBytes < env.limits.softBytes ? catchUp(held, input.bufferedBytes, env.limits) : step({ type: 'slow', session: held });
  }
  if (input.bufferedBytes >= env.limits.softBytes) {
    const held = { ...accepted.session, heldEvents: 1, heldBytes: input.bytes };
    return step({ type: 'slow', session: held }, send({ type: 'slow', buffered_bytes: input.bufferedBytes, last_sent_sequence: session.sentThrough }));
  }
  return step({ type: 'live', session: { ...accepted.session, sentThrough: accepted.frame.sequence } }, send(accepted.frame));
}

function tooSlow(session: SessionState, reason: string): ControlStep {
  return step(
    { type: 'detached', session },
    close(CONTROL_CLOSE.tooSlow, `too slow: ${reason}; resume to catch up`),
    { type: 'session.detached', session: session.id },
  );
}

function fromDetached(state: Extract<ControlState, { type: 'detached' }>, input: ControlInput, env: ControlEnv): ControlStep {
  const { session } = state;
  switch (input.type) {
    case 'event': {
      if (tokenEnded(session, input.event, input.nowMs)) return step({ type: 'closed' }, { type: 'session.ended', session: session.id });
      const accepted = acceptEvent(session, input.event, input.bytes, env.limits);
      return accepted === undefined ? step(state) : step({ ...state, session: accepted.session });
    }
    case 'token.gone':
    case 'grace.expired':
      return step({ type: 'closed' }, { type: 'session.ended', session: session.id });
    default:
      return step(state);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}
