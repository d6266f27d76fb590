/**
 * The native control WebSocket on uWebSockets.js: the thin shell around the protocol machine
 * (control-protocol.ts). It decodes frames (JSON text, or msgpack binary when the client asks for
 * the `parley.control.v1.msgpack` subprotocol), feeds the machine bus events with the socket's
 * queued bytes, and does what the machine answers. Sessions outlive their sockets for a grace
 * period, so a client that reconnects resumes where it left off.
 *
 * @remarks
 * The engine never waits on a client: a bus event is numbered, buffered and, when the socket is
 * not backed up, written (uWS queues it); past the soft bound it is only buffered, past the hard
 * bound the socket is closed (4008). One bus subscription serves every session.
 */
import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import type { CommandOutcome } from './control-commands.ts';
import { CONTROL_CLOSE, CONTROL_ERROR, type DecodedFrame } from './control-frames.ts';
import { CONTROL_PATH, DEFAULT_CONTROL_LIMITS, type ControlApiOptions } from './control-api-options.ts';
import { createOutbox } from './control-outbox.ts';
import { decodeClientFrame, encodeServerFrame, negotiateFormat, type ControlFormat } from './control-codec.ts';
import { transition, type ControlEnv, type ControlInput, type ControlOutput, type ControlState } from './control-protocol.ts';

export interface ControlApi {
  /** Registers the WebSocket route on an app (the HTTP one, the HTTPS one). */
  mount(app: TemplatedApp): void;
  /** Sessions open or waiting for a resume. */
  sessionCount(): number;
  /** Closes every socket (1001) and forgets every session. */
  close(): void;
}

interface Connection {
  state: ControlState;
  socket: WebSocket<SocketData> | undefined;
  readonly format: ControlFormat;
  session: string | undefined;
  timers: { authentication?: NodeJS.Timeout; expiry?: NodeJS.Timeout; grace?: NodeJS.Timeout };
}

interface SocketData {
  connection: Connection;
  tokenId: string | undefined;
}

/** The longest delay setTimeout honours; later expiries are re-armed when it fires. */
const MAX_TIMER_MS = 2_147_483_647;

