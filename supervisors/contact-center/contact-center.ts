/**
 * The node's contact center (seed CC-01..CC-10): a queue actor per queue and an agent actor per
 * agent under the `contact-center` supervisor, the calls' way into the queues, the members' offers
 * and phones, queue_log, the agents' bus events, and agentd's verbs.
 *
 * @remarks
 * The configuration (queues, agents, members, skills, the users' lines) is read at start and again
 * after every confd change announced on the bus: new queues and agents are spawned, deleted ones
 * stopped (an agent logged off first), and the others told their new settings, members or queues.
 * Queues and agents are permanent children: one that crashes is restarted from its last stable
 * snapshot. A call's queue updates reach it in order, each at `actorAddress('call', callId)`.
 */
import { actorAddress, agent, queue, type ActorSnapshot, type ActorSystem, type call, type Supervisor } from '../../actors/index.ts';
import type { AgentdPort } from '../../api/index.ts';
import { findSkillRule, loadContactCenterRows, loadDialplan, queueHourCounts, queueWaits, type AgentRow, type Database } from '../../store/index.ts';
import type { BusEvent } from '../bus/event-bus.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import { agentBusEvent, memberStateOf } from './agent-events.ts';
import { createContactCenterAgentd } from './contact-center-agentd.ts';
import type { AgentEntry, ContactCenterContext } from './contact-center-context.ts';
import { createMemberOffers } from './member-offers.ts';
import { phoneBookOf, type PhoneBook } from './phone-book.ts';
import { agentMemberId, queueConfigurationOf, type QueueConfiguration } from './queue-configuration.ts';
import { createQueueLogWriter } from './queue-log-writer.ts';
import { createNoReplicas, type ReplicaWriter } from './contact-center-replicas.ts';
import { createReplicatedActors } from './replicated-actors.ts';
import { createContactCenterTakeover, inheritedCalls } from './contact-center-takeover.ts';
import { createAgentStateClock } from './agent-state-clock.ts';
import { createWaitingSampler, REBUILD_LOOKBACK_MS } from './waiting-sampler.ts';

export interface ContactCenterOptions {
  readonly system: ActorSystem;
  readonly database: Database;
  readonly publish: (event: BusEvent) => void;
  /** Subscribes to every bus event (confd's changes); returns the unsubscription. */
  readonly subscribe?: (handler: (event: BusEvent) => void) => () => void;
  readonly nodeUuid: string;
  readonly logger: NodeLogger;
  /** The registered phones of SIP usernames (the registrar's bindings). */
  readonly contacts: (usernames: readonly string[]) => Promise<readonly call.DialTarget[]>;
  /** The calls a user has now, as the routing port counts them. */
  readonly activeCalls: (userId: number) => number;
  readonly now?: () => number;
  readonly askTimeoutMs?: number;
  /** How often a member refused for a busy phone is looked at again (default 1 s). */
  readonly recheckMs?: number;
  /**
   * Delivers a queue's message to a call, wherever the call runs (default: the call actor of this
   * node). In a cluster, the calls of other nodes are reached through the contact-center link.
   */
  readonly toCall?: (callId: string, message: call.CallMessage) => void;
  /**
   * Where the actors' snapshots are replicated, and the replicas the previous owner left (the
   * actors start from them). Absent: nothing is replicated, every actor starts fresh.
   */
  readonly replication?: { readonly restored: ReadonlyMap<string, ActorSnapshot>; readonly writer: ReplicaWriter; readonly epoch: number };
}

export interface ContactCenter {
  /** What calls use to enter queues and report their members. */
  readonly calls: NonNullable<call.CallPorts['queues']>;
  readonly agentd: AgentdPort;
  /** Reads the configuration again and applies it; resolves once applied. */
  reload(): Promise<void>;
  /**
   * Tells every call waiting in a queue to leave it (`exit` `leaveempty`: the queue's fail
   * fallback), as when the queue is deleted, before `close` on a node that stops running it.
   */
  evacuate(): Promise<void>;
  /**
   * After a takeover: drops the calls of the queues that `present` does not know (gone with the
   * node that ran them; a waiting call is abandoned, a connected one ends), and tells the `named`
   * calls (`[callId, queueId]`) that no queue holds to leave (call-presence.ts).
   */
  reconcileCalls(present: (callId: string) => boolean, named: readonly (readonly [string, number])[]): void;
  /** Resolves once every queue_log row produced so far is written. */
  logFlushed(): Promise<void>;
  /** The queues and agents running, and the calls waiting in the queues. */
  summary(): ContactCenterSummary;
  close(): Promise<void>;
}

