/**
 * The node's SIP side as a service: the stack on its transports, digest authentication against
 * the SIP lines of the store, the registrar with its location service (Redis in a cluster, memory
 * on a single node), and OPTIONS answered.
 */
import { randomBytes } from 'node:crypto';
import type { TemplatedApp } from 'uWebSockets.js';
import type { Redis } from 'ioredis';
import {
  answerOptions,
  createDigestAuthenticator,
  createMemoryLocationStore,
  createRedisLocationStore,
  createRegistrar,
  createSipStack,
  type DigestAlgorithm,
  type DigestAuthenticator,
  type IncomingRequest,
  type InviteServerSession,
  type LocationStore,
  type Registrar,
  type RegistrarEvent,
  type SipEndpoint,
  type SipStack,
  type SipStackEvent,
  type SessionTimerPolicy,
  type SipTransportKind,
} from '../../transport/index.ts';
import { findSipCredentials, findTrunkSipCredentials, type Database } from '../../store/index.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import { createMwiSubscriptions, type MwiSubscriptions } from './mwi-subscriptions.ts';

export interface SipServiceOptions {
  readonly address: string;
  readonly port: number;
  readonly transports: readonly SipTransportKind[];
  readonly webSocketApp: TemplatedApp;
  readonly realm: string;
  readonly digestAlgorithms: readonly DigestAlgorithm[];
  /** Shared by every node so that any node accepts any node's nonces. */
  readonly nonceSecret: Uint8Array;
  readonly t1Ms: number;
  /** Session timers of calls (RFC 4028): the interval asked for and granted, and the shortest accepted. */
  readonly sessionTimer: SessionTimerPolicy;
  readonly registrar: { readonly minExpiresS: number; readonly maxExpiresS: number; readonly defaultExpiresS: number; readonly maxContacts: number };
  readonly database: Database;
  /** Set in a cluster: bindings are kept in Redis under `keyPrefix`. */
  readonly redis?: { readonly client: Redis; readonly keyPrefix: string };
  readonly serverName: string;
  readonly logger: NodeLogger;
  readonly onRegistrarEvent?: (event: RegistrarEvent) => void;
  /** Where new INVITEs go (the call service); without it INVITE is answered 405. */
  readonly onInvite?: (session: InviteServerSession) => void;
  /** The address put in the node's Contact headers (never a wildcard bind address). */
  readonly advertisedAddress: string;
  /** Whether requests from a source get responses at their source port even without `rport` (a `nat` trunk's peer). */
  readonly forceRport?: (source: SipEndpoint) => boolean;
  /**
   * Message-waiting indication (RFC 3842): SUBSCRIBE to `message-summary` is served, and
   * `onMailboxChange` tells when a mailbox's counts may have changed. Without it SUBSCRIBE is 405.
   */
  readonly messageWaiting?: { readonly onMailboxChange: (listener: (voicemailId: number) => void) => () => void };
}

export interface SipService {
  readonly stack: SipStack;
  readonly registrar: Registrar;
  readonly authenticator: DigestAuthenticator;
  readonly locationStore: LocationStore;
  /** The message-waiting subscriptions, when served. */
  readonly messageWaiting?: MwiSubscriptions;
  close(): Promise<void>;
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('message-waiting subscriptions are not ready');
  return value;
}

/** How often lapsed registrations are swept. */
const SWEEP_INTERVAL_MS = 1_000;

