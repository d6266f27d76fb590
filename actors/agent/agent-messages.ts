/** What an agent actor receives and asks for. */
import type { QueueLogEvent } from '../queue/index.ts';

/** Why an offer is refused. */
export type OfferRefusal = 'logged_out' | 'paused' | 'busy' | 'wrapup' | 'reserved';

export type AgentMessage =
  /** Logs in from a phone; asked: replies `agent.logged_in` or `agent.refused { reason: 'already_logged_in' }`. */
  | { readonly type: 'agent.login'; readonly extension: string; readonly context: string; readonly callId?: string }
  /** Logs out; asked: replies `agent.logged_out` or `agent.refused { reason: 'not_logged_in' }`. */
  | { readonly type: 'agent.logout'; readonly reason?: string }
  /** Pauses in every queue (a paused agent is offered nothing). */
  | { readonly type: 'agent.pause'; readonly reason: string }
  | { readonly type: 'agent.unpause' }
  /**
   * A queue reserves the agent for a call; asked: replies `agent.reserved` or `agent.offer_refused`.
   * `wrapupSeconds` is the queue's wrap-up after this call (Asterisk's `wrapuptime` is a queue
   * option); absent, the agent's own.
   */
  | { readonly type: 'agent.offer'; readonly offerId: string; readonly queue: string; readonly callId: string; readonly wrapupSeconds?: number }
  /** The agent answered the offered call. */
  | { readonly type: 'agent.offer_answered'; readonly offerId: string }
  /** The offer ended without the agent: no answer, the caller left, another member answered. */
  | { readonly type: 'agent.offer_withdrawn'; readonly offerId: string }
  /** The ACD call the agent is on ended. */
  | { readonly type: 'agent.acd_call_ended'; readonly callId: string; readonly byAgent: boolean }
  /** A call that is not an ACD call began or ended on the agent's phone. */
  | { readonly type: 'agent.other_call'; readonly callId: string; readonly active: boolean }
  /** The agent's queue memberships changed (configuration). */
  | { readonly type: 'agent.queues'; readonly queues: readonly string[] };

/** Replies to asked messages. */
export type AgentReply =
  | { readonly type: 'agent.logged_in' }
  | { readonly type: 'agent.logged_out' }
  | { readonly type: 'agent.refused'; readonly reason: 'already_logged_in' | 'not_logged_in' }
  | { readonly type: 'agent.reserved'; readonly offerId: string }
  | { readonly type: 'agent.offer_refused'; readonly offerId: string; readonly reason: OfferRefusal };

/** The agent's status as the seed's `agent_status_update` and the pause events carry it. */
export type AgentStatusEvent =
  | { readonly type: 'agent.status'; readonly status: 'logged_in' | 'logged_out' }
  | { readonly type: 'agent.paused'; readonly reason: string }
  | { readonly type: 'agent.unpaused' }
  /** The agent can take an offer again (idle, unpaused, no other call): queues may offer it their calls. */
  | { readonly type: 'agent.available' };

export type AgentEffect =
  | { readonly type: 'agent.publish'; readonly event: AgentStatusEvent }
  | { readonly type: 'agent.queue_log'; readonly entries: readonly QueueLogEvent[] };
