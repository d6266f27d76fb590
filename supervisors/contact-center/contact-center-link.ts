/**
 * The contact center of a cluster (the issue: "a QueueActor per queue, a cluster singleton; agents
 * and calls may be on other nodes"): the node holding the lease runs the queue and agent actors,
 * every other node reaches them through messages on the cluster's event bus.
 *
 * @remarks
 * Both kinds of node offer the same `CallPorts['queues']` and `AgentdPort`. On the owner they are
 * the contact center's own; elsewhere each call effect is sent to the owner (`link-message.ts`)
 * and each agentd verb is a request the owner answers, or a {@link ServiceUnavailableError} (503)
 * when no answer comes in time or no node owns the contact center. The owner learns the node of a
 * call from its `enter` and sends that call's queue updates there; a call of its own gets them
 * directly. A node that gains the lease starts the contact center from the store.
 *
 * Without replication, a node that loses the lease tells the calls waiting in its queues to leave
 * (`exit` `leaveempty`) and stops its actors, and a follower whose owner changes tells its own
 * calls waiting on the old owner to leave too, which covers an owner that died without a word.
 * With replication (`replicated`), the new owner rehydrates the queues and agents from their
 * replicas: the calls stay where they wait. The owner that steps down stops its actors without a
 * word to the calls; a follower sends its calls' effects to the new owner, holding those made
 * while no owner is known until one is; and the new owner, which does not yet know the node of a
 * call waiting on another node, sends that call's updates to every node until the call's node
 * speaks (only the node running the call delivers them).
 *
 * The owner can also hand the contact center over to a named node, live (contact-center-mover.ts):
 * `mover` is that port, on every node.
 */
import { actorAddress, type ActorSystem, type call } from '../../actors/index.ts';
import { ServiceUnavailableError, type AgentdPort, type ContactCenterMode, type ContactCenterPort } from '../../api/index.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import type { ContactCenter } from './contact-center.ts';
import { createContactCenterHandover } from './contact-center-handover.ts';
import { createLocalNodeDirectory, type NodeDirectory } from './contact-center-nodes.ts';
import type { ContactCenterLease, LeaseState } from './contact-center-lease.ts';
import { LINK_BROADCAST, LINK_EVENT, LINK_VERSION, linkEvent, readLinkEvent, type AgentdVerb, type LinkEnvelope, type LinkMessage } from './link-message.ts';
import { CALL_PRESENCE_GRACE_MS, createCallPresence } from './call-presence.ts';
import { createHeldCallEffects } from './held-call-effects.ts';
import { serveLinkMessage, type LinkOwner } from './serve-link-message.ts';
import { createPendingRequests } from './pending-requests.ts';
import { createRemoteUserCalls, REPORT_EVERY_MS } from './remote-user-calls.ts';

/** How long an owner whose contact center failed to start waits before trying again. */
export const START_RETRY_MS = 5_000;

export interface ContactCenterLinkOptions {
  readonly system: ActorSystem;
  readonly bus: EventBus;
  readonly nodeId: string;
  readonly lease: ContactCenterLease;
  readonly logger: NodeLogger;
  /** The calls each user of this node is on (users with none left out). */
  readonly localUserCalls: () => readonly (readonly [number, number])[];
  /** Starts the contact center on this node, its queue updates and busy states given. */
  readonly start: (hooks: { readonly toCall: (callId: string, message: call.CallMessage) => void; readonly activeCalls: (userId: number) => number; readonly epoch: number }) => Promise<ContactCenter>;
  /** Whether the contact center's actors are replicated: a new owner rehydrates them and the calls keep waiting (default false). */
  readonly replicated?: boolean;
  /** How long a new owner waits for the other nodes to name their calls in queues (default {@link CALL_PRESENCE_GRACE_MS}). */
  readonly presenceGraceMs?: number;
  /** How long an agentd request waits for the owner's reply (default 5 000 ms). */
  readonly requestTimeoutMs?: number;
  /** How long an owner whose contact center failed to start waits before it tries again (default {@link START_RETRY_MS}). */
  readonly startRetryMs?: number;
  /** How often this node looks at its users' calls to report a change (default 500 ms). */
  readonly reportCheckMs?: number;
  readonly now?: () => number;
  /** How the contact center's place is decided, this node's name and the live nodes (default: standalone, this node alone). */
  readonly placement?: { readonly mode: ContactCenterMode; readonly name: string; readonly nodes: NodeDirectory };
}

