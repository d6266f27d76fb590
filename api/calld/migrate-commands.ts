/**
 * `calls.migrate`: moves a live call to another node of the cluster (the admin console's "migrate
 * a call to another node"). It requires `calld.calls.<call_id>.migrate.update`, acts only on calls
 * of the tenants the token sees (another tenant's call is `not_found`), and answers the move's
 * outcome as a value: `not_found` (no such call, or no live node of that name), `invalid_state`
 * (the same node, a call that cannot move, a node outside a cluster), `conflict` (the node has an
 * HA role: in HA only the master serves calls) and `unavailable` (the target or a phone refused the
 * move; the call stays on its node unless the message says it was ended).
 */
import { z } from 'zod';
import { controlCommand, type CommandOutcome, type CommandRegistry } from '../ws/control-commands.ts';
import type { CallControlPort } from './call-control-port.ts';

/** How a move ended, as the call service reports it. */
export type CallMigrationResult =
  | { readonly type: 'moved'; readonly node: string }
  | { readonly type: 'not-found' | 'invalid-state' | 'conflict' | 'refused'; readonly message: string };

/** The call service's move of a call to another node of its cluster. */
export interface CallMigrationPort {
  migrate(callId: string, node: string): Promise<CallMigrationResult>;
}

const CODES = { 'not-found': 'not_found', 'invalid-state': 'invalid_state', conflict: 'conflict', refused: 'unavailable' } as const;

export function migrateCommands(calls: Pick<CallControlPort, 'getCall'>, port: CallMigrationPort): CommandRegistry {
  return {
    'calls.migrate': controlCommand({
      acl: (args) => `calld.calls.${args.call_id}.migrate.update`,
      args: z.object({ call_id: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/), node: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/) }).strict(),
      summary: 'Moves a live call to another node of the cluster: that node re-INVITEs both parties with its own address.',
      run: async (args, caller): Promise<CommandOutcome> => {
        const call = await calls.getCall(args.call_id);
        if (call === undefined || call.tenantUuid === null || !caller.visibleTenantUuids.includes(call.tenantUuid)) return { type: 'error', error: { code: 'not_found', message: 'no such call' } };
        const result = await port.migrate(args.call_id, args.node);
        if (result.type === 'moved') return { type: 'ok', result: { call_id: args.call_id, node: result.node, moved: true } };
        return { type: 'error', error: { code: CODES[result.type], message: result.message } };
      },
    }),
  };
}
