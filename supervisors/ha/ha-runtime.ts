/**
 * The node's part in a master/slave cluster: it takes part in the master lease, and
 * - on becoming master, runs the takeover command (the service address moves here), carries on
 *   every call of the replicas under its new epoch, then replicates its own calls;
 * - on ceasing to be master (the lease lost, a switchover), stops replicating, lets its calls go
 *   without a word to the phones (the new master carries them on) and runs the release command.
 * How the calls pass is in calls-passage.ts.
 *
 * @remarks
 * Replication starts only once the replicas have been taken on, so a takeover never deletes a
 * replica it has not read. Each node also publishes a heartbeat with its load and health
 * (`<prefix>ha:nodes`) that the status and the console read, and the master records each takeover
 * (`<prefix>ha:takeover`). A drained node (see drain-plan.ts) keeps its mark in Redis, across
 * restarts, and takes the lease only when no other live node that is not drained can.
 */
import type { Redis } from 'ioredis';
import type { DrainResult, HaConfiguration, HaNodeView, HaStatusView, SwitchoverResult, UndrainResult } from '../../api/index.ts';
import type { CallService } from '../calls/call-service.ts';
import type { HaRole, HaRoleSource } from './ha-role.ts';
import { startMasterLease, type MasterLease } from './master-lease.ts';
import { createCallReplicator } from './call-replication.ts';
import { createCallsPassage } from './calls-passage.ts';
import { runHaCommand } from './ha-command.ts';
import { clearDrained, markDrained, readHandover, readDrained, readNodes, readTakeover, writeHandover, writeTakeover, type TakeoverRecord } from './ha-records.ts';
import { mayTakeLease, planDrain } from './drain-plan.ts';
import { createNodeHeartbeat, HEARTBEAT_MS } from './node-heartbeat.ts';
import type { LoadSampler } from './node-load.ts';

export interface HaRuntimeOptions {
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly nodeName: string;
  readonly leaseMs: number;
  readonly detection: 'process' | 'host';
  readonly takeoverCommand?: string;
  readonly releaseCommand?: string;
  readonly calls: Pick<CallService, 'attachReplication' | 'replicaOf' | 'callIds' | 'resume' | 'quiesce' | 'activeCallCount'>;
  readonly log: { info(fields: Record<string, unknown>, message: string): void; warn(fields: Record<string, unknown>, message: string): void; error(fields: Record<string, unknown>, message: string): void };
  /** Whether a host answers ping (host detection); the master's address comes from the configuration. */
  readonly hostAlive?: (address: string) => Promise<boolean>;
  /** Whether the master's process is gone at this address (process detection, see process-probe.ts). */
  readonly processGone?: (address: string) => Promise<boolean>;
  /** Samples the node's load for its heartbeat and status. */
  readonly load?: LoadSampler;
  /** Whether PostgreSQL answers (the node's health); not checked when absent. */
  readonly storeReachable?: () => Promise<boolean>;
  /**
   * Makes SIP requests in dialogs not live here wait instead of getting 481, until the returned
   * function is called or `limitMs` passes (the SIP stack's `holdUnknownDialogs`): a takeover
   * holds them while the calls pass here (calls-passage.ts).
   */
  readonly holdUnknownDialogs?: (limitMs: number) => () => void;
}

export interface HaRuntime extends HaRoleSource {
  status(): Promise<HaStatusView>;
  switchover(target?: string): Promise<SwitchoverResult>;
  drain(node?: string): Promise<DrainResult>;
  undrain(node?: string): Promise<UndrainResult>;
  reconfigure(configuration: HaConfiguration): Promise<void>;
  close(): Promise<void>;
}

/** The calls a switchover dropped: those let go that the new master neither carried on nor found hanging up anyway. */
function droppedBy(letGoCalls: number, record: TakeoverRecord): number {
  return Math.max(0, letGoCalls - record.resumedCalls - (record.hangingUpCalls ?? 0));
}