export function createControlApi(options: ControlApiOptions): ControlApi {
  const now = options.now ?? (() => Date.now());
  const newSessionId = options.newSessionId ?? (() => crypto.randomUUID());
  const graceMs = options.graceMs ?? 60_000;
  const maxFrameBytes = options.maxFrameBytes ?? 64 * 1024;
  const env: ControlEnv = { commands: options.commands, limits: { ...DEFAULT_CONTROL_LIMITS, ...options.limits } };
  const report = options.onError ?? (() => undefined);
  const sessions = new Map<string, Connection>();
  const connections = new Set<Connection>();
  let closed = false;
  /** The bus event being handed to the sessions, with its data's JSON, made once for all of them. */
  let dispatching: { readonly data: unknown; readonly json: string } | undefined;
  const outbox = createOutbox<Connection>((error) => report(error, 'write'), (connection) => catchUp(connection));
  /** Bytes on their way to the client: queued by uWS, and queued here for the next batch. */
  const queuedBytes = (connection: Connection): number => (connection.socket?.getBufferedAmount() ?? 0) + outbox.queuedBytes(connection);

  const apply = (connection: Connection, input: ControlInput): void => {
    const result = transition(connection.state, input, env);
    connection.state = result.state;
    for (const output of result.outputs) execute(connection, output);
    catchUp(connection);
  };

  /**
   * uWS calls `drain` only while it holds queued bytes: when the socket takes a catch-up batch
   * whole, nothing would call back, so the shell goes on while the socket has room.
   */
  const catchUp = (connection: Connection): void => {
    for (;;) {
      const { state, socket } = connection;
      if (state.type !== 'slow' || socket === undefined) return;
      const bufferedBytes = queuedBytes(connection);
      if (bufferedBytes >= env.limits.softBytes) return;
      const result = transition(state, { type: 'drained', bufferedBytes }, env);
      connection.state = result.state;
      for (const output of result.outputs) execute(connection, output);
      const after = connection.state;
      if ((after.type === 'slow' || after.type === 'live') && after.session.sentThrough === state.session.sentThrough) return;
    }
  };

  const execute = (connection: Connection, output: ControlOutput): void => {
    switch (output.type) {
      case 'send':
        if (connection.socket !== undefined) {
          const dataJson = output.frame.type === 'event' && dispatching !== undefined && output.frame.data === dispatching.data ? dispatching.json : undefined;
          outbox.push(connection, () => connection.socket, connection.format === 'msgpack', encodeServerFrame(output.frame, connection.format, dataJson));
        }
        return;
      case 'close': {
        outbox.flush(connection);
        const socket = connection.socket;
        connection.socket = undefined;
        socket?.end(output.code, output.reason.slice(0, 120));
        return;
      }
      case 'resolve-token':
        options.tokens.resolve(output.tokenId).then(async (token) => ({ token, visibleTenants: token === undefined ? [] : await options.tenants.visibleFrom(token.tenantUuid) })).then(
          ({ token, visibleTenants }) => apply(connection, { type: 'token.resolved', token, visibleTenants, sessionId: newSessionId(), nowMs: now() }),
          (error: unknown) => {
            report(error, 'token resolution');
            apply(connection, { type: 'token.resolved', token: undefined, sessionId: newSessionId(), nowMs: now() });
          },
        );
        return;
      case 'lookup-session': {
        const holder = sessions.get(output.session);
        const found = holder !== undefined && (holder.state.type === 'live' || holder.state.type === 'slow' || holder.state.type === 'detached') ? holder.state.session : undefined;
        apply(connection, { type: 'session.found', afterSequence: output.afterSequence, session: found });
        return;
      }
      case 'run':
        runCommand(connection, output);
        return;
      case 'session.started':
        clearTimeout(connection.timers.authentication);
        connection.session = output.session;
        sessions.set(output.session, connection);
        armExpiry(connection, output.expiresAtMs);
        return;
      case 'session.adopted':
        adopt(connection, output.session, output.replaces);
        return;
      case 'session.detached':
        clearTimeout(connection.timers.grace);
        connection.timers.grace = setTimeout(() => apply(connection, { type: 'grace.expired' }), graceMs).unref();
        return;
      case 'session.ended':
        forget(connection);
        return;
      default:
        assertNever(output);
    }
  };

  const runCommand = (connection: Connection, output: Extract<ControlOutput, { type: 'run' }>): void => {
    const command = options.commands[output.name];
    const failed = (error: unknown): CommandOutcome => {
      report(error, `command ${output.name}`);
      return { type: 'error', error: { code: CONTROL_ERROR.commandFailed, message: `${output.name} failed` } };
    };
    new Promise<CommandOutcome>((resolve) => resolve(command === undefined ? failed(new Error('vanished')) : command.run(output.args as never, output.caller)))
      .catch(failed)
      .then((outcome) => apply(connection, { type: 'command.settled', id: output.id, outcome }))
      .catch((error: unknown) => report(error, 'command reply'));
  };

  /** `connection` resumed `session`: the session's former holder lets go (4010 if it still had a socket). */
  const adopt = (connection: Connection, session: string, replaces: string): void => {
    const former = sessions.get(session);
    if (former !== undefined && former !== connection) {
      former.state = { type: 'closed' };
      clearTimers(former);
      connections.delete(former);
      const socket = former.socket;
      former.socket = undefined;
      socket?.end(CONTROL_CLOSE.sessionTakenOver, 'another connection resumed this session');
    }
    sessions.delete(replaces);
    sessions.set(session, connection);
    connection.session = session;
    clearTimeout(connection.timers.grace);
  };

  const forget = (connection: Connection): void => {
    clearTimers(connection);
    if (connection.session !== undefined && sessions.get(connection.session) === connection) sessions.delete(connection.session);
    connections.delete(connection);
  };

  const armExpiry = (connection: Connection, expiresAtMs: number): void => {
    clearTimeout(connection.timers.expiry);
    const delay = expiresAtMs - now();
    connection.timers.expiry = setTimeout(() => {
      if (now() >= expiresAtMs) apply(connection, { type: 'token.gone' });
      else armExpiry(connection, expiresAtMs);
    }, Math.max(0, Math.min(delay, MAX_TIMER_MS))).unref();
  };

  const unsubscribe = options.events((event) => {
    if (sessions.size === 0) return;
    let dataJson: string;
    try {
      dataJson = JSON.stringify(event.data ?? null);
    } catch (error) {
      report(error, `event ${event.name} is not serialisable`);
      return;
    }
    const bytes = dataJson.length + event.name.length + 64;
    dispatching = { data: event.data, json: dataJson };
    const nowMs = now();
    for (const connection of [...sessions.values()]) {
      // One session's failure (a frame that cannot be encoded) must not keep the event from the others.
      try {
        apply(connection, { type: 'event', event, bytes, bufferedBytes: queuedBytes(connection), nowMs });
      } catch (error) {
        report(error, `event ${event.name}`);
      }
    }
    dispatching = undefined;
  });

  const onFrame = (connection: Connection, frame: DecodedFrame): void => apply(connection, { type: 'frame', frame });

  return {
    mount(app) {
      app.ws<SocketData>(options.path ?? CONTROL_PATH, {
        // Frames up to 16× the limit are read and refused with 1009; larger ones uWS drops outright.
        maxPayloadLength: 16 * maxFrameBytes,
        idleTimeout: 120,
        sendPingsAutomatically: true,
        // The machine enforces the bounds (soft, hard); uWS must never drop a frame silently below them.
        maxBackpressure: env.limits.hardBytes + env.limits.maxBytes + 1024 * 1024,
        closeOnBackpressureLimit: 0,
        upgrade: (res, req, context) => {
          const format = negotiateFormat(req.getHeader('sec-websocket-protocol'));
          if (closed || format.type === 'refused') {
            res.writeStatus('400 Bad Request').end(closed ? 'shutting down' : format.type === 'refused' ? format.message : '');
            return;
          }
          const tokenId = new URLSearchParams(req.getQuery() ?? '').get('token') ?? '';
          const connection: Connection = { state: { type: 'unauthenticated' }, socket: undefined, format: format.format, session: undefined, timers: {} };
          const data: SocketData = { connection, tokenId: tokenId === '' ? undefined : tokenId };
          res.upgrade(data, req.getHeader('sec-websocket-key'), format.protocol ?? '', req.getHeader('sec-websocket-extensions'), context);
        },
        open: (socket) => {
          const { connection, tokenId } = socket.getUserData();
          connection.socket = socket;
          connections.add(connection);
          connection.timers.authentication = setTimeout(() => {
            if (connection.state.type === 'unauthenticated' || connection.state.type === 'authenticating') {
              connection.state = { type: 'closed' };
              execute(connection, { type: 'close', code: CONTROL_CLOSE.authenticationRequired, reason: 'no authentication in time' });
            }
          }, options.authenticationTimeoutMs ?? 10_000).unref();
          apply(connection, { type: 'opened', tokenId });
        },
        message: (socket, message, isBinary) => {
          const { connection } = socket.getUserData();
          if (message.byteLength > maxFrameBytes) {
            connection.state = { type: 'closed' };
            execute(connection, { type: 'close', code: CONTROL_CLOSE.frameTooLarge, reason: `frames are at most ${maxFrameBytes} bytes` });
            return;
          }
          onFrame(connection, decodeClientFrame(message, isBinary, connection.format));
        },
        drain: (socket) => {
          const { connection } = socket.getUserData();
          apply(connection, { type: 'drained', bufferedBytes: queuedBytes(connection) });
        },
        close: (socket) => {
          const { connection } = socket.getUserData();
          if (connection.socket !== socket && connection.socket !== undefined) return;
          connection.socket = undefined;
          clearTimeout(connection.timers.authentication);
          apply(connection, { type: 'disconnected', nowMs: now() });
          if (connection.state.type === 'closed') forget(connection);
        },
      });
    },
    sessionCount: () => sessions.size,
    close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      for (const connection of [...connections, ...sessions.values()]) {
        connection.state = { type: 'closed' };
        clearTimers(connection);
        const socket = connection.socket;
        connection.socket = undefined;
        socket?.end(CONTROL_CLOSE.goingAway, 'server shutting down');
      }
      sessions.clear();
      connections.clear();
    },
  };
}

/** Creates the control API and mounts it on `app`. */
export function mountControlApi(app: TemplatedApp, options: ControlApiOptions): ControlApi {
  const api = createControlApi(options);
  api.mount(app);
  return api;
}

function clearTimers(connection: Connection): void {
  clearTimeout(connection.timers.authentication);
  clearTimeout(connection.timers.expiry);
  clearTimeout(connection.timers.grace);
}

function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}
