/**
 * What the nodes of a cluster tell each other about the contact center: the calls' queue
 * effects sent to the owner, the owner's queue updates sent to the node of each call, agentd's
 * requests and their replies, and the calls each node's users are on.
 *
 * @remarks
 * Carried on the cluster's event bus as the internal event `contact_center.link` (no
 * `required_acl`: websocketd gives it to no client), each addressed to one node id and read by that
 * node only, or to every node ({@link LINK_BROADCAST}). The envelope carries `v` (readers take the current version) and the sender's lease
 * epoch, which the owner stamps on what it sends: a follower drops what an owner older than the
 * one it knows sends. Messages are plain data, checked on arrival like any outside input.
 */
import type { call } from '../../actors/index.ts';
import type { AgentdPort } from '../../api/index.ts';
import type { BusEvent } from '../bus/event-bus.ts';

export const LINK_EVENT = 'contact_center.link';
export const LINK_VERSION = 1;
/** The address of a message for every node (a new owner's update to a call whose node it does not know yet). */
export const LINK_BROADCAST = '*';

/** The verbs of agentd, asked of the owner by name with their arguments. */
export type AgentdVerb = keyof AgentdPort;

export type LinkMessage =
  /** A call of the sending node asks to enter a queue (the owner answers with `queue_update`s). */
  | { readonly type: 'call.enter'; readonly callId: string; readonly entry: call.QueueEntry }
  | { readonly type: 'call.abandon'; readonly callId: string; readonly queueId: number }
  | { readonly type: 'call.member_answered'; readonly callId: string; readonly queueId: number; readonly offerId: string; readonly memberId: string }
  | { readonly type: 'call.member_failed'; readonly callId: string; readonly queueId: number; readonly offerId: string; readonly memberId: string }
  | { readonly type: 'call.ended'; readonly callId: string; readonly queueId: number; readonly memberId: string; readonly by: 'agent' | 'caller' }
  /** What the owner tells a call of the receiving node. */
  | { readonly type: 'call.queue_update'; readonly callId: string; readonly queueId: number; readonly update: call.QueueUpdate }
  | { readonly type: 'agentd.request'; readonly requestId: string; readonly verb: AgentdVerb; readonly args: readonly unknown[] }
  | { readonly type: 'agentd.reply'; readonly requestId: string; readonly result: { readonly type: 'ok'; readonly value: unknown } | { readonly type: 'error'; readonly message: string } }
  /** The users of the sending node with calls, and how many each (all of them: it replaces the last report). */
  | { readonly type: 'user_calls'; readonly counts: readonly (readonly [number, number])[] }
  /** The calls of the sending node in the queues, `[callId, queueId]`, told to a new owner (call-presence.ts). */
  | { readonly type: 'calls.present'; readonly calls: readonly (readonly [string, number])[] }
  /** A node asks the owner to move the contact center to the node `targetNodeId` (answered with an `agentd.reply` holding the outcome). */
  | { readonly type: 'handover.request'; readonly requestId: string; readonly targetNodeId: string }
  /** The owner gave the lease up promising it to the receiving node: it takes it now and answers, once it runs the contact center, with an `agentd.reply`. */
  | { readonly type: 'handover.offer'; readonly requestId: string };

export interface LinkEnvelope {
  readonly v: number;
  readonly to: string;
  readonly from: string;
  /** The sender's lease epoch when it owns the contact center, else 0. */
  readonly epoch: number;
  readonly message: LinkMessage;
  /** Set by a former owner that passed the message on to the owner (`from` stays the sender): never passed on again. */
  readonly relayed?: boolean;
}

const AGENTD_VERBS: ReadonlySet<string> = new Set<AgentdVerb>(['agents', 'agent', 'login', 'logoff', 'pause', 'unpause', 'logoffAll', 'relogAll', 'queueStatistics', 'waitingHistory']);

/** The bus event carrying `envelope` (internal: no `required_acl`). */
export function linkEvent(envelope: LinkEnvelope): BusEvent<LinkEnvelope> {
  return { name: LINK_EVENT, origin_uuid: envelope.from, data: envelope };
}

/** The envelope of a bus event addressed to `nodeId`, or why it is not one. */
export function readLinkEvent(event: BusEvent, nodeId: string): { readonly type: 'envelope'; readonly envelope: LinkEnvelope } | { readonly type: 'not-for-us' } | { readonly type: 'malformed'; readonly reason: string } {
  if (event.name !== LINK_EVENT) return { type: 'not-for-us' };
  const data = event.data as Partial<Record<keyof LinkEnvelope, unknown>> | null;
  if (typeof data !== 'object' || data === null) return { type: 'malformed', reason: 'no envelope' };
  if (data.to !== nodeId && data.to !== LINK_BROADCAST) return { type: 'not-for-us' };
  if (data.v !== LINK_VERSION) return { type: 'malformed', reason: `version ${String(data.v)}` };
  if (typeof data.from !== 'string' || typeof data.epoch !== 'number') return { type: 'malformed', reason: 'no sender' };
  const reason = messageProblem(data.message);
  return reason === undefined ? { type: 'envelope', envelope: data as unknown as LinkEnvelope } : { type: 'malformed', reason };
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isId = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** What is wrong with a message, if anything (the fields routing depends on; the payloads are the sender's). */
function messageProblem(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return 'no message';
  const message = raw as Record<string, unknown>;
  switch (message['type']) {
    case 'call.enter':
      return isString(message['callId']) && typeof message['entry'] === 'object' && message['entry'] !== null ? undefined : 'call.enter without call or entry';
    case 'call.abandon':
      return isString(message['callId']) && isId(message['queueId']) ? undefined : 'call.abandon without call or queue';
    case 'call.member_answered':
    case 'call.member_failed':
      return isString(message['callId']) && isId(message['queueId']) && isString(message['offerId']) && isString(message['memberId']) ? undefined : `${message['type']} incomplete`;
    case 'call.ended':
      return isString(message['callId']) && isId(message['queueId']) && isString(message['memberId']) && (message['by'] === 'agent' || message['by'] === 'caller') ? undefined : 'call.ended incomplete';
    case 'call.queue_update':
      return isString(message['callId']) && isId(message['queueId']) && typeof message['update'] === 'object' && message['update'] !== null ? undefined : 'call.queue_update incomplete';
    case 'agentd.request':
      return isString(message['requestId']) && isString(message['verb']) && AGENTD_VERBS.has(message['verb']) && Array.isArray(message['args']) ? undefined : 'agentd.request incomplete';
    case 'agentd.reply':
      return isString(message['requestId']) && typeof message['result'] === 'object' && message['result'] !== null ? undefined : 'agentd.reply incomplete';
    case 'user_calls':
      return Array.isArray(message['counts']) && message['counts'].every((pair) => Array.isArray(pair) && isId(pair[0]) && isId(pair[1])) ? undefined : 'user_calls incomplete';
    case 'calls.present':
      return Array.isArray(message['calls']) && message['calls'].every((pair) => Array.isArray(pair) && isString(pair[0]) && isId(pair[1])) ? undefined : 'calls.present incomplete';
    case 'handover.request':
      return isString(message['requestId']) && isString(message['targetNodeId']) ? undefined : 'handover.request incomplete';
    case 'handover.offer':
      return isString(message['requestId']) ? undefined : 'handover.offer incomplete';
    default:
      return `unknown message ${String(message['type'])}`;
  }
}
