/**
 * What the owner of the contact center does with a message another node sent it: a call's effect
 * goes to its contact center (the owner learning the call's node), an agentd verb is answered, a
 * node's users' calls and its calls in queues are noted.
 */
import type { ContactCenter } from './contact-center.ts';
import type { CallPresence } from './call-presence.ts';
import type { LinkMessage } from './link-message.ts';
import type { RemoteUserCalls } from './remote-user-calls.ts';

/** What serving needs of the link. */
export interface LinkOwner {
  /** The node of each call that entered or reported from another node. */
  readonly callNodes: Map<string, string>;
  readonly presence: CallPresence;
  readonly remoteCalls: RemoteUserCalls;
  send(to: string, message: LinkMessage): void;
  now(): number;
}

/** Serves `message` from node `from`; `local` is the contact center when it runs here. */
export function serveLinkMessage(owner: LinkOwner, from: string, message: LinkMessage, local: ContactCenter | undefined): void {
  const { callNodes, send } = owner;
  switch (message.type) {
    case 'call.enter':
      callNodes.set(message.callId, from);
      if (local === undefined) return send(from, { type: 'call.queue_update', callId: message.callId, queueId: message.entry.queue.queueId, update: { type: 'not_entered', status: 'unavailable' } });
      return local.calls.enter(message.callId, message.entry);
    case 'call.abandon':
      callNodes.delete(message.callId);
      return local?.calls.abandon(message.callId, message.queueId);
    case 'call.member_answered':
      callNodes.set(message.callId, from);
      return local?.calls.memberAnswered(message.callId, message.queueId, message.offerId, message.memberId);
    case 'call.member_failed':
      callNodes.set(message.callId, from);
      return local?.calls.memberFailed(message.callId, message.queueId, message.offerId, message.memberId);
    case 'call.ended':
      callNodes.delete(message.callId);
      return local?.calls.callEnded(message.callId, message.queueId, message.memberId, message.by);
    case 'agentd.request': {
      const answered = local === undefined ? Promise.reject(new Error('this node does not run the contact center')) : (local.agentd[message.verb] as (...values: readonly unknown[]) => Promise<unknown>)(...message.args);
      answered.then(
        (value) => send(from, { type: 'agentd.reply', requestId: message.requestId, result: { type: 'ok', value: value ?? null } }),
        (error: unknown) => send(from, { type: 'agentd.reply', requestId: message.requestId, result: { type: 'error', message: error instanceof Error ? error.message : String(error) } }),
      );
      return;
    }
    case 'user_calls':
      return owner.remoteCalls.report(from, message.counts, owner.now());
    case 'calls.present':
      return owner.presence.named(from, message.calls);
    case 'call.queue_update':
    case 'agentd.reply':
    case 'handover.request':
    case 'handover.offer':
      return;
  }
}
