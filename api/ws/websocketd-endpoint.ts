/**
 * The event WebSocket (websocketd, seed API-05) on uWebSockets.js: the thin shell around the pure
 * machine of websocketd-protocol.ts. It resolves the token while upgrading, feeds the machine the
 * client's frames and the bus events, and does what the machine answers.
 *
 * @remarks
 * Served at `/api/websocketd/` (and without the final slash), where the `@wazo/sdk` client
 * connects with `?token=…&version=2`; the SIP WebSocket keeps `/ws`. One hub serves every app it
 * is mounted on (HTTP and HTTPS) from one bus subscription. A socket closes with 4003 at its
 * token's expiry (a timer), when the internal event `auth_token_deleted` names its token (from any
 * node of the cluster), or when a periodic re-check finds the token gone. A client too slow to
 * read its events is dropped past `maxBackpressureBytes` (1013) so that it never slows the node;
 * a binary frame closes with 4004, an oversize one with 1009. A `token` frame swaps the session's
 * token once the new one resolves.
 */
import type { WebSocket, WebSocketBehavior } from 'uWebSockets.js';
import { createAclMemo, type AclMemo } from './acl-memo.ts';
import type { VerifiedToken } from '../auth/verified-token.ts';
import { deliverEvent, openWebsocketd, receiveFrame, renewToken, tokenGone, WEBSOCKETD_CLOSE, type WebsocketdState, type WebsocketdStep, type WebsocketdToken } from './websocketd-protocol.ts';
import { encodeEventFrame, encodeMessage } from './websocketd-frames.ts';
import type { Websocketd, WebsocketdLog, WebsocketdOptions } from './websocketd-options.ts';

export type { SubscribeToEvents, Websocketd, WebsocketdEvent, WebsocketdLog, WebsocketdOptions } from './websocketd-options.ts';

export const WEBSOCKETD_PATHS = ['/api/websocketd/', '/api/websocketd'] as const;
/** The close code of a client dropped for not reading its events (RFC 6455 "try again later"). */
export const WEBSOCKETD_TOO_SLOW = 1013;
const INTERNAL_ERROR = 1011;
const MESSAGE_TOO_BIG = 1009;
const MAX_TIMER_MS = 2_147_483_647;

interface PeerData {
  readonly tokenId: string | undefined;
  /** The resolved token; undefined when unknown, `failed` when the resolver failed. */
  readonly token: VerifiedToken | undefined | 'failed';
  /** The tenants the token sees. */
  readonly visibleTenants: ReadonlySet<string>;
}

interface Peer {
  readonly socket: WebSocket<PeerData>;
  /** The session's token (a `token` frame renews it). */
  tokenId: string;
  state: WebsocketdState;
  expiryTimer: ReturnType<typeof setTimeout> | undefined;
  readonly tenantUuid: string;
  readonly visibleTenants: ReadonlySet<string>;
}

const silent: WebsocketdLog = { info: () => undefined, warn: () => undefined };

