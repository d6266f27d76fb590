/**
 * The composition root: builds one node from its configuration.
 *
 * @remarks
 * The actor system's root supervisor holds the node's services as permanent children, started in
 * order and stopped in reverse: the store, the SIP side, then the HTTP side. The SIP WebSocket
 * transport lives on the HTTP app, which is created first and listens last, once every route is in.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createActorSystem, createSystemClock, type ActorSystem, type ChildSpec } from '../actors/index.ts';
import type { CallHooksSettings, ParleyConfig } from './config/index.ts';
import { createLogger, type NodeLogger } from './logging/create-logger.ts';
import { loadNodeSecret } from './node-secret.ts';
import { serviceChild, type ServiceChild } from './services/service-child.ts';
import { startStoreService, type StoreService } from './services/store-service.ts';
import { startSipService, type SipService } from './services/sip-service.ts';
import { createHttpApp, startHttpService, type HttpService } from './services/http-service.ts';
import { startMediaService, type MediaService } from './services/media-service.ts';
import { createCallService, type CallService } from './calls/call-service.ts';
import { startTrunkService, type TrunkService } from './trunks/trunk-service.ts';
import { createEventBus, type EventBus } from './bus/event-bus.ts';
import { createRedisEventBus } from './bus/redis-event-bus.ts';
import { advertisedAddress } from './advertised-address.ts';
import { ensureTlsFiles } from './services/tls-certificate.ts';
import { createApis, type Apis } from './apis.ts';
import { createNodeControlApi } from './control-api.ts';
import { createLineRegistrations } from './registrations/line-registrations.ts';
import { lineStatusEvents } from './registrations/line-status-events.ts';
import { createHaConfiguration, type HaConfigurationService } from './ha/ha-configuration.ts';
import { PARLEY_VERSION } from './version.ts';
import { createHaRuntime, type HaRuntime } from './ha/ha-runtime.ts';
import { serves, type HaRoleSource } from './ha/ha-role.ts';
import { startBerofosService } from './ha/berofos-service.ts';
import { hostAnswersPing } from './ha/host-ping.ts';
import { processRefuses } from './ha/process-probe.ts';
import { runHaCommand } from './ha/ha-command.ts';
import { createLoadSampler, mediaFigures } from './ha/node-load.ts';

/** The events after which a mailbox's message-waiting counts may have changed. */
const VOICEMAIL_MESSAGE_EVENTS = ['user_voicemail_message_created', 'user_voicemail_message_updated', 'user_voicemail_message_deleted'];

export interface BootEnvironment {
  /** `PARLEY_DEMO_PASSWORD`, `PARLEY_ADMIN_PASSWORD`, `PARLEY_NODE_SECRET`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Shows the generated demo passwords once (stdout by default). */
  readonly announce?: (text: string) => void;
  readonly logger?: NodeLogger;
  /** Called when the supervision tree gives up: the process should exit. */
  readonly onFatal?: (error: unknown) => void;
  /** The preprocess hooks and the reverse lookup of `cluster.config.ts`. */
  readonly callHooks?: CallHooksSettings;
}

/** A running node. */
export interface RunningNode {
  readonly config: ParleyConfig;
  readonly system: ActorSystem;
  readonly store: StoreService;
  readonly sip: SipService;
  readonly http: HttpService;
  readonly calls: CallService;
  /** The trunks: outbound registrations and qualify, and their status. */
  readonly trunks: TrunkService;
  /** The media worker pool hosting the calls' RTP sessions (one session per call, keyed by call id). */
  readonly media: MediaService;
  readonly bus: EventBus;
  readonly logger: NodeLogger;
  /** Stops everything in reverse order; idempotent. */
  shutdown(): Promise<void>;
}

/** Starts a node; on failure, what was started is stopped again before the error propagates. */
/** How long a node going down waits for its calls to hang up before it stops anyway. */
const CALLS_SHUTDOWN_MS = 3_000;

