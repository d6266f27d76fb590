/**
 * The call-control port of calld (seed API-01, API-06): what the `/api/calld/1.0` routes ask of
 * the engine. Owned here, implemented by the composition root on top of the call service and its
 * actors. Each call is one channel with the calld call model and the tenant of its user; every
 * verb answers a value saying what happened, never throws for an expected failure.
 */
import type { call } from '../../actors/index.ts';

/** One active channel as calld lists it. */
export interface ActiveCall {
  readonly model: call.CallModel;
  /** The tenant of the channel's user; null for a channel without a user (a trunk, say). */
  readonly tenantUuid: string | null;
}

/** What a verb did: done, no such channel, or not applicable in the channel's current state. */
export type CallControlResult =
  | { readonly type: 'done' }
  | { readonly type: 'not-found' }
  | { readonly type: 'invalid-state'; readonly message: string }
  | { readonly type: 'unsupported'; readonly message: string };

/** A call to originate: ring the user's line first, then dial `extension` in `context` (the line's when absent). */
export interface OriginateRequest {
  readonly userUuid: string;
  readonly lineId?: number;
  readonly extension: string;
  readonly context?: string;
  /** The tenants the request may act in: a user of another tenant is unknown. */
  readonly tenantUuids: readonly string[];
}

/** What an originate did: the originating channel, or why not (the request's fault, or the node's). */
export type OriginateResult =
  | { readonly type: 'originated'; readonly call: ActiveCall }
  | { readonly type: 'invalid'; readonly message: string }
  | { readonly type: 'unavailable'; readonly message: string };

export interface CallControlPort {
  /** Rings the user's line; once answered, calls the extension. Answers with the user's channel. */
  originate(request: OriginateRequest): Promise<OriginateResult>;
  /** Every active channel of the node, with its tenant. */
  listCalls(): Promise<readonly ActiveCall[]>;
  getCall(callId: string): Promise<ActiveCall | undefined>;
  /** Hangs the channel up (BYE when answered, CANCEL or a final answer while ringing). */
  hangUp(callId: string): CallControlResult;
  /** Holds the call from this channel's side (the peer hears music on hold), or resumes it. */
  hold(callId: string, on: boolean): CallControlResult;
  /** Mutes the channel (its audio no longer reaches the peer), or unmutes it. */
  mute(callId: string, on: boolean): CallControlResult;
  /** Sends `digits` (checked: 0-9, *, #, A-D) to the channel's peer as RFC 4733 telephone events. */
  sendDtmf(callId: string, digits: string): CallControlResult;
  /**
   * Asks the phone of a ringing channel to answer (a NOTIFY `Event: talk`); done when the phone
   * took it (its answer then comes as when the user picks up), unsupported when it refused or said nothing.
   */
  answer(callId: string): Promise<CallControlResult>;
}
