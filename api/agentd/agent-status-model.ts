/**
 * An agent's status as agentd 1.0 answers it (seed CC-01, Wazo agentd's `GET /agents/by-id/{id}`):
 * `{ id, tenant_uuid, origin_uuid, number, logged, paused, paused_reason, extension, context,
 * state_interface, queues }`, plus the engine's live `activity` and `on_non_acd_call`.
 *
 * @remarks
 * `origin_uuid` is the uuid of the node that answers, as agentd gives its server's uuid (the
 * `xivo_id` of `agent_status_update`). `extension` and `context` are those of the phone the agent
 * logged in from, null while logged out; `state_interface` is the queue member name
 * `Agent/<number>`.
 */
import type { AgentStatusView } from './agentd-port.ts';

/** The JSON model of one agent's status. */
export interface AgentStatusModel {
  readonly id: number;
  readonly tenant_uuid: string;
  readonly origin_uuid: string;
  readonly number: string;
  readonly logged: boolean;
  readonly paused: boolean;
  readonly paused_reason: string | null;
  readonly extension: string | null;
  readonly context: string | null;
  readonly state_interface: string;
  readonly queues: readonly { readonly id: number; readonly name: string; readonly display_name: string }[];
  readonly activity: AgentStatusView['activity'];
  readonly on_non_acd_call: boolean;
}

/** The model of `view`, answered by the node `originUuid`. */
export function agentStatusModel(view: AgentStatusView, originUuid: string): AgentStatusModel {
  return {
    id: view.id,
    tenant_uuid: view.tenantUuid,
    origin_uuid: originUuid,
    number: view.number,
    logged: view.logged,
    paused: view.paused,
    paused_reason: view.pausedReason,
    extension: view.extension,
    context: view.context,
    state_interface: view.stateInterface,
    queues: view.queues.map((queue) => ({ id: queue.id, name: queue.name, display_name: queue.displayName })),
    activity: view.activity,
    on_non_acd_call: view.onNonAcdCall,
  };
}
