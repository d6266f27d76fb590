/**
 * The link's part in a planned move of the contact center (contact-center-mover.ts): on the
 * owner, the handover itself; on the target, taking the promised lease and answering once the
 * contact center runs; on any node, asking the owner for a move.
 *
 * @remarks
 * The owner closes the gate (new work waits), stops its contact center (the last replicas
 * written), gives the lease up promising it to the target and sends it `handover.offer`; the
 * target looks at the lease at once, takes it, starts the contact center from the replicas and
 * answers with what it runs (`agentd.reply` under the offer's id). The owner then reads the lease
 * (it names the target) and opens the gate. A node that is not the owner sends `handover.request`
 * to the owner and waits for the outcome it answers.
 *
 * While the gate is closed, the entries and agentd requests other nodes send wait, then go to the
 * new owner under their senders' names; the other call effects are dropped, as their nodes give
 * them to the new owner again (held-call-effects.ts). A former owner passes on the entries and
 * requests still sent to it by nodes that have not yet heard of the new owner (once: a relayed
 * message is never passed on again).
 */
import type { ContactCenterMigration, ContactCenterMode, ContactCenterPort } from '../../api/index.ts';
import type { ContactCenter, ContactCenterSummary } from './contact-center.ts';
import type { ContactCenterLease } from './contact-center-lease.ts';
import { createContactCenterMover, createHandoverGate, HANDOVER_PROMISE_MS, HANDOVER_TIMEOUT_MS, MIGRATE_REQUEST_TIMEOUT_MS, type HandoverGate } from './contact-center-mover.ts';
import type { LiveNode, NodeDirectory } from './contact-center-nodes.ts';
import type { LinkEnvelope, LinkMessage } from './link-message.ts';
import { createPendingRequests, type RequestOutcome } from './pending-requests.ts';

export interface ContactCenterHandoverOptions {
  readonly nodeId: string;
  readonly placement: { readonly mode: ContactCenterMode; readonly name: string; readonly nodes: NodeDirectory };
  readonly lease: ContactCenterLease;
  readonly log: { info(fields: Record<string, unknown>, message: string): void };
  readonly now: () => number;
  readonly send: (to: string, message: LinkMessage) => void;
  /** Publishes an envelope as it is (a relayed message keeps its sender). */
  readonly publish: (envelope: LinkEnvelope) => void;
  /** Whether the contact center is replicated (a new owner takes the calls on). */
  readonly replicated: boolean;
  /** The owner this node follows, when it is another node known now. */
  readonly remoteOwner: () => string | undefined;
  /** The contact center when it runs here. */
  readonly running: () => ContactCenter | undefined;
  /** Stops the contact center here, in turn with the changes of ownership; resolves once stopped. */
  readonly stop: () => Promise<void>;
  /** Resolves once the last change of ownership was applied. */
  readonly settled: () => Promise<void>;
  /** The gate opened again: what was held goes to the owner (and the contact center starts again here if the move failed). */
  readonly reopened: () => void;
}

export interface ContactCenterHandover {
  readonly gate: HandoverGate;
  /** Where the contact center runs, and its planned move. */
  readonly port: ContactCenterPort;
  /** Settles a handover or move request with its reply; false when none waits under that id. */
  settle(requestId: string, outcome: RequestOutcome<unknown>): boolean;
  /** Target side: the contact center started here (the promise is answered, if any). */
  started(center: ContactCenter): void;
  /** Whether the move takes `envelope` (held, passed on, dropped, or a handover message); otherwise `receive` serves it as usual. */
  intercept(envelope: LinkEnvelope, receive: (envelope: LinkEnvelope) => void): boolean;
  close(): Promise<void>;
}

