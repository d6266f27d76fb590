/**
 * What the control WebSocket is built from (the token resolver, the bus, the command registry)
 * and its bounds, with the defaults docs/control-api.md documents.
 */
import type { TokenResolver } from '../auth/verified-token.ts';
import type { CommandRegistry } from './control-commands.ts';
import type { ControlEvent } from './control-frames.ts';
import type { ControlLimits } from './control-protocol.ts';

export const CONTROL_PATH = '/api/control';

export const DEFAULT_CONTROL_LIMITS: ControlLimits = {
  maxEvents: 10_000,
  maxBytes: 8 * 1024 * 1024,
  softBytes: 256 * 1024,
  hardBytes: 4 * 1024 * 1024,
  hardPendingEvents: 5_000,
  hardPendingBytes: 4 * 1024 * 1024,
};

export interface ControlApiOptions {
  readonly path?: string;
  readonly tokens: TokenResolver;
  /** The tenants a token's tenant sees: events of other tenants never reach its sessions. */
  readonly tenants: { visibleFrom(tenantUuid: string): Promise<readonly string[]> };
  /** Subscribes to every bus event; returns the unsubscribe function. */
  readonly events: (handler: (event: ControlEvent) => void) => () => void;
  readonly commands: CommandRegistry;
  readonly limits?: Partial<ControlLimits>;
  /** How long a session outlives its socket, waiting for a resume (default 60 s). */
  readonly graceMs?: number;
  /** How long a socket may stay unauthenticated (default 10 s). */
  readonly authenticationTimeoutMs?: number;
  /** Largest frame a client may send (default 64 KiB; larger ones close the socket with 1009, and past 16 times that uWS drops it). */
  readonly maxFrameBytes?: number;
  readonly now?: () => number;
  readonly newSessionId?: () => string;
  readonly onError?: (error: unknown, context: string) => void;
}
