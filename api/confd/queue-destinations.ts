/**
 * The check of `queue` destinations (seed CC-07, L9657-L9662) wherever a destination is written
 * (incalls, IVRs, schedules, group and queue fallbacks, queue diversions): the queue, and the
 * skill rule set when one is named, must belong to the tenant of the object written.
 */
import { findQueue, findSkillRule } from '../../store/index.ts';
import type { ConfdDeps } from './confd-deps.ts';

/** A destination as any destination schema parses it: only the `queue` kind is looked at. */
type AnyDestination = { readonly type: string; readonly queue_id?: number | undefined; readonly skill_rule_id?: number | null | undefined } | null | undefined;

/** The messages of the `queue` destinations among `named` ([field, destination]) that name no queue or skill rule of the tenant. */
export async function queueDestinationProblems(deps: ConfdDeps, tenantUuid: string, named: readonly (readonly [string, AnyDestination])[]): Promise<string[]> {
  const problems: string[] = [];
  for (const [field, destination] of named) {
    if (destination?.type !== 'queue' || destination.queue_id === undefined) continue;
    if (await findQueue(deps.db, String(destination.queue_id), [tenantUuid]) === undefined) problems.push(`${field}.queue_id: no queue ${destination.queue_id} in this tenant`);
    const ruleId = destination.skill_rule_id;
    if (ruleId != null && await findSkillRule(deps.db, String(ruleId), [tenantUuid]) === undefined) problems.push(`${field}.skill_rule_id: no skill rule ${ruleId} in this tenant`);
  }
  return problems;
}
