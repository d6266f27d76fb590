/**
 * The HA state and a switchover's or a drain's outcome as the APIs show them: snake_case JSON, as
 * every confd model is, for the REST routes and the control WebSocket alike.
 */
import type { HandoverRecord, DrainResult, HaNodeView, HaStatusView, NodeLoadView, SwitchoverResult, UndrainResult } from './ha-control-port.ts';

/** `GET /ha/status` and `ha.status`. */
export function haStatusModel(status: HaStatusView): Record<string, unknown> {
  return {
    enabled: status.enabled,
    role: status.role,
    epoch: status.epoch,
    master_node_name: status.masterNodeName,
    last_failover_at: status.lastFailoverAt,
    last_handover: status.lastHandover === undefined || status.lastHandover === null ? null : handoverRecordModel(status.lastHandover),
    nodes: status.nodes.map(nodeModel),
  };
}

function nodeModel(node: HaNodeView): Record<string, unknown> {
  return {
    name: node.name,
    role: node.role,
    epoch: node.epoch ?? null,
    calls: node.calls,
    drained: node.drained ?? false,
    health: node.health === undefined ? null : { ok: node.health.ok, problems: [...node.health.problems] },
    load: node.load === undefined ? null : loadModel(node.load),
  };
}

function loadModel(load: NodeLoadView): Record<string, unknown> {
  return {
    calls: load.calls,
    actors: { ...load.actors },
    media: { ready_workers: load.media.readyWorkers, workers: load.media.workers, sessions: load.media.sessions, sessions_per_worker: [...load.media.sessionsPerWorker] },
    cpu_percent: load.cpuPercent,
    memory: { rss_bytes: load.memory.rssBytes, heap_used_bytes: load.memory.heapUsedBytes, heap_total_bytes: load.memory.heapTotalBytes },
    uptime_s: load.uptimeS,
  };
}

function handoverRecordModel(record: HandoverRecord): Record<string, unknown> {
  return {
    node: record.node, from_epoch: record.fromEpoch, drained: record.drained, to: record.to, migrated_calls: record.migratedCalls, dropped_calls: record.droppedCalls,
    duration_ms: record.durationMs, at: new Date(record.atMs).toISOString(),
  };
}

/** A switchover that happened, as `POST /ha/switchover` and `ha.switchover` answer it. */
export function switchoverModel(result: Extract<SwitchoverResult, { type: 'ok' }>): Record<string, unknown> {
  return {
    from: result.from,
    to: result.to,
    migrated_calls: result.migratedCalls,
    dropped_calls: result.droppedCalls,
    duration_ms: result.durationMs,
    rtp_gap_ms: result.rtpGapMs,
  };
}

/** A drain that happened, as `POST /ha/drain` and `nodes.drain` answer it. */
export function drainModel(result: Extract<DrainResult, { type: 'ok' }>): Record<string, unknown> {
  return { node: result.node, role: result.role, drained: true, to: result.to, migrated_calls: result.migratedCalls, dropped_calls: result.droppedCalls, duration_ms: result.durationMs };
}

/** An undrain, as `POST /ha/undrain` and `nodes.undrain` answer it. */
export function undrainModel(result: Extract<UndrainResult, { type: 'ok' }>): Record<string, unknown> {
  return { node: result.node, drained: false, was_drained: result.wasDrained };
}