/** A node's view without its epoch (a node that is no longer master has none). */
function withoutEpoch(node: HaNodeView): HaNodeView {
  const { epoch: _epoch, ...rest } = node;
  return rest;
}

export function createHaRuntime(options: HaRuntimeOptions): HaRuntime {
  const { redis, keyPrefix, nodeName, log } = options;
  const listeners = new Set<(role: HaRole) => void>();
  const replicator = createCallReplicator({ redis, keyPrefix, replicaOf: (callId) => options.calls.replicaOf(callId), callIds: () => options.calls.callIds(), log });
  let role: HaRole = { type: 'standalone' };
  let configuration: HaConfiguration = { node_type: 'disabled', remote_address: '' };
  let lease: MasterLease | undefined;
  let unsubscribe: (() => void) | undefined;
  let transitions: Promise<void> = Promise.resolve();
  let draining = false;
  const passage = createCallsPassage({
    redis, keyPrefix, replicator, calls: options.calls, log,
    ...(options.takeoverCommand === undefined ? {} : { takeoverCommand: options.takeoverCommand }),
    ...(options.releaseCommand === undefined ? {} : { releaseCommand: options.releaseCommand }),
    ...(options.holdUnknownDialogs === undefined ? {} : { holdUnknownDialogs: options.holdUnknownDialogs }),
  });
  const heartbeat = createNodeHeartbeat({
    redis, keyPrefix, nodeName, role: () => role, calls: () => options.calls.activeCallCount(), leaseSilentMs: () => lease?.sinceLastAnswerMs(), leaseTtlMs: options.leaseMs,
    ...(options.load === undefined ? {} : { load: options.load }), ...(options.storeReachable === undefined ? {} : { storeReachable: options.storeReachable }),
  });

  const announce = (next: HaRole): void => {
    role = next;
    for (const listener of [...listeners]) listener(next);
  };

  const becomeMaster = async (epoch: number): Promise<void> => {
    const startedAt = Date.now();
    const { resumed, ended } = await passage.takeOver(epoch);
    const hangingUpCalls = ended.filter((call) => call.hangingUp === true).length;
    const record: TakeoverRecord = { node: nodeName, epoch, atMs: startedAt, resumedCalls: resumed, endedCalls: ended.length, hangingUpCalls, durationMs: Date.now() - startedAt };
    await writeTakeover(redis, keyPrefix, record);
    log.info({ ...record }, 'HA: took over as master');
    announce({ type: 'master', epoch, sinceMs: startedAt });
  };

  const standDown = async (next: HaRole): Promise<void> => {
    const wasMaster = role.type === 'master';
    announce(next);
    if (!wasMaster) return;
    const released = await passage.letGo(false);
    log.warn({ calls: released }, 'HA: no longer master; calls left to the new master');
  };

  /**
   * A planned switchover: the master writes its last replicas, lets its calls go, promises the
   * lease to `target` and lets it go; the target takes it at its next check and carries the calls
   * on. Resolves once the target has recorded its takeover (or after 10 s).
   */
  const switchover = async (wanted: string | undefined, drained = false): Promise<SwitchoverResult> => {
    const held = lease;
    if (role.type !== 'master' || held === undefined) return { type: 'refused', reason: 'this node is not the master' };
    const epoch = role.epoch;
    const slaves = (await readNodes(redis, keyPrefix, HEARTBEAT_MS * 3)).filter((node) => node.role === 'slave' && node.name !== nodeName);
    const ready = slaves.filter((node) => node.drained !== true);
    const target = wanted === undefined ? ready[0]?.name : ready.find((node) => node.name === wanted)?.name;
    if (target === undefined) {
      if (wanted !== undefined && slaves.some((node) => node.name === wanted)) return { type: 'refused', reason: `node ${wanted} is drained` };
      return { type: 'refused', reason: wanted === undefined ? 'no slave that is not drained is alive' : `node ${wanted} is not a live slave` };
    }
    const startedAt = Date.now();
    let letGoCalls = options.calls.callIds().length;
    await new Promise<void>((resolve) => {
      transitions = transitions.then(async () => {
        announce({ type: 'slave', masterNodeName: target });
        letGoCalls = await passage.letGo(true);
        await held.handOver(target);
        resolve();
      }).catch((error: unknown) => {
        log.error({ err: error }, 'HA: switchover failed');
        resolve();
      });
    });
    const releasedAt = Date.now();
    for (let waited = 0; waited < 10_000; waited += 50) {
      const record = await readTakeover(redis, keyPrefix).catch(() => undefined);
      if (record !== undefined && record.epoch > epoch) {
        const result = { type: 'ok' as const, from: nodeName, to: record.node, migratedCalls: record.resumedCalls, droppedCalls: droppedBy(letGoCalls, record), durationMs: Date.now() - startedAt, rtpGapMs: record.atMs + record.durationMs - releasedAt };
        log.info({ ...result }, 'HA: switchover done');
        // Recorded for the console, whose connection to this node may have gone with the service address.
        const handover = { node: nodeName, fromEpoch: epoch, drained, to: result.to, migratedCalls: result.migratedCalls, droppedCalls: result.droppedCalls, durationMs: result.durationMs, atMs: Date.now() };
        await writeHandover(redis, keyPrefix, handover).catch((error: unknown) => log.warn({ err: error }, 'HA: handover not recorded'));
        return result;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { type: 'failed', reason: `node ${target} did not take over within 10 s` };
  };

  /** Whether this node may take the lease: a drained node only when no other live node that is not drained can. */
  const mayTake = async (): Promise<boolean> => {
    const [drained, nodes] = await Promise.all([readDrained(redis, keyPrefix), readNodes(redis, keyPrefix, HEARTBEAT_MS * 3)]);
    const decision = mayTakeLease(nodeName, drained, nodes);
    if (decision.despiteDrain) log.warn({}, 'HA: this node is drained but no other live node can be master; it takes the lease');
    return decision.take;
  };

  const drain = async (wanted: string | undefined): Promise<DrainResult> => {
    const startedAt = Date.now();
    const nodes = configuration.node_type === 'disabled' ? [] : await readNodes(redis, keyPrefix, HEARTBEAT_MS * 3);
    const plan = planDrain({ self: nodeName, role, target: wanted, nodes, draining });
    switch (plan.type) {
      case 'refuse':
        return { type: 'refused', reason: plan.reason };
      case 'not-found':
        return { type: 'not-found', reason: plan.reason };
      case 'mark': {
        await markDrained(redis, keyPrefix, plan.node, startedAt);
        log.info({ node: plan.node }, 'HA: node drained');
        return { type: 'ok', node: plan.node, role: 'slave', to: null, migratedCalls: 0, droppedCalls: 0, durationMs: Date.now() - startedAt };
      }
      case 'hand-over': {
        draining = true;
        try {
          // Marked first: once it has let the lease go, this node must not take it back.
          await markDrained(redis, keyPrefix, nodeName, startedAt);
          const handed = await switchover(undefined, true);
          if (handed.type !== 'ok') {
            await clearDrained(redis, keyPrefix, nodeName).catch(() => false);
            return handed;
          }
          const durationMs = Date.now() - startedAt;
          log.info({ to: handed.to, migratedCalls: handed.migratedCalls, droppedCalls: handed.droppedCalls, durationMs }, 'HA: master drained');
          return { type: 'ok', node: nodeName, role: 'master', to: handed.to, migratedCalls: handed.migratedCalls, droppedCalls: handed.droppedCalls, durationMs };
        } finally {
          draining = false;
        }
      }
    }
  };

  const onLease = (next: HaRole): void => {
    transitions = transitions.then(() => (next.type === 'master' ? becomeMaster(next.epoch) : standDown(next))).catch((error: unknown) => log.error({ err: error }, 'HA: role change failed'));
  };

  const stop = async (): Promise<void> => {
    unsubscribe?.();
    unsubscribe = undefined;
    await lease?.close();
    lease = undefined;
    heartbeat.stop();
    await transitions;
  };

  return {
    role: () => role,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async reconfigure(next) {
      configuration = next;
      await stop();
      if (next.node_type === 'disabled') {
        if (role.type === 'master') replicator.stop();
        options.calls.attachReplication(undefined);
        announce({ type: 'standalone' });
        return;
      }
      if (role.type !== 'master') {
        await runHaCommand(options.releaseCommand, { PARLEY_HA_ROLE: 'slave' }, log);
        announce({ type: 'slave', masterNodeName: undefined });
      }
      const { hostAlive, processGone } = options;
      lease = await startMasterLease({
        redis, keyPrefix, nodeName, ttlMs: options.leaseMs, log, mayStartCluster: next.node_type === 'master', mayTake,
        ...(options.detection === 'host' && hostAlive !== undefined ? { masterHostAlive: () => hostAlive(configuration.remote_address) } : {}),
        // The configured remote is the node a slave backs up: its process alone is probed.
        // The configured remote is the other node of the pair, whichever holds the lease now; it is
        // probed only while it is the one other live node and holds the lease: with more nodes the
        // configured remote might not be the master.
        ...(options.detection === 'process' && processGone !== undefined ? {
          masterProcessGone: async (holder: string) => {
            const others = (await readNodes(redis, keyPrefix, HEARTBEAT_MS * 3).catch(() => [])).filter((node) => node.name !== nodeName);
            return others.length === 1 && others[0]?.name === holder && (await processGone(configuration.remote_address));
          },
        } : {}),
      });
      unsubscribe = lease.onChange(onLease);
      onLease(lease.role());
      heartbeat.start();
    },
    async status() {
      const enabled = configuration.node_type !== 'disabled';
      const read = enabled ? await readNodes(redis, keyPrefix, HEARTBEAT_MS * 3).then((nodes) => ({ nodes, ok: true }), () => ({ nodes: [], ok: false })) : { nodes: [], ok: true };
      const record = enabled ? await readTakeover(redis, keyPrefix).catch(() => undefined) : undefined;
      const drainRecord = enabled ? await readHandover(redis, keyPrefix).catch(() => undefined) : undefined;
      const master = role.type === 'master' ? nodeName : role.type === 'slave' ? role.masterNodeName : undefined;
      // This node is always listed: from Redis when its heartbeat is there, else as it sees itself (standalone, Redis down).
      // This node's own role is known here, fresher than its last heartbeat.
      const ownRole = { role: role.type, ...(role.type === 'master' ? { epoch: role.epoch } : {}) };
      let nodes: readonly HaNodeView[] = read.nodes.map((node) => (node.name === nodeName ? { ...withoutEpoch(node), ...ownRole } : node));
      if (!nodes.some((node) => node.name === nodeName)) {
        const self = (enabled ? heartbeat.last() : undefined) ?? (await heartbeat.sample());
        const health = read.ok || self.health === undefined ? self.health : { ok: false, problems: [...self.health.problems, 'Redis does not answer'] };
        nodes = [...nodes, { ...withoutEpoch(self), ...ownRole, ...(health === undefined ? {} : { health }) }].sort((left, right) => left.name.localeCompare(right.name));
      }
      return {
        enabled,
        role: role.type,
        epoch: role.type === 'master' ? role.epoch : null,
        masterNodeName: master ?? null,
        lastFailoverAt: record === undefined ? null : new Date(record.atMs).toISOString(),
        lastHandover: drainRecord ?? null,
        nodes,
      };
    },
    switchover: (target) => switchover(target),
    drain: (node) => drain(node),
    async undrain(node) {
      const name = node ?? nodeName;
      const wasDrained = await clearDrained(redis, keyPrefix, name);
      if (wasDrained) log.info({ node: name }, 'HA: node undrained');
      return { type: 'ok', node: name, wasDrained };
    },
    async close() {
      await stop();
      replicator.stop();
    },
  };
}
