/**
 * One running trunk: its outbound registration and its qualify probes, per its plan, over the
 * node's SIP stack, and the status they give it.
 *
 * @remarks
 * The registrar's and the peer's host names are resolved when the trunk starts (A/AAAA through
 * the system resolver, no SRV yet); a name that does not resolve leaves the registration failed
 * and the peer unreachable until the trunk is reloaded. Our Contact and Via carry the node's
 * advertised address and SIP port. While the node does not serve (an HA slave) the runner resolves
 * its addresses for the directory but neither registers nor probes (see {@link TrunkRunner.serve}).
 */
import { outbound, type SipTransportKind } from '../../transport/index.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import type { TrunkEntry } from './trunk-directory.ts';
import type { TrunkPlan } from './trunk-plan.ts';
import { registrationStatus, type TrunkStatus } from './trunk-status.ts';

export interface TrunkRunnerOptions {
  readonly plan: TrunkPlan;
  readonly layer: outbound.TransactionLayer;
  readonly clock: outbound.SipClock;
  /** The node's advertised address and SIP port (Contact, Via). */
  readonly localHost: string;
  readonly localPort: number;
  readonly resolve: (host: string) => Promise<string | undefined>;
  readonly registrationPolicy?: Partial<outbound.RegistrationPolicy>;
  readonly userAgent: string;
  readonly onStatus: (status: TrunkStatus) => void;
  readonly logger: NodeLogger;
  /** Whether the node serves at start (an HA slave does not); default true. */
  readonly serving?: boolean;
}

export interface TrunkRunner {
  readonly plan: TrunkPlan;
  /** Resolves the trunk's addresses, then registers and probes if the node serves. */
  start(): Promise<void>;
  /**
   * The node serves (standalone or HA master) or not (slave): registering and probing start at
   * once, or stop without unregistering (the binding is the pair's, through the shared address).
   */
  serve(serving: boolean): void;
  /** Unregisters (waiting up to `withinMs` for the registrar) and stops probing. */
  stop(withinMs: number): Promise<void>;
  status(): TrunkStatus;
  /** The trunk with its resolved addresses, for the directory. */
  entry(): TrunkEntry;
  /** A `host: dynamic` trunk's peer registered to us (or its binding went away); other trunks ignore it. */
  peerRegistered(registered: boolean): void;
}