export async function startNode(config: ParleyConfig, environment: BootEnvironment): Promise<RunningNode> {
  const logger = environment.logger ?? createLogger({ level: config.logLevel, nodeName: config.nodeName });
  const startedAtMs = Date.now();
  const nonceSecret = await loadNodeSecret(config.dataDir, environment.env['PARLEY_NODE_SECRET']);
  const system = await createActorSystem({
    nodeName: config.nodeName,
    clock: createSystemClock(),
    logger: logger.child({ component: 'actors' }),
    root: { strategy: 'oneForOne', maxRestarts: 3, withinMs: 10_000 },
    onRootFailure: (error) => {
      logger.error({ err: error }, 'supervision tree gave up');
      environment.onFatal?.(error);
    },
  });
  const redis = config.redisUrl === undefined ? undefined : new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const app = createHttpApp();
  const services: { store?: StoreService; ha?: HaConfigurationService; haRuntime?: HaRuntime; media?: MediaService; sip?: SipService; calls?: CallService; trunks?: TrunkService; http?: HttpService } = {};
  const address = advertisedAddress(config.sipExternalAddress, config.sipAddress);
  const nodeUuid = randomUUID();
  const localBus = createEventBus((name, error) => logger.error({ event: name, err: error }, 'event subscriber failed'));
  const clusterBus = redis === undefined ? undefined : createRedisEventBus({
    local: localBus, publisher: redis, subscriber: redis.duplicate(), keyPrefix: config.redisKeyPrefix, nodeId: nodeUuid, log: logger.child({ component: 'bus' }),
  });
  const bus: EventBus = clusterBus ?? localBus;
  const apisMade: Apis[] = [];
  /** Whether the node's stored HA configuration puts it in a cluster (read once the store runs). */
  let haAtBoot = false;
  /** The node's HA role: from the HA runtime once it runs; before, a slave when HA is configured. */
  const roles: HaRoleSource = {
    role: () => services.haRuntime?.role() ?? (haAtBoot ? { type: 'slave', masterNodeName: undefined } : { type: 'standalone' }),
    onChange: (listener) => {
      let unsubscribe: (() => void) | undefined;
      let cancelled = false;
      const follow = (): void => {
        if (cancelled) return;
        if (redis === undefined) return void listener({ type: 'standalone' });
        if (services.haRuntime === undefined) return void setTimeout(follow, 100).unref();
        listener(services.haRuntime.role());
        unsubscribe = services.haRuntime.onChange(listener);
      };
      follow();
      return () => {
        cancelled = true;
        unsubscribe?.();
      };
    },
  };
  const load = createLoadSampler({ calls: () => services.calls?.activeCallCount() ?? 0, actors: () => system.actorCounts(), media: () => mediaFigures(services.media?.pool) });
  const registrationDomains = [...new Set([address, '127.0.0.1', config.sipAddress, hostname(), config.sipRealm])];
  const lineSources = { database: () => services.store?.database, registrar: () => services.sip?.registrar, registrationDomains };
  const onLineRegistrarEvent = lineStatusEvents({ ...lineSources, bus, nodeUuid, logger });
  const control = createNodeControlApi({
    bus, tokens: () => apisMade.at(-1)?.tokens, tenants: () => apisMade.at(-1)?.tenants, activeCallCount: () => services.calls?.activeCallCount() ?? 0, calls: () => services.calls?.control, callDetails: () => services.calls?.details, ha: () => services.ha, agentd: () => services.calls?.agentd, contactCenter: () => services.calls?.contactCenter, migrations: () => services.calls,
    lines: createLineRegistrations({ ...lineSources, now: () => Date.now() }), trunks: () => services.trunks?.statusPort, logger,
  });

  const children: readonly ChildSpec[] = [
    permanent('store', 10_000, async () => {
      services.store = await startStoreService({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        demoPassword: nonEmpty(environment.env['PARLEY_DEMO_PASSWORD']),
        adminPassword: nonEmpty(environment.env['PARLEY_ADMIN_PASSWORD']),
        logger: logger.child({ component: 'store' }),
        announce: environment.announce ?? ((text) => process.stdout.write(text)),
      });
      return services.store;
    }),
    // Before SIP: the registrar starts with the expiry limits of the node's HA configuration.
    permanent('ha-configuration', 5_000, async () => {
      services.ha = createHaConfiguration({
        nodeName: config.nodeName, sipAddress: address, sipPort: config.sipPort, database: required(services.store).database,
        configuredExpiry: { minExpiresS: config.registrarMinExpires, maxExpiresS: config.registrarMaxExpires, defaultExpiresS: config.registrarDefaultExpires },
        registrar: () => services.sip?.registrar, activeCallCount: () => services.calls?.activeCallCount() ?? 0, logger,
        runtime: () => services.haRuntime, sampleLoad: () => load.sample(),
      });
      await services.ha.start();
      // A node of an HA cluster starts as a slave: it serves no call and holds no service address
      // until the lease says it is the master (a master killed earlier may have left the address here).
      haAtBoot = redis !== undefined && (await services.ha.configuration()).node_type !== 'disabled';
      if (haAtBoot) await runHaCommand(config.haReleaseCommand, { PARLEY_HA_ROLE: 'slave' }, logger.child({ component: 'ha' }));
      return { close: () => Promise.resolve() };
    }),
    permanent('media', 5_000, async () => {
      services.media = await startMediaService({ workers: config.mediaWorkers, bindAddress: config.sipAddress, logger: logger.child({ component: 'media' }) });
      return services.media;
    }),
    permanent('sip', 5_000, async () => {
      if (redis !== undefined && redis.status === 'wait') await redis.connect();
      services.sip = await startSipService({
        address: config.sipAddress,
        port: config.sipPort,
        transports: config.sipTransports,
        webSocketApp: app,
        realm: config.sipRealm,
        digestAlgorithms: config.sipDigestAlgorithms,
        nonceSecret,
        t1Ms: config.sipT1Ms,
        sessionTimer: { sessionExpiresSeconds: config.sipSessionExpires, minSeSeconds: config.sipMinSe },
        registrar: { ...required(services.ha).expiryPolicy(), maxContacts: config.registrarMaxContacts },
        onRegistrarEvent: (event) => {
          services.trunks?.onRegistrarEvent(event);
          onLineRegistrarEvent(event);
        },
        forceRport: (source) => services.trunks?.directory.trunkBySource(source)?.nat === true,
        database: required(services.store).database,
        ...(redis === undefined ? {} : { redis: { client: redis, keyPrefix: config.redisKeyPrefix } }),
        serverName: `parley/${PARLEY_VERSION}`,
        logger,
        advertisedAddress: address,
        onInvite: (session) => {
          // A slave serves no call: the phones' backup registrar sends them elsewhere on 503 (RFC 3261 §21.5.4).
          if (services.calls === undefined || !serves(roles.role())) session.reject(503);
          else services.calls.onInvite(session);
        },
        messageWaiting: {
          onMailboxChange: (listener) => bus.subscribe(VOICEMAIL_MESSAGE_EVENTS, (event) => {
            const voicemailId = (event.data as { voicemail_id?: unknown } | undefined)?.voicemail_id;
            if (typeof voicemailId === 'number') listener(voicemailId);
          }),
        },
      });
      return services.sip;
    }),
    permanent('calls', 10_000, async () => {
      const sip = required(services.sip);
      services.calls = await createCallService({
        system,
        database: required(services.store).database,
        registrar: sip.registrar,
        authenticator: sip.authenticator,
        mediaPool: required(services.media).pool,
        mediaEvents: (listener) => required(services.media).subscribe(listener),
        soundsDir: config.soundsDir ?? join(config.dataDir, 'sounds'),
        voicemailDir: join(config.dataDir, 'voicemail'),
        conferenceDir: join(config.dataDir, 'conferences'),
        rtpPorts: config.rtpPorts,
        mediaAddress: address,
        registrationDomains,
        sipHost: address,
        bus,
        nodeUuid,
        logger,
        ...(redis === undefined ? {} : { cluster: { redis, keyPrefix: config.redisKeyPrefix } }),
        // In an HA cluster the contact center runs on the master; otherwise on the holder of its own lease.
        ...(haAtBoot ? { haRoles: roles } : {}),
        trunks: () => services.trunks?.directory,
        onTrunkCallCount: (trunkId) => services.trunks?.callCountChanged(trunkId),
        ...(environment.callHooks === undefined ? {} : { callHooks: environment.callHooks }),
      });
      services.calls.attach((options) => sip.stack.startInvite(options), (request) => sip.stack.sendOutOfDialog(request), (snapshot) => sip.stack.resumeSession(snapshot));
      return services.calls;
    }),
    // The node's part in a master/slave cluster, once its calls can be carried on (it needs Redis).
    ...(redis === undefined ? [] : [permanent('ha', 5_000, async () => {
      const runtime = createHaRuntime({
        redis, keyPrefix: config.redisKeyPrefix, nodeName: config.nodeName, leaseMs: config.haLeaseMs, detection: config.haFailoverDetection,
        ...(config.haTakeoverCommand === undefined ? {} : { takeoverCommand: config.haTakeoverCommand }),
        ...(config.haReleaseCommand === undefined ? {} : { releaseCommand: config.haReleaseCommand }),
        calls: required(services.calls), log: logger.child({ component: 'ha' }), hostAlive: hostAnswersPing,
        processGone: (remote) => processRefuses(remote, config.httpPort),
        load, storeReachable: () => required(services.store).database.query('select 1').then(() => true),
        holdUnknownDialogs: (limitMs) => required(services.sip).stack.holdUnknownDialogs(limitMs),
      });
      services.haRuntime = runtime;
      await runtime.reconfigure(await required(services.ha).configuration());
      return { close: () => runtime.close() };
    })]),
    ...(config.haBerofosConfig === undefined ? [] : [permanent('berofos', 5_000, async () => {
      const path = config.haBerofosConfig as string;
      return startBerofosService({ configPath: path, roles, logger, system });
    })]),
    permanent('trunks', 5_000, async () => {
      const sip = required(services.sip);
      services.trunks = await startTrunkService({
        database: required(services.store).database, stack: sip.stack, bus, nodeUuid, advertisedAddress: address, sipPort: sip.stack.local.port,
        userAgent: `parley/${PARLEY_VERSION}`, logger, callCount: (trunkId) => services.calls?.trunkCallCount(trunkId) ?? 0, roles,
      });
      return services.trunks;
    }),
    permanent('http', 5_000, async () => {
      const database = required(services.store).database;
      const tls = await ensureTlsFiles({
        dataDir: config.dataDir, certFile: config.tlsCertFile, keyFile: config.tlsKeyFile,
        hostnames: [address, config.sipAddress, config.httpAddress, hostname(), 'localhost', '127.0.0.1'], now: () => Date.now(),
      });
      if (tls.created) logger.info({ certFile: tls.certFile, sha256: tls.fingerprint256 }, 'self-signed TLS certificate created');
      const apis = createApis({
        database, bus, nodeUuid, logger, hookNames: new Set(Object.keys(environment.callHooks?.hooks ?? {})),
        ...(services.calls === undefined ? {} : { calls: services.calls.control }),
        ...(services.calls?.conferences === undefined ? {} : { conferences: services.calls.conferences }),
        ...(services.trunks === undefined ? {} : { trunks: services.trunks.statusPort }),
        ...(services.calls?.agentd === undefined ? {} : { agentd: services.calls.agentd }),
        ha: { ha: required(services.ha), ownAddresses: ownAddresses(address, config.sipAddress) },
      });
      apisMade.push(apis);
      services.http = await startHttpService({
        app,
        address: config.httpAddress,
        port: config.httpPort,
        tls: { port: config.httpsPort, certFile: tls.certFile, keyFile: tls.keyFile },
        mountApis: (httpApp) => {
          apis.mount(httpApp);
          control.mount(httpApp);
          // SIP over WebSocket on both ports: ws:// on the HTTP port, wss:// on the HTTPS one (WebRTC phones).
          required(services.sip).stack.attachWebSocketApp(httpApp);
        },
        nodeName: config.nodeName,
        version: PARLEY_VERSION,
        startedAtMs,
        checks: {
          database: async () => {
            await required(services.store).database.query('select 1');
            return { ok: true };
          },
          ...(redis === undefined ? {} : { redis: async () => ({ ok: (await redis.ping()) === 'PONG' }) }),
        },
      });
      return services.http;
    }),
  ];

  let stopped = false;
  const shutdown = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    logger.info({}, 'shutting down');
    // A master with a live slave hands its calls over rather than hanging them up.
    if (services.haRuntime?.role().type === 'master') {
      const handed = await services.haRuntime.switchover().catch((error: unknown) => ({ type: 'failed' as const, reason: String(error) }));
      logger.info({ switchover: handed }, handed.type === 'ok' ? 'calls handed over before stopping' : 'no switchover before stopping');
    }
    // Calls first, while SIP, media and the store still serve them: each leg gets its BYE or CANCEL.
    const left = await services.calls?.hangUpAll(CALLS_SHUTDOWN_MS);
    if (left !== undefined && left > 0) logger.warn({ calls: left }, 'calls still open at shutdown');
    for (const apis of apisMade) apis.close();
    control.close();
    await system.shutdown();
    await clusterBus?.close();
    if (redis !== undefined) redis.disconnect();
    logger.info({}, 'stopped');
    logger.flush();
  };

  try {
    // restForOne: when the store restarts, the services built on it restart after it.
    const result = await system.root.startChild({
      id: 'services',
      restart: 'permanent',
      shutdownMs: 20_000,
      start: () => system.startSupervisor({ name: 'services', strategy: 'restForOne', maxRestarts: 5, withinMs: 60_000 }, children),
    });
    if (result.type === 'error') throw result.code === 'start-failed' ? result.error : new Error(`services: ${result.code}`);
  } catch (error) {
    await shutdown();
    throw error;
  }
  logger.info({ sipPort: required(services.sip).stack.local.port, httpPort: required(services.http).port, httpsPort: required(services.http).httpsPort }, 'node ready');
  return {
    config,
    system,
    store: required(services.store),
    sip: required(services.sip),
    http: required(services.http),
    calls: required(services.calls),
    trunks: required(services.trunks),
    media: required(services.media),
    bus,
    logger,
    shutdown,
  };
}

function permanent<S extends { close(): Promise<void> }>(id: string, shutdownMs: number, start: () => Promise<S>): ChildSpec<ServiceChild<S>> {
  return { id, restart: 'permanent', shutdownMs, start: async () => serviceChild(await start()) };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('a service was used before it started');
  return value;
}

/** The node's own addresses, which HA's remote address may not be: the advertised one and the SIP bind address. */
function ownAddresses(advertised: string, bindAddress: string): string[] {
  return [...new Set([advertised, bindAddress])].filter((each) => each !== '0.0.0.0' && each !== '::');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
