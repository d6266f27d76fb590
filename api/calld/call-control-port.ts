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

export interface CallControlPort extends TransferControlPort {
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

/** How a transfer goes (calld's `flow`): attended (consult the recipient first) or blind. */
export type TransferFlow = 'attended' | 'blind';

/** calld's transfer statuses: starting, ringback (the recipient rings), answered (attended: consulting), blind_transferred. */
export type TransferStatus = call.TransferStatus;

/** The calld transfer model (wazo-calld's Transfer.to_dict field names), as the call tells it in its events. */
export type TransferModel = call.TransferEventData;

/**
 * A transfer to start: `initiatorCall` hands `transferredCall` (its peer in the same call) over to
 * `exten` dialed in `context` (the initiator's line context when absent, as for the users/me form).
 */
export interface TransferRequest {
  readonly transferredCall: string;
  readonly initiatorCall: string;
  readonly context?: string;
  readonly exten: string;
  readonly flow: TransferFlow;
  /** Seconds the recipient rings before the transfer is abandoned; null or absent: the recipient's ring time. */
  readonly timeoutSeconds?: number | null;
  /** Channels of these tenants only may be transferred. */
  readonly tenantUuids: readonly string[];
  /** The token's user when the request comes from the users/me form: the initiator channel must be theirs. */
  readonly userUuid?: string;
}

/** Why a transfer or relocate is not started: no such call, a bad request, a call already in one (`conflict`), another user's call. */
export interface HandoverRefusal {
  readonly type: 'not-found' | 'invalid' | 'conflict' | 'forbidden';
  readonly message: string;
}

/** What starting a transfer did. */
export type TransferResult = { readonly type: 'created'; readonly transfer: TransferModel } | HandoverRefusal;

/** Where a relocate moves the user's side of a call (calld `destination` + `location`). */
export type RelocateDestination =
  | { readonly type: 'line'; readonly lineId: number }
  | { readonly type: 'mobile' }
  | { readonly type: 'interface'; readonly interface: string; readonly contact?: string };

/** calld's relocate completions: on the recipient's answer, or when the API says so. */
export type RelocateCompletion = call.RelocateCompletion;

/** The calld relocate model, as the call tells it in its events. */
export type RelocateModel = call.RelocateEventData;

export interface RelocateRequest {
  readonly userUuid: string;
  readonly initiatorCall: string;
  readonly destination: RelocateDestination;
  readonly completions: readonly RelocateCompletion[];
  /** Seconds the new device rings before the relocate is abandoned (calld's default 30). */
  readonly timeoutSeconds: number;
  readonly tenantUuids: readonly string[];
}

export type RelocateResult = { readonly type: 'created'; readonly relocate: RelocateModel } | HandoverRefusal;

/** Transfers and relocates (seed API-01; calld's transfers and relocates plugins). */
export interface TransferControlPort {
  createTransfer(request: TransferRequest): Promise<TransferResult>;
  /** A transfer in progress, with the tenant of its initiator. */
  getTransfer(transferId: string): { readonly transfer: TransferModel; readonly tenantUuid: string | null } | undefined;
  /** The transfers in progress that `userUuid` initiated. */
  transfersOfUser(userUuid: string): readonly TransferModel[];
  /** Attended only: bridges the transferred call with the recipient and hangs the initiator up. */
  completeTransfer(transferId: string): CallControlResult;
  /** Hangs the recipient up and gives the transferred call back to the initiator. */
  cancelTransfer(transferId: string): CallControlResult;
  createRelocate(request: RelocateRequest): Promise<RelocateResult>;
  relocatesOfUser(userUuid: string): readonly RelocateModel[];
  getRelocate(relocateUuid: string): RelocateModel | undefined;
  /** For a relocate with the `api` completion, once the recipient answered. */
  completeRelocate(relocateUuid: string): CallControlResult;
  cancelRelocate(relocateUuid: string): CallControlResult;
}
