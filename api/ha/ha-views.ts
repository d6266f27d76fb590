/**
 * The HA state and a switchover's outcome as the APIs show them: snake_case JSON, as every confd
 * model is, for the REST routes and the control WebSocket alike.
 */
import type { HaStatusView, SwitchoverResult } from './ha-control-port.ts';

/** `GET /ha/status` and `ha.status`. */
export function haStatusModel(status: HaStatusView): Record<string, unknown> {
  return {
    enabled: status.enabled,
    role: status.role,
    epoch: status.epoch,
    master_node_name: status.masterNodeName,
    last_failover_at: status.lastFailoverAt,
    nodes: status.nodes.map((node) => ({ name: node.name, role: node.role, epoch: node.epoch ?? null, calls: node.calls })),
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
