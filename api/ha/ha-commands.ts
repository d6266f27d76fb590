/**
 * The HA commands of the control WebSocket, mirroring confd's routes with the same ACLs:
 * `ha.status` (`GET /ha/status`), `ha.switchover` (`POST /ha/switchover`), `nodes.drain`
 * (`POST /ha/drain`) and `nodes.undrain` (`POST /ha/undrain`). A refused switchover or drain is
 * the error `conflict` (409 in REST), a failed one `unavailable` (503), an unknown node `not_found`.
 *
 * @remarks Nodes belong to the installation, not to a tenant: the ACL alone decides.
 */
import { z } from 'zod';
import { controlCommand, type CommandOutcome, type CommandRegistry } from '../ws/control-commands.ts';
import type { HaControlPort } from './ha-control-port.ts';
import { DrainBody, SwitchoverBody } from './ha-routes.ts';
import { drainModel, haStatusModel, switchoverModel, undrainModel } from './ha-views.ts';

export function haCommands(port: HaControlPort): CommandRegistry {
  return {
    'ha.status': controlCommand({
      acl: 'confd.ha.status.read',
      args: z.object({}).strict().optional(),
      summary: "The cluster's HA state: this node's role, the master and its epoch, and every node with its load and health.",
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
    'nodes.drain': controlCommand({
      acl: 'confd.ha.drain.create',
      args: DrainBody.strict().optional(),
      summary: 'Marks a node drained (this node when none is named); a master first hands its calls, agents and queues to a slave.',
      run: async (args): Promise<CommandOutcome> => {
        const result = await port.drain(args?.node);
        switch (result.type) {
          case 'ok':
            return { type: 'ok', result: drainModel(result) };
          case 'refused':
            return { type: 'error', error: { code: 'conflict', message: result.reason } };
          case 'not-found':
            return { type: 'error', error: { code: 'not_found', message: result.reason } };
          case 'failed':
            return { type: 'error', error: { code: 'unavailable', message: result.reason } };
        }
      },
    }),
    'nodes.undrain': controlCommand({
      acl: 'confd.ha.undrain.create',
      args: DrainBody.strict().optional(),
      summary: 'Clears the drained mark of a node (this node when none is named).',
      run: async (args): Promise<CommandOutcome> => {
        const result = await port.undrain(args?.node);
        return result.type === 'ok' ? { type: 'ok', result: undrainModel(result) } : { type: 'error', error: { code: 'conflict', message: result.reason } };
      },
    }),
  };
}