export function createWebsocketd(options: WebsocketdOptions): Websocketd {
  const now = options.now ?? Date.now;
  const log = options.log ?? silent;
  const maxBackpressure = options.maxBackpressureBytes ?? 1024 * 1024;
  const maxPayload = options.maxPayloadBytes ?? 64 * 1024;
  const peers = new Map<WebSocket<PeerData>, Peer>();
  const acls = createAclMemo();
  let closed = false;

  const end = (peer: Peer, code: number, reason: string): void => {
    forget(peer);
    peer.socket.end(code, reason);
  };
  const forget = (peer: Peer): void => {
    if (peer.expiryTimer !== undefined) clearTimeout(peer.expiryTimer);
    peer.expiryTimer = undefined;
    peer.state = { type: 'closed' };
    peers.delete(peer.socket);
  };
  /** Sends one frame; false when the client is past the back-pressure bound (the caller drops it). */
  const sendFrame = (peer: Peer, frame: string | Uint8Array): boolean => {
    // 0: sent; 1: buffered (back-pressure); 2: dropped past uWebSockets.js's own bound.
    const status = peer.socket.send(frame, false);
    return status === 0 || (status === 1 && peer.socket.getBufferedAmount() <= maxBackpressure);
  };
  /** Drops a client too slow to read its events (outside any cork, so that its close frame is written). */
  const dropSlow = (peer: Peer): void => {
    log.warn({ token: peer.tokenId.slice(0, 8), buffered: peer.socket.getBufferedAmount() }, 'websocketd client too slow: dropped');
    end(peer, WEBSOCKETD_TOO_SLOW, 'too slow to read its events');
  };
  const apply = (peer: Peer, step: WebsocketdStep): void => {
    if (step.type === 'close') {
      end(peer, step.code, step.reason);
      return;
    }
    if (step.type === 'resolve') {
      peer.state = step.state;
      renew(peer, step.tokenId);
      return;
    }
    peer.state = step.state;
    for (const message of step.messages) {
      if (!sendFrame(peer, encodeMessage(message))) {
        dropSlow(peer);
        return;
      }
    }
  };
  const renew = (peer: Peer, tokenId: string): void => {
    options.tokens.resolve(tokenId).then(
      (token) => {
        if (!peers.has(peer.socket)) return;
        if (token !== undefined && token.tenantUuid !== peer.tenantUuid) {
          peer.socket.cork(() => end(peer, WEBSOCKETD_CLOSE.authenticationFailed, 'a renewed token must belong to the same tenant'));
          return;
        }
        const step = renewToken(peer.state, token === undefined ? undefined : machineToken(token, acls), now());
        peer.socket.cork(() => apply(peer, step));
        if (step.type !== 'send' || token === undefined) return;
        peer.tokenId = tokenId;
        if (peer.expiryTimer !== undefined) clearTimeout(peer.expiryTimer);
        armExpiry(peer, token.expiresAtMs);
      },
      (error: unknown) => {
        log.warn({ err: error }, 'websocketd could not resolve a renewed token');
        if (peers.has(peer.socket)) peer.socket.cork(() => end(peer, INTERNAL_ERROR, 'the token could not be checked'));
      },
    );
  };
  const armExpiry = (peer: Peer, expiresAtMs: number): void => {
    peer.expiryTimer = setTimeout(() => {
      peer.expiryTimer = undefined;
      if (!peers.has(peer.socket)) return;
      if (now() >= expiresAtMs) peer.socket.cork(() => apply(peer, tokenGone(peer.state)));
      else armExpiry(peer, expiresAtMs);
    }, Math.min(Math.max(expiresAtMs - now(), 0), MAX_TIMER_MS));
  };
  const closeToken = (tokenId: string): void => {
    for (const peer of [...peers.values()]) {
      if (peer.tokenId === tokenId) peer.socket.cork(() => apply(peer, tokenGone(peer.state)));
    }
  };

  // Events of one burst of publications go out together: one corked write per socket, not one per event.
  const pending = new Map<Peer, Uint8Array[]>();
  const flush = () => {
    for (const [peer, frames] of pending) {
      if (!peers.has(peer.socket)) continue;
      let dropped = false;
      peer.socket.cork(() => {
        for (const frame of frames) {
          if (peer.socket.send(frame, false) === 2) {
            dropped = true;
            return;
          }
        }
      });
      // Measured once the cork is written out: a corked frame larger than the cork buffer counts as buffered until then.
      if (dropped || peer.socket.getBufferedAmount() > maxBackpressure) dropSlow(peer);
    }
    pending.clear();
  };
  const enqueue = (peer: Peer, frame: Uint8Array) => {
    if (pending.size === 0) queueMicrotask(flush);
    const frames = pending.get(peer);
    if (frames === undefined) pending.set(peer, [frame]);
    else frames.push(frame);
  };

  const unsubscribe = options.events((event) => {
    if (event.name === 'auth_token_deleted' && !('required_acl' in event && event.required_acl !== undefined)) {
      const token = (event.data as { token?: unknown } | null)?.token;
      if (typeof token === 'string') closeToken(token);
      return;
    }
    if (peers.size === 0) return;
    // Encoded once to UTF-8 bytes: a string would be converted again for every socket.
    let frame: Uint8Array | undefined;
    const eventFrame = () => (frame ??= Buffer.from(encodeEventFrame(event)));
    const at = now();
    acls.begin(typeof event.required_acl === 'string' ? event.required_acl : undefined);
    for (const peer of [...peers.values()]) {
      // Tenant isolation first: no ACL, not even `#`, reaches another tenant's events.
      if (event.tenant_uuid !== undefined && !peer.visibleTenants.has(event.tenant_uuid)) continue;
      const step = deliverEvent(peer.state, event, at);
      if (step.type !== 'send') {
        apply(peer, step);
        continue;
      }
      peer.state = step.state;
      if (step.messages.length > 0) enqueue(peer, eventFrame());
    }
    acls.begin(undefined);
  });

  let rechecking = false;
  const recheck = setInterval(() => {
    if (rechecking || peers.size === 0) return;
    rechecking = true;
    const tokenIds = [...new Set([...peers.values()].map((peer) => peer.tokenId))];
    void Promise.all(
      tokenIds.map(async (tokenId) => {
        try {
          if ((await options.tokens.resolve(tokenId)) === undefined) closeToken(tokenId);
        } catch (error) {
          log.warn({ err: error }, 'websocketd could not re-check a token');
        }
      }),
    ).finally(() => {
      rechecking = false;
    });
  }, options.recheckMs ?? 5_000);
  recheck.unref();

  const behavior: WebSocketBehavior<PeerData> = {
    // Up to four times the bound, a frame too large gets a clean 1009; beyond, uWebSockets.js cuts the connection.
    maxPayloadLength: maxPayload * 4,
    idleTimeout: 120,
    sendPingsAutomatically: true,
    maxBackpressure: maxBackpressure * 2,
    closeOnBackpressureLimit: 0,
    upgrade: (res, req, context) => {
      const query = new URLSearchParams(req.getQuery() ?? '');
      const tokenId = nonEmpty(query.get('token')) ?? nonEmpty(req.getHeader('x-auth-token'));
      const key = req.getHeader('sec-websocket-key');
      const extensions = req.getHeader('sec-websocket-extensions');
      let aborted = false;
      res.onAborted(() => {
        aborted = true;
      });
      const upgrade = (token: PeerData['token'], visibleTenants: ReadonlySet<string> = new Set()) => {
        if (aborted) return;
        res.cork(() => res.upgrade<PeerData>({ tokenId, token, visibleTenants }, key, '', extensions, context));
      };
      if (closed || tokenId === undefined) {
        upgrade(undefined);
        return;
      }
      const resolveWithTenants = async (id: string) => {
        const token = await options.tokens.resolve(id);
        if (token === undefined) return upgrade(undefined);
        upgrade(token, new Set(await options.tenants.visibleFrom(token.tenantUuid)));
      };
      resolveWithTenants(tokenId).catch((error: unknown) => {
        log.warn({ err: error }, 'websocketd could not resolve a token');
        upgrade('failed');
      });
    },
    open: (socket) => {
      const { tokenId, token, visibleTenants } = socket.getUserData();
      if (closed) {
        socket.end(1001, 'server shutting down');
        return;
      }
      if (token === 'failed') {
        socket.end(INTERNAL_ERROR, 'the token could not be checked');
        return;
      }
      const step = openWebsocketd(tokenId, token === undefined ? undefined : machineToken(token, acls), now());
      if (step.type === 'close' || tokenId === undefined || token === undefined) {
        socket.end(step.type === 'close' ? step.code : WEBSOCKETD_CLOSE.authenticationFailed, step.type === 'close' ? step.reason : 'authentication failed');
        return;
      }
      const peer: Peer = { socket, tokenId, state: step.state, expiryTimer: undefined, tenantUuid: token.tenantUuid, visibleTenants };
      peers.set(socket, peer);
      armExpiry(peer, token.expiresAtMs);
      apply(peer, step);
    },
    message: (socket, message, isBinary) => {
      const peer = peers.get(socket);
      if (peer === undefined) return;
      if (isBinary) {
        end(peer, WEBSOCKETD_CLOSE.protocolError, 'binary frames are not accepted');
        return;
      }
      if (message.byteLength > maxPayload) {
        end(peer, MESSAGE_TOO_BIG, 'frame too large');
        return;
      }
      apply(peer, receiveFrame(peer.state, Buffer.from(message).toString('utf8')));
    },
    close: (socket) => {
      const peer = peers.get(socket);
      if (peer !== undefined) forget(peer);
    },
  };

  return {
    mount(app) {
      for (const path of WEBSOCKETD_PATHS) app.ws<PeerData>(path, behavior);
    },
    connectionCount: () => peers.size,
    close() {
      if (closed) return;
      closed = true;
      clearInterval(recheck);
      unsubscribe();
      for (const peer of [...peers.values()]) end(peer, 1001, 'server shutting down');
    },
  };
}

function machineToken(token: VerifiedToken, acls: AclMemo): WebsocketdToken {
  return { acl: acls.check(token.acl, token.userUuid), expiresAtMs: token.expiresAtMs };
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}