/** Starts the SIP side; rejects when a SIP port cannot be bound. */
export async function startSipService(options: SipServiceOptions): Promise<SipService> {
  const clock = { now: () => Date.now() };
  const log = options.logger.child({ component: 'sip' });
  const locationStore = options.redis
    ? createRedisLocationStore({ redis: options.redis.client, keyPrefix: options.redis.keyPrefix, clock })
    : createMemoryLocationStore({ clock });
  const authenticator = createDigestAuthenticator({
    realm: options.realm,
    nonceSecret: options.nonceSecret,
    algorithms: options.digestAlgorithms,
    clock,
    random: (size) => randomBytes(size),
    lookup: async (username) => {
      // A line's endpoint, else a `host: dynamic` trunk's (its peer registers and calls with them).
      const credentials = (await findSipCredentials(options.database, username)) ?? (await findTrunkSipCredentials(options.database, username));
      return credentials === undefined ? undefined : { password: credentials.secret };
    },
  });
  const registrar = createRegistrar({
    store: locationStore,
    authenticator,
    clock,
    minExpiresS: options.registrar.minExpiresS,
    maxExpiresS: options.registrar.maxExpiresS,
    defaultExpiresS: options.registrar.defaultExpiresS,
    maxContactsPerAor: options.registrar.maxContacts,
    onEvent: (event) => {
      logRegistrarEvent(log, event);
      options.onRegistrarEvent?.(event);
    },
  });
  const capabilities = {
    allow: options.onInvite === undefined ? ['REGISTER', 'OPTIONS'] : ['INVITE', 'ACK', 'CANCEL', 'BYE', 'UPDATE', 'INFO', 'REGISTER', 'OPTIONS'],
    accept: ['application/sdp'],
    supported: ['path'],
    server: options.serverName,
  };
  const stack = await createSipStack({
    address: options.address,
    port: options.port,
    transports: options.transports,
    webSocketApp: options.webSocketApp,
    serverName: options.serverName,
    t1Ms: options.t1Ms,
    handlers: {
      REGISTER: (incoming) => registrar.handleRegister(incoming.request, incoming.source),
      OPTIONS: (incoming) => answerOptions(incoming.request, capabilities, randomBytes(6).toString('hex')),
      ...(options.messageWaiting === undefined ? {} : { SUBSCRIBE: (incoming: IncomingRequest) => required(messageWaiting).onSubscribe(incoming) }),
    },
    onEvent: (event) => logStackEvent(log, event),
    ...(options.forceRport === undefined ? {} : { forceRport: options.forceRport }),
    ...(options.onInvite === undefined ? {} : { sessions: { onInvite: options.onInvite, contacts: nodeContacts(options.advertisedAddress, options.port), sessionTimer: options.sessionTimer } }),
  });
  const messageWaiting = options.messageWaiting === undefined
    ? undefined
    : createMwiSubscriptions({ stack, authenticator, database: options.database, logger: log, accountHost: options.advertisedAddress, contact: nodeContacts(options.advertisedAddress, options.port).udp });
  const stopListening = messageWaiting === undefined ? undefined : options.messageWaiting?.onMailboxChange((voicemailId) => messageWaiting.mailboxChanged(voicemailId));
  const sweeper = setInterval(() => {
    registrar.sweepExpired().catch((error: unknown) => log.error({ err: error }, 'registration sweep failed'));
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  log.info({ address: stack.local.address, port: stack.local.port, transports: options.transports }, 'SIP listening');
  return {
    stack,
    registrar,
    authenticator,
    locationStore,
    ...(messageWaiting === undefined ? {} : { messageWaiting }),
    async close() {
      clearInterval(sweeper);
      stopListening?.();
      messageWaiting?.close();
      await stack.close();
      await locationStore.close();
    },
  };
}

/** The node's Contact URI per transport (RFC 3261 §8.1.1.8), at the advertised address. */
function nodeContacts(address: string, port: number): { udp: string; tcp: string } {
  const host = address.includes(':') ? `[${address}]` : address;
  return { udp: `sip:${host}:${port}`, tcp: `sip:${host}:${port};transport=tcp` };
}

function logRegistrarEvent(log: NodeLogger, event: RegistrarEvent): void {
  if (event.type === 'registration.auth_failed') log.warn({ event }, 'registration refused');
  else log.debug({ event }, event.type);
}

function logStackEvent(log: NodeLogger, event: SipStackEvent): void {
  if (event.type === 'sip.parse_failed') {
    log.debug({ code: event.code, reason: event.reason, source: event.source }, 'malformed SIP message');
  } else {
    log.error({ method: event.method, err: event.error }, 'SIP request handler failed');
  }
}
