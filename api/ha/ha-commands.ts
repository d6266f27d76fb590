/**
 * The HA commands of the control WebSocket, mirroring confd's routes with the same ACLs:
 * `ha.status` (`GET /ha/status`) and `ha.switchover` (`POST /ha/switchover`). A refused
 * switchover is the error `conflict` (409 in REST), a failed one `unavailable` (503).
 */
import { z } from 'zod';
import { controlCommand, type CommandOutcome, type CommandRegistry } from '../ws/control-commands.ts';
import type { HaControlPort } from './ha-control-port.ts';
import { SwitchoverBody } from './ha-routes.ts';
import { haStatusModel, switchoverModel } from './ha-views.ts';

export function haCommands(port: HaControlPort): CommandRegistry {
  return {
    'ha.status': controlCommand({
      acl: 'confd.ha.status.read',
      args: z.object({}).strict().optional(),
      summary: "The cluster's HA state: this node's role, the master and its epoch, and every node.",
      run: async (): Promise<CommandOutcome> => ({ type: 'ok', result: haStatusModel(await port.status()) }),
    }),
    'ha.switchover': controlCommand({
      acl: 'confd.ha.switchover.create',
      args: SwitchoverBody.strict().optional(),
      summary: 'Drains this master and moves its calls, agents and queues live to a slave (to target when named).',
      run: async (args): Promise<CommandOutcome> => {
        const result = await port.switchover(args?.target);
        switch (result.type) {
          case 'ok':
            return { type: 'ok', result: switchoverModel(result) };
          case 'refused':
            return { type: 'error', error: { code: 'conflict', message: result.reason } };
          case 'failed':
            return { type: 'error', error: { code: 'unavailable', message: result.reason } };
        }
      },
    }),
  };
}
