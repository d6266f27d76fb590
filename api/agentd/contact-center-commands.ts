/**
 * The contact center's place as commands of the control WebSocket, for the console's "Queues":
 * `contact_center.status` (which node runs the queues and agents, and the live nodes) and
 * `queues.migrate {queue_id, node}` (moves the contact center running that queue, live, to the
 * node named `node`).
 *
 * @remarks
 * A queue does not move alone: its agents serve other queues and the owner alone reserves them,
 * so the whole contact center moves (docs/decisions.md). `queues.migrate` needs
 * `agentd.queues.{queue_id}.migrate.create` and a queue of a tenant the token sees (another
 * tenant's queue is `not_found`, as the statistics answer); `contact_center.status` needs
 * `agentd.contact-center.read`. A target that is not a live node is `not_found`; a move that does
 * not apply (the target runs it already, an HA role decides, a node on its own) is `conflict` with
 * the reason; one that failed, or a contact center no node runs now, is `unavailable`.
 */
import { z } from 'zod';
import { controlCommand, type CommandOutcome, type CommandRegistry } from '../ws/control-commands.ts';
import { guarded } from './agentd-commands.ts';
import type { AgentdPort } from './agentd-port.ts';
import type { ContactCenterMigration, ContactCenterPort, ContactCenterStatusView } from './contact-center-port.ts';

const MAX_ID = 2_147_483_647;
const migrateArgs = z.object({
  queue_id: z.number().int().positive().max(MAX_ID),
  node: z.string().min(1).max(128).refine((node) => !/[\u0000-\u001f\u007f]/.test(node), 'must not hold control characters'),
}).strict();

const failure = (code: string, message: string): CommandOutcome => ({ type: 'error', error: { code, message } });

function statusModel(status: ContactCenterStatusView): unknown {
  return { mode: status.mode, node: status.node, owner_node: status.ownerNode, nodes: status.nodes.map((node) => ({ name: node.name, owner: node.owner })) };
}

function migrationOutcome(migration: ContactCenterMigration, queueId: number): CommandOutcome {
  if (migration.type === 'refused') return failure(migration.code, migration.reason);
  return {
    type: 'ok',
    result: {
      queue_id: queueId, from: migration.from, to: migration.to, queues: migration.queues, agents: migration.agents,
      waiting_calls: migration.waitingCalls, duration_ms: migration.durationMs,
    },
  };
}

export function contactCenterCommands(ports: { readonly agentd: AgentdPort; readonly contactCenter: ContactCenterPort }): CommandRegistry {
  return {
    'contact_center.status': controlCommand({
      acl: 'agentd.contact-center.read',
      args: z.object({}).strict().optional(),
      summary: 'Which node runs the contact center (the queues and agents), and the live nodes it could move to.',
      run: () => guarded(async () => ({ type: 'ok', result: statusModel(await ports.contactCenter.status()) })),
    }),
    'queues.migrate': controlCommand({
      acl: (args: { queue_id: number }) => `agentd.queues.${args.queue_id}.migrate.create`,
      args: migrateArgs,
      summary: 'Moves the contact center running the queue (all its queues and agents) live to another node.',
      run: (args: { queue_id: number; node: string }, caller) => guarded(async () => {
        const visible = await ports.agentd.queueStatistics(caller.visibleTenantUuids, args.queue_id);
        if (!visible.some((queue) => queue.queueId === args.queue_id)) return failure('not_found', 'no such queue');
        return migrationOutcome(await ports.contactCenter.migrate(args.node), args.queue_id);
      }),
    }),
  };
}