export function createTrunkRunner(options: TrunkRunnerOptions): TrunkRunner {
  const { plan } = options;
  const host = options.localHost.includes(':') ? `[${options.localHost}]` : options.localHost;
  const sentBy = `${host}:${String(options.localPort)}`;
  const idleStatus = (): Pick<TrunkStatus, 'registration' | 'reachability' | 'roundTripMs' | 'registeredAtMs'> => ({
    roundTripMs: null, registeredAtMs: null,
    registration: plan.registration === null ? null : 'unregistered',
    reachability: plan.qualify === null ? null : 'unknown',
  });
  let status: TrunkStatus = { id: plan.id, tenantUuid: plan.tenantUuid, name: plan.name, currentCallCount: 0, ...idleStatus() };
  let registration: outbound.RegistrationClient | undefined;
  let qualify: outbound.QualifyClient | undefined;
  let stopped = false;
  /** The addresses are resolved; `serving`: the node serves; `active`: registering and probing. */
  let resolved = false;
  let serving = options.serving ?? true;
  let active = false;
  let qualifyDestination: TrunkEntry['peer'];
  let peer: TrunkEntry['peer'];
  let registrar: TrunkEntry['registrar'];
  const update = (next: Partial<TrunkStatus>): void => {
    status = { ...status, ...next };
    options.onStatus(status);
  };
  const endpoint = async (name: string, port: number, transport: SipTransportKind) => {
    const address = await options.resolve(name);
    return address === undefined ? undefined : { transport, address, port };
  };

  /** Starts registering and probing: once the addresses are resolved, while the node serves. */
  const begin = (): void => {
    if (!resolved || stopped || !serving || active) return;
    active = true;
    const log = options.logger;
    if (plan.registration !== null) {
      const wanted = plan.registration;
      if (registrar === undefined) {
        update({ registration: 'failed' });
      } else {
        const client: outbound.RegistrationClient = outbound.createRegistrationClient({
          layer: options.layer, clock: options.clock, destination: registrar,
          registrarUri: wanted.registrarUri, addressOfRecord: wanted.addressOfRecord,
          contact: `sip:${wanted.contactUser}@${sentBy}${wanted.transport === 'tcp' ? ';transport=tcp' : ''}`,
          sentBy, username: wanted.username, password: wanted.password, userAgent: options.userAgent,
          policy: { ...options.registrationPolicy, expiresS: wanted.expiresS },
          onState: (state, response) => {
            if (registration !== client) return;
            if (state.type === 'retrying') log.warn({ trunkId: plan.id, failure: state.failure, retryInMs: state.retryAtMs - options.clock.now() }, 'trunk registration failed');
            else log.debug({ trunkId: plan.id, state: state.type, status: response?.status }, 'trunk registration');
            const next = registrationStatus(state, status.registration);
            if (state.type === 'registered') update({ registration: next, registeredAtMs: options.clock.now() });
            else if (next !== status.registration) update({ registration: next });
          },
        });
        registration = client;
        client.start();
      }
    }
    if (plan.qualify !== null) {
      const wanted = plan.qualify;
      if (qualifyDestination === undefined) {
        update({ reachability: 'unreachable' });
      } else {
        const target = `sip:${wanted.host.includes(':') ? `[${wanted.host}]` : wanted.host}:${String(wanted.port)}${wanted.transport === 'tcp' ? ';transport=tcp' : ''}`;
        const client: outbound.QualifyClient = outbound.createQualifyClient({
          layer: options.layer, clock: options.clock, destination: qualifyDestination, targetUri: target, fromUri: `sip:${plan.name}@${sentBy}`, sentBy,
          userAgent: options.userAgent, policy: { periodMs: wanted.periodMs, timeoutMs: wanted.timeoutMs },
          onReachability: (state) => {
            if (qualify !== client) return;
            log.info({ trunkId: plan.id, reachability: state.reachability, roundTripMs: state.roundTripMs }, 'trunk reachability');
            update({ reachability: state.reachability, roundTripMs: state.roundTripMs });
          },
        });
        qualify = client;
        client.start();
      }
    }
  };
  /**
   * Stops registering and probing without unregistering: the binding belongs to the pair's shared
   * service address, and the new master holds it now.
   */
  const standDown = (): void => {
    if (!active) return;
    active = false;
    const abandoned = registration;
    registration = undefined;
    abandoned?.abandon();
    qualify?.stop();
    qualify = undefined;
    update(idleStatus());
  };

  return {
    plan,
    async start() {
      const log = options.logger;
      options.onStatus(status);
      if (plan.peer !== null) {
        peer = await endpoint(plan.peer.host, plan.peer.port, plan.peer.transport);
        if (peer === undefined) log.warn({ trunkId: plan.id, host: plan.peer.host }, 'trunk peer host does not resolve');
        if (stopped) return;
      }
      if (plan.registration !== null) {
        registrar = await endpoint(plan.registration.remoteHost, plan.registration.remotePort, plan.registration.transport);
        if (registrar === undefined) log.warn({ trunkId: plan.id, host: plan.registration.remoteHost }, 'trunk registrar host does not resolve');
        if (stopped) return;
      }
      if (plan.qualify !== null) {
        const wanted = plan.qualify;
        qualifyDestination = peer ?? (await endpoint(wanted.host, wanted.port, wanted.transport));
        if (stopped) return;
      }
      resolved = true;
      begin();
    },
    serve(on) {
      serving = on;
      if (on) begin();
      else standDown();
    },
    async stop(withinMs) {
      stopped = true;
      qualify?.stop();
      qualify = undefined;
      if (registration === undefined) return;
      const done = registration.stop();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([done, new Promise<void>((resolve) => { timer = setTimeout(resolve, withinMs); })]);
      clearTimeout(timer);
    },
    status: () => status,
    entry: () => ({ plan, status, peer, registrar }),
    peerRegistered(registered) {
      if (plan.dynamic === null || plan.registration !== null || stopped) return;
      if (registered) update({ registration: 'registered', registeredAtMs: options.clock.now() });
      else if (status.registration !== 'unregistered') update({ registration: 'unregistered' });
    },
  };
}