export interface ContactCenterLink {
  readonly calls: NonNullable<call.CallPorts['queues']>;
  readonly agentd: AgentdPort;
  /** Where the contact center runs, and its planned move. */
  readonly mover: ContactCenterPort;
  /** The contact center when this node runs it. */
  center(): ContactCenter | undefined;
  /** Resolves once the last change of ownership was applied. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

type Target = { readonly type: 'local'; readonly center: ContactCenter } | { readonly type: 'remote'; readonly nodeId: string } | { readonly type: 'none' };

export async function createContactCenterLink(options: ContactCenterLinkOptions): Promise<ContactCenterLink> {
  const { system, nodeId, lease } = options;
  const log = options.logger.child({ component: 'contact-center-link' });
  const now = options.now ?? Date.now;
  const pending = createPendingRequests({ timeoutMs: options.requestTimeoutMs ?? 5_000, idPrefix: nodeId });
  const placement = options.placement ?? { mode: 'standalone', name: system.nodeName, nodes: createLocalNodeDirectory({ nodeId, name: system.nodeName }) };
  const remoteCalls = createRemoteUserCalls();
  /** Owner side: the node of each call that entered from another node. */
  const callNodes = new Map<string, string>();
  /** Follower side: this node's calls in a queue of another node, and that node. */
  const queued = new Map<string, { readonly queueId: number; readonly ownerNodeId: string }>();
  let center: ContactCenter | undefined;
  let newestOwnerEpoch = 0;
  /** The lease epoch the running contact center started under (0: none runs here). */
  let ownEpoch = 0;
  let closed = false;
  let lastReport = '';
  let lastReportAtMs = 0;
  const replicated = options.replicated === true;
  const presence = createCallPresence();
  const kept = createHeldCallEffects(now);
  /** The owner this node last named its calls to. */
  let namedTo: string | undefined;
  let presenceTimer: NodeJS.Timeout | undefined;

  const send = (to: string, message: LinkMessage): void => options.bus.publish(linkEvent({ v: LINK_VERSION, to, from: nodeId, epoch: ownEpoch, message }));
  /** The planned move (contact-center-handover.ts); while the owner hands over, new work waits behind its gate. */
  const handover = createContactCenterHandover({
    nodeId, placement, lease, log, now, send, replicated,
    publish: (envelope) => options.bus.publish(linkEvent(envelope)),
    remoteOwner() {
      const to = target();
      return to.type === 'remote' ? to.nodeId : undefined;
    },
    running: () => center,
    stop: () => (applying = applying.then(stopCenter).catch((error: unknown) => log.error({ err: error }, 'contact center not stopped for its move'))),
    settled: () => applying,
    reopened() {
      releaseHeld();
      if (lease.state().type === 'owner' && center === undefined) void apply(lease.state());
    },
  });
  const { gate } = handover;
  const tellLocalCall = (callId: string, queueId: number, update: call.QueueUpdate): void => {
    if (update.type === 'exit' || update.type === 'not_entered') {
      queued.delete(callId);
      presence.left(callId);
    }
    system.send(actorAddress('call', callId), { type: 'call.queue_update', queueId, update } satisfies call.CallMessage);
  };
  const target = (): Target => {
    if (gate.active()) return { type: 'none' };
    const state = lease.state();
    if (state.type === 'owner') return center === undefined ? { type: 'none' } : { type: 'local', center };
    return state.ownerNodeId === undefined ? { type: 'none' } : { type: 'remote', nodeId: state.ownerNodeId };
  };

