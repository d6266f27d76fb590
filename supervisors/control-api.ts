/**
 * The node's native control WebSocket (`/api/control`), built once per node: it outlives
 * restarts of the HTTP service (a uWebSockets.js route cannot be removed, and sessions waiting
 * for a resume must survive), hears every bus event, and resolves tokens through the APIs of the
 * moment. The calld verbs join its command registry here when the call-control port exists.
 */
import { builtInCommands, createControlApi, type ControlApi, type TenantScope, type TokenResolver } from '../api/index.ts';
import type { EventBus } from './bus/event-bus.ts';
import type { NodeLogger } from './logging/create-logger.ts';

export interface NodeControlApiOptions {
  readonly bus: EventBus;
  /** The token resolver of the running APIs; undefined while the HTTP service is down. */
  readonly tokens: () => TokenResolver | undefined;
  /** The tenant scope of the running APIs. */
  readonly tenants: () => TenantScope | undefined;
  /** Calls in progress on this node, once the call service runs. */
  readonly activeCallCount: () => number;
  readonly logger: NodeLogger;
}

export function createNodeControlApi(options: NodeControlApiOptions): ControlApi {
  const log = options.logger.child({ component: 'control-api' });
  return createControlApi({
    tokens: { resolve: (tokenId) => options.tokens()?.resolve(tokenId) ?? Promise.resolve(undefined) },
    tenants: { visibleFrom: (tenantUuid) => options.tenants()?.visibleFrom(tenantUuid) ?? Promise.resolve([tenantUuid]) },
    events: (handler) => options.bus.subscribe([], handler),
    commands: builtInCommands({ now: () => Date.now(), activeCallCount: options.activeCallCount }),
    onError: (error, context) => log.error({ err: error, context }, 'control API failure'),
  });
}
