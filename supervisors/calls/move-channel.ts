/**
 * How one node of a cluster asks another to adopt a call: a request and its reply over Redis
 * publish/subscribe, on a channel per node, `<prefix>calls:moves:<node name>`.
 *
 * @remarks
 * Redis is the cluster's authenticated channel (the nodes share it as they share PostgreSQL); the
 * request carries the call's replica (call-replica.ts), read back with `readCallReplica` since it
 * comes from outside the process. Not the event bus: its events reach the control WebSockets, a
 * replica (dialogs, SDP) must not. A node is live for moves while it is subscribed to its channel
 * (`PUBSUB NUMSUB`), so a node that stopped is never asked. A request unanswered within its time is
 * a refusal (the target may still be working: see docs/decisions.md, "moving a call").
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { readCallReplica, type CallReplica } from './call-replica.ts';

/**
 * How the target took the call: adopted; refused (the source keeps it); or ended there, when the
 * second party refused to move after the first had (the source lets its copy go all the same).
 */
export type AdoptOutcome =
  | { readonly type: 'adopted' }
  /** `offered`: the channels whose party got a re-INVITE from the target (and may have taken its Contact all the same). */
  | { readonly type: 'refused'; readonly reason: string; readonly offered?: readonly string[] }
  | { readonly type: 'ended'; readonly reason: string };

type MoveMessage =
  | { readonly type: 'adopt'; readonly moveId: string; readonly from: string; readonly replica: unknown }
  | { readonly type: 'reply'; readonly moveId: string; readonly outcome: AdoptOutcome };

export interface MoveChannelOptions {
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly nodeName: string;
  /** Adopts a replica another node hands over. */
  readonly onAdopt: (replica: CallReplica, from: string) => Promise<AdoptOutcome>;
  readonly log: { warn(fields: Record<string, unknown>, message: string): void };
}

export interface MoveChannel {
  /** Resolves once this node listens for requests. */
  readonly ready: Promise<void>;
  /** Whether `node` listens for requests now. */
  isLive(node: string): Promise<boolean>;
  /** Asks `node` to adopt `replica`; a refusal when it does not answer within `timeoutMs`. */
  request(node: string, replica: CallReplica, timeoutMs: number): Promise<AdoptOutcome>;
  close(): Promise<void>;
}

export function createMoveChannel(options: MoveChannelOptions): MoveChannel {
  const channelOf = (node: string): string => `${options.keyPrefix}calls:moves:${node}`;
  const own = channelOf(options.nodeName);
  const subscriber = options.redis.duplicate();
  const waiting = new Map<string, (outcome: AdoptOutcome) => void>();
  const send = (node: string, message: MoveMessage): Promise<number> => options.redis.publish(channelOf(node), JSON.stringify(message));
  const adopt = async (message: Extract<MoveMessage, { type: 'adopt' }>): Promise<void> => {
    const read = readCallReplica(message.replica);
    const outcome = read.type === 'error' ? { type: 'refused' as const, reason: `unreadable replica: ${read.detail}` } : await options.onAdopt(read.replica, message.from).catch((error: unknown) => ({ type: 'refused' as const, reason: String(error) }));
    await send(message.from, { type: 'reply', moveId: message.moveId, outcome });
  };
  subscriber.on('message', (channel: string, text: string) => {
    if (channel !== own) return;
    const message = parse(text);
    if (message === undefined) return void options.log.warn({ channel }, 'call move: unreadable message dropped');
    if (message.type === 'reply') return void waiting.get(message.moveId)?.(message.outcome);
    adopt(message).catch((error: unknown) => options.log.warn({ err: error, moveId: message.moveId }, 'call move: reply not sent'));
  });
  const ready = subscriber.subscribe(own).then(() => undefined);
  return {
    ready,
    async isLive(node) {
      const counts = (await options.redis.pubsub('NUMSUB', channelOf(node))) as unknown[];
      return Number(counts[1] ?? 0) > 0;
    },
    request(node, replica, timeoutMs) {
      const moveId = randomUUID();
      return new Promise<AdoptOutcome>((resolve) => {
        const timer = setTimeout(() => finish({ type: 'refused', reason: `node ${node} did not answer within ${String(timeoutMs)} ms` }), timeoutMs);
        const finish = (outcome: AdoptOutcome): void => {
          clearTimeout(timer);
          waiting.delete(moveId);
          resolve(outcome);
        };
        waiting.set(moveId, finish);
        send(node, { type: 'adopt', moveId, from: options.nodeName, replica }).then(
          (listeners) => {
            if (listeners === 0) finish({ type: 'refused', reason: `node ${node} is not listening` });
          },
          (error: unknown) => finish({ type: 'refused', reason: `Redis: ${String(error)}` }),
        );
      });
    },
    async close() {
      for (const finish of [...waiting.values()]) finish({ type: 'refused', reason: 'the node is stopping' });
      subscriber.disconnect();
      return Promise.resolve();
    },
  };
}

function parse(text: string): MoveMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  if (typeof message['moveId'] !== 'string') return undefined;
  if (message['type'] === 'adopt' && typeof message['from'] === 'string') return message as MoveMessage;
  if (message['type'] === 'reply' && typeof message['outcome'] === 'object' && message['outcome'] !== null) {
    const outcome = message['outcome'] as Record<string, unknown>;
    if (outcome['type'] === 'adopted' || ((outcome['type'] === 'refused' || outcome['type'] === 'ended') && typeof outcome['reason'] === 'string')) return message as MoveMessage;
  }
  return undefined;
}