  /** The owner's way to a call: its own node's actor, or the node the call entered from. */
  const toCall = (callId: string, message: call.CallMessage): void => {
    const callNode = callNodes.get(callId) ?? presence.nodeOf(callId);
    const unknownElsewhere = replicated && callNode === undefined && system.lookup(actorAddress('call', callId)) === undefined;
    if (message.type === 'call.queue_update' && unknownElsewhere) return send(LINK_BROADCAST, { type: 'call.queue_update', callId, queueId: message.queueId, update: message.update });
    if (message.type !== 'call.queue_update' || callNode === undefined || callNode === nodeId) {
      if (message.type === 'call.queue_update' && (message.update.type === 'exit' || message.update.type === 'not_entered')) presence.left(callId);
      return system.send(actorAddress('call', callId), message);
    }
    if (message.update.type === 'exit' || message.update.type === 'not_entered') callNodes.delete(callId);
    send(callNode, { type: 'call.queue_update', callId, queueId: message.queueId, update: message.update });
  };
  const activeCalls = (userId: number): number => (options.localUserCalls().find(([id]) => id === userId)?.[1] ?? 0) + remoteCalls.count(userId, now());

  /** A call effect: to the local contact center, or to the owner. */
  const forward = (callId: string, local: (calls: ContactCenter['calls']) => void, message: LinkMessage): void => {
    const to = target();
    if (to.type === 'local') local(to.center.calls);
    else if (to.type === 'remote') {
      send(to.nodeId, message);
      if (replicated) kept.sent(to.nodeId, { callId, local, message });
    } else if (replicated) kept.hold({ callId, local, message });
    else log.warn({ callId, message: message.type }, 'no node runs the contact center: call effect dropped');
  };
  const calls: ContactCenterLink['calls'] = {
    enter(callId, entry) {
      if (gate.active()) return gate.defer(() => calls.enter(callId, entry));
      if (replicated) presence.entered(callId, entry.queue.queueId);
      const to = target();
      if (to.type === 'local') return to.center.calls.enter(callId, entry);
      if (to.type === 'none') return tellLocalCall(callId, entry.queue.queueId, { type: 'not_entered', status: 'unavailable' });
      queued.set(callId, { queueId: entry.queue.queueId, ownerNodeId: to.nodeId });
      send(to.nodeId, { type: 'call.enter', callId, entry });
    },
    abandon(callId, queueId) {
      queued.delete(callId);
      presence.left(callId);
      forward(callId, (local) => local.abandon(callId, queueId), { type: 'call.abandon', callId, queueId });
    },
    memberAnswered(callId, queueId, offerId, memberId) {
      queued.delete(callId);
      forward(callId, (local) => local.memberAnswered(callId, queueId, offerId, memberId), { type: 'call.member_answered', callId, queueId, offerId, memberId });
    },
    memberFailed: (callId, queueId, offerId, memberId) => forward(callId, (local) => local.memberFailed(callId, queueId, offerId, memberId), { type: 'call.member_failed', callId, queueId, offerId, memberId }),
    callEnded(callId, queueId, memberId, by) {
      presence.left(callId);
      forward(callId, (local) => local.callEnded(callId, queueId, memberId, by), { type: 'call.ended', callId, queueId, memberId, by });
    },
  };