export function createContactCenterHandover(options: ContactCenterHandoverOptions): ContactCenterHandover {
  const { nodeId, placement, lease, send, now } = options;
  const gate = createHandoverGate();
  const handovers = createPendingRequests({ timeoutMs: HANDOVER_TIMEOUT_MS, idPrefix: `${nodeId}-handover` });
  const migrations = createPendingRequests({ timeoutMs: MIGRATE_REQUEST_TIMEOUT_MS, idPrefix: `${nodeId}-migrate` });
  /** Target side: the owner that promised the lease to this node, waiting for the answer. */
  let promise: { readonly from: string; readonly requestId: string } | undefined;

  const answerPromise = (center: ContactCenter): void => {
    if (promise === undefined || lease.state().type !== 'owner') return;
    send(promise.from, { type: 'agentd.reply', requestId: promise.requestId, result: { type: 'ok', value: center.summary() } });
    promise = undefined;
  };

  /** Owner side: the planned handover to `to`. */
  const handOver = async (to: LiveNode): Promise<ContactCenterMigration> => {
    if (lease.handOver === undefined || lease.refresh === undefined) return { type: 'refused', code: 'conflict', reason: 'the contact center of this node cannot be handed over' };
    if (gate.active()) return { type: 'refused', code: 'conflict', reason: 'the contact center is being moved already' };
    if (lease.state().type !== 'owner' || options.running() === undefined) return { type: 'refused', code: 'unavailable', reason: 'this node does not run the contact center now' };
    const startedAt = now();
    gate.begin();
    try {
      await options.stop();
      if (!(await lease.handOver(to.nodeId, HANDOVER_PROMISE_MS))) return { type: 'refused', code: 'unavailable', reason: 'this node lost the contact center meanwhile' };
      const { requestId, outcome } = handovers.open<ContactCenterSummary>();
      send(to.nodeId, { type: 'handover.offer', requestId });
      const answer = await outcome;
      await lease.refresh();
      await options.settled();
      if (answer.type !== 'replied') return { type: 'refused', code: 'unavailable', reason: `node ${to.name} did not take the contact center over: ${answer.message}` };
      const moved: ContactCenterMigration = { type: 'moved', from: placement.name, to: to.name, ...answer.value, durationMs: now() - startedAt };
      options.log.info({ ...moved }, 'contact center moved');
      return moved;
    } finally {
      gate.end();
      options.reopened();
    }
  };

  /** Target side: the owner `from` promised the lease to this node. */
  const offered = (from: string, requestId: string): void => {
    promise = { from, requestId };
    const running = options.running();
    if (running !== undefined) answerPromise(running);
    else void lease.refresh?.();
  };
  /** Owner side: the node `from` asks for a move to `targetNodeId`. */
  const requested = (from: string, requestId: string, targetNodeId: string): void => {
    const answer = (migration: ContactCenterMigration): void => send(from, { type: 'agentd.reply', requestId, result: { type: 'ok', value: migration } });
    void placement.nodes.live().then((live) => live.find((node) => node.nodeId === targetNodeId)).then(
      (node) => (node === undefined ? { type: 'refused', code: 'not_found', reason: 'the target is not a live node of this cluster' } as const : handOver(node)),
    ).then(answer, (error: unknown) => answer({ type: 'refused', code: 'unavailable', reason: error instanceof Error ? error.message : String(error) }));
  };
  /** Passes what was sent for the owner on to the owner this node follows now, as if sent there; serves it here otherwise. */
  const relay = (envelope: LinkEnvelope, receive: (envelope: LinkEnvelope) => void): void => {
    const to = options.remoteOwner();
    if (to !== undefined && envelope.relayed !== true) options.publish({ ...envelope, to, epoch: 0, relayed: true });
    else receive({ ...envelope, relayed: true });
  };

  const port = createContactCenterMover({
    mode: placement.mode, self: { nodeId, name: placement.name }, nodes: placement.nodes,
    ownerNodeId: () => {
      const state = lease.state();
      return state.type === 'owner' ? nodeId : state.ownerNodeId;
    },
    handOver,
    async askOwner(ownerNodeId, to) {
      const { requestId, outcome } = migrations.open<ContactCenterMigration>();
      send(ownerNodeId, { type: 'handover.request', requestId, targetNodeId: to.nodeId });
      const answer = await outcome;
      return answer.type === 'replied' ? answer.value : { type: 'refused', code: 'unavailable', reason: `the contact center did not answer: ${answer.message}` };
    },
  });

  return {
    gate,
    port,
    settle: (requestId, outcome) => handovers.settle(requestId, outcome) || migrations.settle(requestId, outcome),
    started: answerPromise,
    intercept(envelope, receive) {
      const { message } = envelope;
      if (message.type === 'handover.offer') offered(envelope.from, message.requestId);
      else if (message.type === 'handover.request') requested(envelope.from, message.requestId, message.targetNodeId);
      else if (message.type === 'call.enter' || message.type === 'agentd.request') {
        if (gate.active()) gate.defer(() => relay(envelope, receive));
        else if (options.replicated && envelope.relayed !== true && lease.state().type === 'follower' && options.remoteOwner() !== undefined) relay(envelope, receive);
        else return false;
      } else return gate.active() && message.type.startsWith('call.') && message.type !== 'call.queue_update';
      return true;
    },
    async close() {
      handovers.close();
      migrations.close();
      await placement.nodes.close();
    },
  };
}
