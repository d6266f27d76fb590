/**
 * The node's APIs, composed: the REST services of the reference platform under
 * `/api/<service>/<version>` (auth, confd with its HA routes, call-logd, calld, agentd), with the token
 * resolver and tenant scope every one of them shares, and the event WebSocket (websocketd at
 * `/api/websocketd/`, fed by the bus), and the admin console's page at `/console`, mounted on each app
 * (HTTP and HTTPS).
 */
import type { TemplatedApp } from 'uWebSockets.js';
import {
  AGENTD_PREFIX, agentdOpenApi, agentdRoutes, AUTH_PREFIX, authOpenApi, authRoutes, CALL_LOGD_PREFIX, callLogdOpenApi, callLogdRoutes, CONFD_PREFIX, confdOpenApi, confdRoutes, CALLD_PREFIX, calldOpenApi, calldRoutes, createWebsocketd,
  DEFAULT_LOGIN_THROTTLE, loadConsoleAssets, LoginThrottle, mountApiService, registerConsoleRoute, storeTenantScope, storeTokenResolver,
  type AgentdPort, type ApiEvent, type ApiRoute, type HaRouteDeps, type CallControlPort, type ConferenceControlPort, type TenantScope, type TokenResolver, type TrunkStatusPort,
} from '../api/index.ts';
import type { Database } from '../store/index.ts';
import type { EventBus } from './bus/event-bus.ts';
import type { NodeLogger } from './logging/create-logger.ts';

export interface ApisOptions {
  readonly database: Database;
  readonly bus: EventBus;
  readonly nodeUuid: string;
  readonly logger: NodeLogger;
  /** calld's call control; without it calld is not mounted (a node without a call service). */
  readonly calls?: CallControlPort;
  /** The names of the preprocess hooks, which confd's `preprocess_subroutine` may name. */
  readonly hookNames?: ReadonlySet<string>;
  /** The node's conference rooms, for calld's `/conferences`. */
  readonly conferences?: ConferenceControlPort;
  /** The running trunks' status, for calld's `/trunks`. */
  readonly trunks?: TrunkStatusPort;
  /** The node's agents and queues, for agentd; without it agentd is not mounted (a node without a contact center). */
  readonly agentd?: AgentdPort;
  /** The node's HA control port and own addresses, for confd's `/ha`; without it `/ha` is not mounted. */
  readonly ha?: HaRouteDeps;
}

export interface Apis {
  readonly tokens: TokenResolver;
  readonly tenants: TenantScope;
  mount(app: TemplatedApp): void;
  /** Closes the event WebSockets and their timers (at node shutdown). */
  close(): void;
}

interface RestService {
  readonly service: string;
  readonly prefix: string;
  readonly routes: readonly ApiRoute[];
  readonly openapi: unknown;
}

export function createApis(options: ApisOptions): Apis {
  const now = () => Date.now();
  const tokens = storeTokenResolver(options.database, now);
  const tenants = storeTenantScope(options.database);
  const log = options.logger.child({ component: 'api' });
  // Internal events (no required_acl) travel on the bus like the others; websocketd keeps them from clients.
  const publish = (event: ApiEvent) => options.bus.publish(event as Parameters<EventBus['publish']>[0]);
  const auth = authRoutes({ db: options.database, now, throttle: new LoginThrottle(DEFAULT_LOGIN_THROTTLE), publish, nodeUuid: options.nodeUuid });
  const confd = confdRoutes({ db: options.database, publish: (event) => options.bus.publish(event), nodeUuid: options.nodeUuid,
    ...(options.hookNames === undefined ? {} : { hookNames: options.hookNames }), ...(options.ha === undefined ? {} : { ha: options.ha }),
  });
  const callLogd = callLogdRoutes({ db: options.database });
  const services: RestService[] = [
    { service: 'auth', prefix: AUTH_PREFIX, routes: auth, openapi: authOpenApi(auth) },
    { service: 'confd', prefix: CONFD_PREFIX, routes: confd, openapi: confdOpenApi(confd) },
    { service: 'call-logd', prefix: CALL_LOGD_PREFIX, routes: callLogd, openapi: callLogdOpenApi(callLogd) },
  ];
  if (options.calls !== undefined) {
    const calld = calldRoutes(options.calls, options.trunks, { db: options.database }, options.conferences);
    services.push({ service: 'calld', prefix: CALLD_PREFIX, routes: calld, openapi: calldOpenApi(calld) });
  }
  if (options.agentd !== undefined) {
    const agentd = agentdRoutes(options.agentd, options.nodeUuid);
    services.push({ service: 'agentd', prefix: AGENTD_PREFIX, routes: agentd, openapi: agentdOpenApi(agentd) });
  }
  const websocketd = createWebsocketd({
    tokens,
    tenants,
    events: (handler) => options.bus.subscribe(['*'], handler),
    now,
    log: options.logger.child({ component: 'websocketd' }),
  });
  const consoleAssets = loadConsoleAssets();
  return {
    tokens,
    tenants,
    close: () => websocketd.close(),
    mount(app) {
      websocketd.mount(app);
      registerConsoleRoute(app, consoleAssets);
      for (const service of services) {
        mountApiService(app, {
          ...service,
          tokens,
          tenants,
          onError: (error, request) => log.error({ err: error, method: request.method, url: request.url }, 'API handler failed'),
        });
      }
    },
  };
}