export interface ContactCenterSummary {
  readonly queues: number;
  readonly agents: number;
  readonly waitingCalls: number;
}

export async function createContactCenter(options: ContactCenterOptions): Promise<ContactCenter> {
  const { system, database } = options;
  const log = options.logger.child({ component: 'contact-center' });
  const now = options.now ?? Date.now;
  const queues = new Map<number, QueueConfiguration>();
  const agents = new Map<number, AgentEntry>();
  const memberQueues = new Map<string, number[]>();
  const replicated = createReplicatedActors(options.replication ?? { restored: new Map(), writer: createNoReplicas().writer(1), epoch: 1 });
  let book: PhoneBook = phoneBookOf({ users: [] });
  const inherited = inheritedCalls(options.replication?.restored);
  const writer = createQueueLogWriter({ database, logger: log, writtenOnce: (row) => (row.event === 'ENTERQUEUE' || row.event === 'CONNECT') && inherited.has(row.callid) });
  const callChains = new Map<string, Promise<void>>();

  const toCall = options.toCall ?? ((callId: string, message: call.CallMessage) => system.send(actorAddress('call', callId), message));
  const snapshotOf = <Data>(address: ReturnType<typeof actorAddress>): Data | undefined => system.lookup(address)?.toSnapshot().data as Data | undefined;
  const context: ContactCenterContext = {
    system, logger: log, askTimeoutMs: options.askTimeoutMs ?? 5_000,
    queue: (queueId) => queues.get(queueId),
    queuesOfMember: (memberId) => memberQueues.get(memberId) ?? [],
    agentSnapshot: (agentId) => snapshotOf<agent.AgentSnapshot>(agent.agentAddress(agentId)),
    phoneBook: () => book,
    contacts: options.contacts,
    activeCalls: options.activeCalls,
    tellCall(callId, queueId, update) {
      const previous = callChains.get(callId) ?? Promise.resolve();
      const next = previous.then(async () => toCall(callId, { type: 'call.queue_update', queueId, update: await update })).catch((error: unknown) => log.error({ err: error, callId }, 'queue update not sent'));
      callChains.set(callId, next);
      void next.then(() => callChains.get(callId) === next && callChains.delete(callId));
    },
    writeLog: (entries, atMs) => writer.write(entries, atMs),
  };
  const offers = createMemberOffers(context, { recheckMs: options.recheckMs ?? 1_000 });
  // The console's time in state and waiting-calls chart, fed by the actors' stable snapshots.
  const stateClock = createAgentStateClock(now);
  const waitingSampler = createWaitingSampler({ now, queues: () => queues.keys(), waitingOf: (queueId) => snapshotOf<queue.QueueSnapshot>(queue.queueAddress(queueId))?.waiting.length });

  const supervisor: Supervisor = await system.startSupervisor({
    name: 'contact-center', strategy: 'oneForOne', maxRestarts: 100, withinMs: 10_000,
    onChildCrashed: (spec, _snapshot, error) => log.error({ err: error, child: spec.id }, 'contact-center actor crashed: restarted from its last snapshot'),
  }, []);

  // Each actor's last stable snapshot: a restart after a crash starts from it, and the next owner from its replica.
  const { hooks, origin } = replicated;

  const spawnQueue = async (configuration: QueueConfiguration): Promise<void> => {
    const { queueId } = configuration;
    const key = `queue-${queueId}`;
    const data = queue.newQueue({ queueId, name: configuration.name, tenantUuid: configuration.tenantUuid, settings: configuration.settings, members: configuration.members });
    const result = await supervisor.startChild({
      id: key, restart: 'permanent', shutdownMs: 5_000,
      start: () => system.spawn(queue.queueSpec({ queueId, ports: offers.portsOf(queueId), from: origin(key, data), hooks: hooks<queue.QueueSnapshot>(key, (snapshot) => waitingSampler.changed(queueId, snapshot.waiting.length)) })),
    });
    if (result.type === 'error') log.error({ queueId, code: result.code }, 'queue not started');
  };

  const agentPorts = (agentId: number): agent.AgentPorts => ({
    publish(event) {
      const snapshot = context.agentSnapshot(agentId);
      if (snapshot === undefined) return;
      const busEvent = agentBusEvent(event, snapshot, options.nodeUuid);
      if (busEvent !== undefined) options.publish(busEvent);
      const memberId = agentMemberId(agentId);
      for (const queueId of context.queuesOfMember(memberId)) system.send(queue.queueAddress(queueId), memberStateOf(event, snapshot, memberId));
    },
    log: (entries, atMs) => writer.write(entries, atMs),
  });

  const queueNames = (queueIds: readonly number[]): string[] => queueIds.flatMap((queueId) => queues.get(queueId)?.name ?? []);
  const spawnAgent = async (entry: AgentEntry): Promise<void> => {
    const key = `agent-${entry.id}`;
    const data = agent.loggedOutAgent({ agentId: entry.id, number: entry.number, tenantUuid: entry.tenantUuid, queues: queueNames(entry.queueIds) });
    const result = await supervisor.startChild({
      id: key, restart: 'permanent', shutdownMs: 5_000,
      start: () => system.spawn(agent.agentSpec({ agentId: entry.id, ports: agentPorts(entry.id), from: origin(key, data), hooks: hooks<agent.AgentSnapshot>(key, stateClock.observe) })),
    });
    if (result.type === 'error') log.error({ agentId: entry.id, code: result.code }, 'agent not started');
  };

  const stopChild = async (key: string): Promise<void> => {
    await supervisor.terminateChild(key);
    replicated.forget(key);
  };

  /** Spawns a new queue, or tells a running one its new settings and members. */
  const applyQueue = async (configuration: QueueConfiguration): Promise<void> => {
    const previous = queues.get(configuration.queueId);
    queues.set(configuration.queueId, configuration);
    const address = queue.queueAddress(configuration.queueId);
    if (previous === undefined) await spawnQueue(configuration);
    else {
      if (JSON.stringify(previous.settings) !== JSON.stringify(configuration.settings)) system.send(address, { type: 'queue.settings', settings: configuration.settings } satisfies queue.QueueMessage);
      if (JSON.stringify(previous.members) !== JSON.stringify(configuration.members)) system.send(address, { type: 'queue.members', members: configuration.members } satisfies queue.QueueMessage);
    }
    // A member new to the queue is an agent perhaps logged in already: the queue learns its state.
    const known = new Set(previous?.members.map((member) => member.memberId));
    for (const member of configuration.members) {
      const snapshot = member.kind === 'agent' && !known.has(member.memberId) ? context.agentSnapshot(Number(member.memberId.slice('agent:'.length))) : undefined;
      if (snapshot !== undefined && snapshot.state !== 'loggedOut') system.send(address, memberStateOf({ type: 'agent.status', status: 'logged_in' }, snapshot, member.memberId));
    }
  };

  /** Tells the calls waiting in a queue to leave it, as from a queue without members (Asterisk's leavewhenempty). */
  const sendWaitingAway = (queueId: number): void => {
    for (const waiting of snapshotOf<queue.QueueSnapshot>(queue.queueAddress(queueId))?.waiting ?? []) context.tellCall(waiting.callId, queueId, { type: 'exit', status: 'leaveempty' });
  };
  /** Stops a deleted queue; the calls still waiting leave it. */
  const removeQueue = async (queueId: number): Promise<void> => {
    queues.delete(queueId);
    waitingSampler.history.forget(queueId);
    sendWaitingAway(queueId);
    await stopChild(`queue-${queueId}`);
  };

  /** Spawns new agents, tells the others their queues, logs deleted ones off and stops them. */
  const applyAgents = async (rows: readonly AgentRow[]): Promise<void> => {
    for (const row of rows) {
      const entry: AgentEntry = {
        id: row.id, tenantUuid: row.tenantUuid, number: row.number, queueIds: memberQueues.get(agentMemberId(row.id)) ?? [],
        skills: row.skills.map((skill) => ({ name: skill.name, weight: skill.weight })),
      };
      const previous = agents.get(row.id);
      agents.set(row.id, entry);
      if (previous === undefined) await spawnAgent(entry);
      else if (previous.queueIds.join() !== entry.queueIds.join()) system.send(agent.agentAddress(row.id), { type: 'agent.queues', queues: queueNames(entry.queueIds) } satisfies agent.AgentMessage);
    }
    const kept = new Set(rows.map((row) => row.id));
    for (const agentId of [...agents.keys()]) {
      if (kept.has(agentId)) continue;
      agents.delete(agentId);
      stateClock.forget(agentId);
      await system.lookup<agent.AgentMessage>(agent.agentAddress(agentId))?.ask({ type: 'agent.logout', reason: 'Deleted' }, context.askTimeoutMs);
      await stopChild(`agent-${agentId}`);
    }
  };

  let tookOver = false;
  const takeover = createContactCenterTakeover({
    system, context, replicated, logger: log, now, calls: () => calls,
    queues: () => [...queues.values()],
    agents: () => [...agents.values()].map((entry) => ({ id: entry.id, queues: queueNames(entry.queueIds) })),
  });
  /** Reads the configuration and applies it to the running actors. */
  const apply = async (): Promise<void> => {
    const rows = await loadContactCenterRows(database);
    book = phoneBookOf(await loadDialplan(database));
    const agentRows = new Map(rows.agents.map((row) => [row.id, row]));
    const users = new Map(rows.queues.flatMap((row) => row.users.map((member) => [member.id, { uuid: member.uuid, usernames: book.user(member.id)?.usernames ?? [] }] as const)));
    const configurations = rows.queues.map((row) => queueConfigurationOf(row, agentRows, users));
    memberQueues.clear();
    for (const configuration of configurations) {
      for (const member of configuration.members) memberQueues.set(member.memberId, [...(memberQueues.get(member.memberId) ?? []), configuration.queueId]);
    }
    for (const configuration of configurations) await applyQueue(configuration);
    const kept = new Set(configurations.map((configuration) => configuration.queueId));
    for (const queueId of [...queues.keys()]) if (!kept.has(queueId)) await removeQueue(queueId);
    await applyAgents(rows.agents);
    if (tookOver) return;
    // The first configuration applied: the actors started from replicas are reconciled with it.
    tookOver = true;
    takeover.takeOver();
  };

  let applying: Promise<void> = Promise.resolve();
  /** The reload waiting for the one in progress: changes announced meanwhile all wait for it. */
  let waiting: Promise<void> | undefined;
  const reload = (): Promise<void> => {
    if (waiting !== undefined) return waiting;
    const next = applying.then(() => {
      waiting = undefined;
      return apply();
    }).catch((error: unknown) => log.error({ err: error }, 'contact-center configuration not reloaded'));
    waiting = next;
    applying = next;
    return next;
  };
  // The chart's last hour is rebuilt from queue_log (read while the actors start), then sampled live.
  const recordedWaits = queueWaits(database, now() - REBUILD_LOOKBACK_MS).catch((error: unknown) => {
    log.warn({ err: error }, 'waiting-calls history not rebuilt from queue_log');
    return [];
  });
  await reload();
  waitingSampler.rebuild(await recordedWaits, queues.values(), (queueId) => new Set(snapshotOf<queue.QueueSnapshot>(queue.queueAddress(queueId))?.waiting.map((call) => call.callId)));
  const unsubscribe = options.subscribe?.((event) => {
    if (event.required_acl?.startsWith('events.config.') === true) void reload();
  });

  const askQueue = async (queueId: number, message: queue.QueueMessage) => system.lookup<queue.QueueMessage>(queue.queueAddress(queueId))?.ask<queue.QueueEnterReply>(message, context.askTimeoutMs);

  /** The compiled rules of a skill rule set; rules that do not compile are left out. */
  const skillRulesOf = async (route: call.QueueRoute): Promise<readonly queue.SkillRule[] | undefined> => {
    if (route.skillRuleSetId === undefined) return undefined;
    const row = await findSkillRule(database, String(route.skillRuleSetId), [route.tenantUuid]);
    return row?.rules.flatMap((rule) => {
      const compiled = queue.compileSkillRule(rule.definition);
      if (compiled.type === 'ok') return [compiled.rule];
      log.warn({ skillRuleId: route.skillRuleSetId, definition: rule.definition }, 'skill rule left out: it does not compile');
      return [];
    });
  };

  const enter = async (callId: string, entry: call.QueueEntry): Promise<call.QueueUpdate> => {
    const { queueId } = entry.queue;
    if (queues.get(queueId)?.tenantUuid !== entry.queue.tenantUuid) return { type: 'not_entered', status: 'unavailable' };
    const skillRules = await skillRulesOf(entry.queue);
    const answer = await askQueue(queueId, {
      type: 'queue.enter', callId, callerIdNumber: entry.caller.number,
      ...(skillRules === undefined ? {} : { skillRules }),
      ...(entry.queue.skillRuleVariables === undefined ? {} : { metaVariables: entry.queue.skillRuleVariables }),
    });
    if (answer?.type !== 'replied') return { type: 'not_entered', status: 'unavailable' };
    return answer.reply.type === 'queue.entered' ? { type: 'entered', position: answer.reply.position } : { type: 'not_entered', status: answer.reply.status };
  };

  const sendQueue = (queueId: number, message: queue.QueueMessage): void => system.send(queue.queueAddress(queueId), message);
  const calls: ContactCenter['calls'] = {
    enter(callId, entry) {
      context.tellCall(callId, entry.queue.queueId, enter(callId, entry).catch((error: unknown): call.QueueUpdate => {
        log.error({ err: error, callId }, 'queue entry failed');
        return { type: 'not_entered', status: 'unavailable' };
      }));
    },
    abandon: (callId, queueId) => sendQueue(queueId, { type: 'queue.abandon', callId }),
    memberAnswered(callId, queueId, offerId, memberId) {
      if (memberId.startsWith('user:')) offers.userAnswered(Number(memberId.slice('user:'.length)), callId);
      sendQueue(queueId, { type: 'queue.answered', callId, offerId, memberId });
    },
    memberFailed: (callId, queueId, offerId, memberId) => sendQueue(queueId, { type: 'queue.ring_failed', callId, offerId, memberId }),
    callEnded(callId, queueId, memberId, by) {
      // The member hears of the end after the queue handled it: the queue's own release of the
      // answered offer reaches the agent first, whatever the timing of the two reports.
      const ended = system.lookup<queue.QueueMessage>(queue.queueAddress(queueId))?.ask({ type: 'queue.connected_ended', callId, by }, context.askTimeoutMs) ?? Promise.resolve();
      void ended.then(() => offers.callEnded(memberId, callId, by === 'agent'));
    },
  };

  const agentd = createContactCenterAgentd({
    context, now,
    agents: () => agents.values(),
    queues: () => queues.values(),
    queueSnapshot: (queueId) => snapshotOf<queue.QueueSnapshot>(queue.queueAddress(queueId)),
    hourCounts: (name, hourMs, serviceLevelSeconds) => queueHourCounts(database, name, hourMs, serviceLevelSeconds),
    stateSince: stateClock.since,
    waitingHistory: waitingSampler.history,
  });

  return {
    calls,
    agentd,
    reload,
    async evacuate() {
      for (const queueId of queues.keys()) sendWaitingAway(queueId);
      await Promise.all([...callChains.values()]);
    },
    reconcileCalls: (present, named) => takeover.reconcileCalls(present, named),
    logFlushed: () => writer.flushed(),
    summary: () => ({ queues: queues.size, agents: agents.size, waitingCalls: [...queues.keys()].reduce((sum, queueId) => sum + (snapshotOf<queue.QueueSnapshot>(queue.queueAddress(queueId))?.waiting.length ?? 0), 0) }),
    async close() {
      unsubscribe?.();
      offers.close();
      waitingSampler.close();
      await supervisor.stop('shutdown');
      await Promise.all([writer.flushed(), replicated.writer.close()]);
    },
  };
}