  /** An agentd verb: the local contact center's answer, or the owner's. */
  const ask = async (verb: AgentdVerb, args: readonly unknown[]): Promise<unknown> => {
    await gate.idle();
    // This node owns the contact center and is starting it: the request waits for it, as a call's effects do.
    if (lease.state().type === 'owner' && center === undefined) await applying;
    const to = target();
    if (to.type === 'local') return (to.center.agentd[verb] as (...values: readonly unknown[]) => Promise<unknown>)(...args);
    if (to.type === 'none') throw new ServiceUnavailableError('no node runs the contact center now');
    const { requestId, outcome } = pending.open();
    send(to.nodeId, { type: 'agentd.request', requestId, verb, args });
    const answer = await outcome;
    // The wire has no `undefined`: an agent not found comes back as null.
    if (answer.type === 'replied') return answer.value ?? undefined;
    throw new ServiceUnavailableError(`the contact center did not answer: ${answer.message}`);
  };
  const verb = <Verb extends AgentdVerb>(name: Verb) => ((...args: Parameters<AgentdPort[Verb]>) => ask(name, args)) as unknown as AgentdPort[Verb];
  const agentd: AgentdPort = {
    agents: verb('agents'), agent: verb('agent'), login: verb('login'), logoff: verb('logoff'), pause: verb('pause'), unpause: verb('unpause'),
    logoffAll: verb('logoffAll'), relogAll: verb('relogAll'), queueStatistics: verb('queueStatistics'), waitingHistory: verb('waitingHistory'),
  };

  const owner: LinkOwner = { callNodes, presence, remoteCalls, send, now };
  const serve = (from: string, message: LinkMessage, local: ContactCenter | undefined): void => serveLinkMessage(owner, from, message, local);

  const receive = (envelope: LinkEnvelope): void => {
    const { message } = envelope;
    if (message.type === 'agentd.reply') {
      const result = message.result;
      const outcome = result.type === 'ok' ? { type: 'replied', value: result.value } as const : { type: 'failed', reason: 'refused', message: result.message } as const;
      if (!pending.settle(message.requestId, outcome)) handover.settle(message.requestId, outcome);
    } else if (handover.intercept(envelope, receive)) return;
    else if (message.type === 'call.queue_update') {
      // Epoch 0 is a node that runs no contact center refusing an entry: always delivered.
      if (envelope.epoch > 0 && envelope.epoch < newestOwnerEpoch) return void log.warn({ callId: message.callId, epoch: envelope.epoch }, 'queue update of a former owner dropped');
      newestOwnerEpoch = Math.max(newestOwnerEpoch, envelope.epoch);
      // An update sent to every node is for the node running the call.
      if (envelope.to === LINK_BROADCAST && system.lookup(actorAddress('call', message.callId)) === undefined) return;
      tellLocalCall(message.callId, message.queueId, message.update);
    } else if (replicated && lease.state().type === 'owner' && center === undefined && message.type.startsWith('call.')) {
      // The contact center is starting here: what the calls report waits for it.
      kept.arrivedEarly(envelope.from, message);
    } else serve(envelope.from, message, lease.state().type === 'owner' ? center : undefined);
  };
  const unsubscribe = options.bus.subscribe([LINK_EVENT], (event) => {
    const read = readLinkEvent(event, nodeId);
    if (read.type === 'not-for-us') return;
    if (read.type === 'malformed') return void log.warn({ reason: read.reason, origin: event.origin_uuid }, 'contact-center link message dropped');
    receive(read.envelope);
  });

