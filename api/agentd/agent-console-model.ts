/**
 * An agent as the control API's `agents.list` answers it: agentd's status fields (seed CC-01) in
 * snake_case, plus what an operator's console needs and agentd's REST model does not carry: the
 * call the agent is on (`current_call_id`), when its present state began (`state_since_ms`) and
 * its skills with their weights.
 *
 * @remarks
 * The REST model (agent-status-model.ts) stays Wazo agentd's: the console fields are added to the
 * command's model only, so Wazo clients see no new keys.
 */
import type { AgentStatusView } from './agentd-port.ts';

/** The JSON model of one agent in the control API. */
export interface AgentConsoleModel {
  readonly id: number;
  readonly tenant_uuid: string;
  readonly number: string;
  readonly logged: boolean;
  readonly paused: boolean;
  readonly paused_reason: string | null;
  readonly extension: string | null;
  readonly context: string | null;
  readonly state_interface: string;
  readonly activity: AgentStatusView['activity'];
  readonly on_non_acd_call: boolean;
  readonly queues: readonly { readonly id: number; readonly name: string; readonly display_name: string }[];
  readonly current_call_id: string | null;
  readonly state_since_ms: number | null;
  readonly skills: readonly { readonly name: string; readonly weight: number }[];
}

export function agentConsoleModel(view: AgentStatusView): AgentConsoleModel {
  return {
    id: view.id,
    tenant_uuid: view.tenantUuid,
    number: view.number,
    logged: view.logged,
    paused: view.paused,
    paused_reason: view.pausedReason,
    extension: view.extension,
    context: view.context,
    state_interface: view.stateInterface,
    activity: view.activity,
    on_non_acd_call: view.onNonAcdCall,
    queues: view.queues.map((queue) => ({ id: queue.id, name: queue.name, display_name: queue.displayName })),
    current_call_id: view.currentCallId,
    state_since_ms: view.stateSinceMs,
    skills: view.skills.map((skill) => ({ name: skill.name, weight: skill.weight })),
  };
}
