/**
 * What websocketd needs from the node (tokens, the bus, the clock, a log, its bounds) and what it
 * gives back: the contract of websocketd-endpoint.ts.
 */
import type { TemplatedApp } from 'uWebSockets.js';
import type { TokenResolver } from '../auth/verified-token.ts';

/** An event of the bus, in the seed's envelope (API-06). */
export interface WebsocketdEvent {
  readonly name: string;
  readonly origin_uuid: string;
  readonly required_acl?: string | null;
  /** The tenant the event belongs to: only tokens that see this tenant receive it. Absent: a platform event. */
  readonly tenant_uuid?: string;
  readonly data: unknown;
}

/** Subscribes to every bus event; returns the unsubscribe function. */
export type SubscribeToEvents = (handler: (event: WebsocketdEvent) => void) => () => void;

export interface WebsocketdLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface WebsocketdOptions {
  readonly tokens: TokenResolver;
  readonly events: SubscribeToEvents;
  /** The tenants a token's tenant sees (itself and below); events of other tenants never reach it. */
  readonly tenants: { visibleFrom(tenantUuid: string): Promise<readonly string[]> };
  readonly now?: () => number;
  readonly log?: WebsocketdLog;
  /** How often open sockets' tokens are resolved again (default 5 s). */
  readonly recheckMs?: number;
  /** Bytes a client may leave unread before it is dropped (default 1 MiB). */
  readonly maxBackpressureBytes?: number;
  /** The largest frame a client may send (default 64 KiB; larger closes with 1009). */
  readonly maxPayloadBytes?: number;
}

export interface Websocketd {
  /** Serves websocketd on an app (call once per app). */
  mount(app: TemplatedApp): void;
  connectionCount(): number;
  /** Closes every socket (1001) and stops the timers and the bus subscription. */
  close(): void;
}