  /** Applies a change of ownership: one at a time, in order. */
  let applying: Promise<void> = Promise.resolve();
  const apply = (state: LeaseState): Promise<void> => {
    applying = applying.then(async () => {
      if (closed) return;
      followOwner(state);
      if (state.type === 'owner' && center === undefined && !gate.active()) {
        // Set first: the queue updates of the rehydrated queues go out stamped with the new epoch.
        ownEpoch = state.epoch;
        center = await options.start({ toCall, activeCalls, epoch: state.epoch });
        log.info({ epoch: state.epoch }, 'contact center started on this node');
        if (replicated) dropAbsentCallsLater(center);
        for (const early of kept.takeEarly()) serve(early.from, early.message, center);
        handover.started(center);
      } else if (state.type === 'follower' && center !== undefined) await stopCenter();
      if (state.type === 'follower' && state.ownerNodeId !== undefined) lastReport = '';
      if (state.type === 'owner') namedTo = undefined;
      if (replicated && state.type === 'follower' && state.ownerNodeId !== undefined && state.ownerNodeId !== namedTo) {
        namedTo = state.ownerNodeId;
        send(state.ownerNodeId, { type: 'calls.present', calls: presence.entries() });
      }
      releaseHeld();
    }).catch((error: unknown) => {
      log.error({ err: error }, 'contact-center ownership change failed');
      if (center === undefined) ownEpoch = 0;
      // An owner whose contact center could not start (the store is down) tries again while it holds the lease.
      if (!closed && center === undefined && lease.state().type === 'owner') setTimeout(() => void apply(lease.state()), options.startRetryMs ?? START_RETRY_MS).unref();
    });
    return applying;
  };
  /** This node's calls waiting on another owner: they follow the new one (replicated), or leave. */
  const followOwner = (state: LeaseState): void => {
    for (const [callId, entry] of [...queued]) {
      if (state.type === 'follower' && entry.ownerNodeId === state.ownerNodeId) continue;
      if (!replicated) tellLocalCall(callId, entry.queueId, { type: 'exit', status: 'leaveempty' });
      else if (state.type === 'owner') queued.delete(callId);
      else if (state.ownerNodeId !== undefined) queued.set(callId, { ...entry, ownerNodeId: state.ownerNodeId });
    }
  };
  /** Gives an owner, once there is one, the call effects held while there was none and those sent to a former owner lately. */
  const releaseHeld = (): void => {
    const to = target();
    if (to.type === 'none') return;
    for (const effect of kept.takeFor(to.type === 'local' ? nodeId : to.nodeId)) forward(effect.callId, effect.local, effect.message);
  };
  /** After the grace time, the rehydrated calls that no node named and that are not here are dropped. */
  const dropAbsentCallsLater = (started: ContactCenter): void => {
    presenceTimer = setTimeout(() => {
      if (center !== started) return;
      const present = (callId: string): boolean => presence.nodeOf(callId) !== undefined || callNodes.has(callId) || system.lookup(actorAddress('call', callId)) !== undefined;
      started.reconcileCalls(present, presence.namedCalls());
    }, options.presenceGraceMs ?? CALL_PRESENCE_GRACE_MS);
    presenceTimer.unref();
  };
  const stopCenter = async (): Promise<void> => {
    clearTimeout(presenceTimer);
    const running = center;
    center = undefined;
    if (running === undefined) return;
    if (!replicated) await running.evacuate();
    await running.close();
    ownEpoch = 0;
    callNodes.clear();
    presence.clearNamed();
    remoteCalls.clear();
    log.info({}, 'contact center stopped on this node');
  };
  const unsubscribeLease = lease.onChange((state) => void apply(state));
  await apply(lease.state());

  /** A follower reports its users' calls to the owner on each change and every REPORT_EVERY_MS. */
  const report = (): void => {
    const state = lease.state();
    if (state.type !== 'follower' || state.ownerNodeId === undefined) return;
    const counts = options.localUserCalls();
    const text = JSON.stringify(counts);
    if (text === lastReport && now() - lastReportAtMs < REPORT_EVERY_MS) return;
    lastReport = text;
    lastReportAtMs = now();
    send(state.ownerNodeId, { type: 'user_calls', counts });
  };
  const reporter = setInterval(report, options.reportCheckMs ?? 500);
  reporter.unref();

  return {
    calls,
    agentd,
    mover: handover.port,
    center: () => center,
    settled: () => applying,
    async close() {
      clearInterval(reporter);
      unsubscribeLease();
      await applying;
      closed = true;
      await stopCenter();
      await lease.close();
      unsubscribe();
      pending.close();
      await handover.close();
    },
  };
}
