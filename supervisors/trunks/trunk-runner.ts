/**
 * One running trunk: its outbound registration and its qualify probes, per its plan, over the
 * node's SIP stack, and the status they give it.
 *
 * @remarks
 * The registrar's and the peer's host names are resolved when the trunk starts (A/AAAA through
 * the system resolver, no SRV yet); a name that does not resolve leaves the registration failed
 * and the peer unreachable until the trunk is reloaded. Our Contact and Via carry the node's
 * advertised address and SIP port.
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
}

export interface TrunkRunner {
  readonly plan: TrunkPlan;
  start(): Promise<void>;
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
  let status: TrunkStatus = {
    id: plan.id, tenantUuid: plan.tenantUuid, name: plan.name, currentCallCount: 0, roundTripMs: null, registeredAtMs: null,
    registration: plan.registration === null ? null : 'unregistered',
    reachability: plan.qualify === null ? null : 'unknown',
  };
  let registration: outbound.RegistrationClient | undefined;
  let qualify: outbound.QualifyClient | undefined;
  let stopped = false;
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
        const wanted = plan.registration;
        const destination = await endpoint(wanted.remoteHost, wanted.remotePort, wanted.transport);
        registrar = destination;
        if (stopped) return;
        if (destination === undefined) {
          log.warn({ trunkId: plan.id, host: wanted.remoteHost }, 'trunk registrar host does not resolve');
          update({ registration: 'failed' });
        } else {
          registration = outbound.createRegistrationClient({
            layer: options.layer, clock: options.clock, destination,
            registrarUri: wanted.registrarUri, addressOfRecord: wanted.addressOfRecord,
            contact: `sip:${wanted.contactUser}@${sentBy}${wanted.transport === 'tcp' ? ';transport=tcp' : ''}`,
            sentBy, username: wanted.username, password: wanted.password, userAgent: options.userAgent,
            policy: { ...options.registrationPolicy, expiresS: wanted.expiresS },
            onState: (state, response) => {
              if (state.type === 'retrying') log.warn({ trunkId: plan.id, failure: state.failure, retryInMs: state.retryAtMs - options.clock.now() }, 'trunk registration failed');
              else log.debug({ trunkId: plan.id, state: state.type, status: response?.status }, 'trunk registration');
              const next = registrationStatus(state, status.registration);
              if (state.type === 'registered') update({ registration: next, registeredAtMs: options.clock.now() });
              else if (next !== status.registration) update({ registration: next });
            },
          });
          registration.start();
        }
      }
      if (plan.qualify !== null) {
        const wanted = plan.qualify;
        const destination = peer ?? (await endpoint(wanted.host, wanted.port, wanted.transport));
        if (stopped) return;
        if (destination === undefined) {
          update({ reachability: 'unreachable' });
        } else {
          const target = `sip:${wanted.host.includes(':') ? `[${wanted.host}]` : wanted.host}:${String(wanted.port)}${wanted.transport === 'tcp' ? ';transport=tcp' : ''}`;
          qualify = outbound.createQualifyClient({
            layer: options.layer, clock: options.clock, destination, targetUri: target, fromUri: `sip:${plan.name}@${sentBy}`, sentBy,
            userAgent: options.userAgent, policy: { periodMs: wanted.periodMs, timeoutMs: wanted.timeoutMs },
            onReachability: (state) => {
              log.info({ trunkId: plan.id, reachability: state.reachability, roundTripMs: state.roundTripMs }, 'trunk reachability');
              update({ reachability: state.reachability, roundTripMs: state.roundTripMs });
            },
          });
          qualify.start();
        }
      }
    },
    async stop(withinMs) {
      stopped = true;
      qualify?.stop();
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
