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
import { agentStatusModel, type AgentStatusModel } from './agent-status-model.ts';

/** The JSON model of one agent in the control API: agentd's, without the answering node, plus the console's fields. */
export interface AgentConsoleModel extends Omit<AgentStatusModel, 'origin_uuid'> {
  readonly current_call_id: string | null;
  readonly state_since_ms: number | null;
  readonly skills: readonly { readonly name: string; readonly weight: number }[];
}

export function agentConsoleModel(view: AgentStatusView): AgentConsoleModel {
  const { origin_uuid: _answeringNode, ...status } = agentStatusModel(view, '');
  return {
    ...status,
    current_call_id: view.currentCallId,
    state_since_ms: view.stateSinceMs,
    skills: view.skills.map((skill) => ({ name: skill.name, weight: skill.weight })),
  };
}
