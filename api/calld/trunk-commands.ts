/**
 * `trunks.list` on the control WebSocket: each trunk of the tenants the token sees with its
 * registration and its peer's reachability (qualify), as `GET /api/calld/1.0/trunks` answers and
 * with that route's ACL, `calld.trunks.read`; each item also names its tenant (`tenant_uuid`).
 */
import { z } from 'zod';
import { controlCommand, type CommandRegistry } from '../ws/control-commands.ts';
import type { TrunkStatusPort } from './trunk-routes.ts';

export function trunkCommands(port: TrunkStatusPort): CommandRegistry {
  return {
    'trunks.list': controlCommand({
      acl: 'calld.trunks.read',
      args: z.object({}).strict().optional(),
      summary: "The trunks of the tenants the token sees with their registration and reachability, as calld's GET /trunks.",
      run: (_args, caller) => {
        const visible = new Set(caller.visibleTenantUuids);
        const items = port.statuses().filter((item) => visible.has(item.tenantUuid)).map((item) => ({ ...item.view, tenant_uuid: item.tenantUuid })).sort((left, right) => left.id - right.id);
        return { type: 'ok', result: { total: items.length, items } };
      },
    }),
  };
}
