/**
 * The events of transfers and relocates, with wazo-calld's models: a transfer
 * (`transfer_created`, `_updated`, `_answered`, `_completed`, `_cancelled`, `_abandoned`,
 * `_ended`) and a relocate (`relocate_initiated`, `_answered`, `_completed`, `_ended`, seed
 * "relocate_initiated, relocate_answered, relocate_completed, relocate_ended").
 *
 * @remarks
 * Pure. They go to the initiator: a relocate needs `events.relocates.<initiator uuid>` (the
 * seed's ACL); a transfer `events.transfers.<initiator uuid>.<action>` (docs/decisions.md).
 */
import type { Handover, RelocateCompletion, RelocateHandover, TransferHandover, TransferStatus } from './call-handover.ts';

export type TransferAction = 'created' | 'updated' | 'answered' | 'completed' | 'cancelled' | 'abandoned' | 'ended';
export type RelocateAction = 'initiated' | 'answered' | 'completed' | 'ended';
export type HandoverEventName = `transfer_${TransferAction}` | `relocate_${RelocateAction}`;

/** wazo-calld's transfer model. */
export interface TransferEventData {
  readonly id: string;
  readonly initiator_uuid: string | null;
  readonly initiator_tenant_uuid: string | null;
  readonly transferred_call: string;
  readonly initiator_call: string;
  readonly recipient_call: string | null;
  readonly status: TransferStatus;
  readonly flow: 'attended' | 'blind';
}

/** wazo-calld's relocate model (seed example of `relocate_completed`). */
export interface RelocateEventData {
  readonly uuid: string;
  readonly relocated_call: string;
  readonly initiator_call: string;
  readonly recipient_call: string | null;
  readonly completions: readonly RelocateCompletion[];
  readonly initiator: string;
}

export type HandoverEventData = TransferEventData | RelocateEventData;

/** A handover event to publish (a `CallEvent` with its own ACL). */
export interface HandoverEvent {
  readonly type: 'event.publish';
  readonly name: HandoverEventName;
  readonly userUuid: string | null;
  readonly data: HandoverEventData;
  readonly requiredAcl: string;
}

/** The recipient channel: the one that answered, else the first still ringing. */
function recipientCall(handover: Handover, ringing: string | undefined): string | null {
  return handover.recipientChannelId ?? ringing ?? null;
}

export function transferModel(handover: TransferHandover, ringing?: string): TransferEventData {
  return {
    id: handover.id,
    initiator_uuid: handover.initiatorUuid,
    initiator_tenant_uuid: handover.initiatorTenantUuid,
    transferred_call: handover.stayingChannelId,
    initiator_call: handover.leavingChannelId,
    recipient_call: recipientCall(handover, ringing),
    status: handover.status,
    flow: handover.flow,
  };
}

export function relocateModel(handover: RelocateHandover, ringing?: string): RelocateEventData {
  return {
    uuid: handover.id,
    relocated_call: handover.stayingChannelId,
    initiator_call: handover.leavingChannelId,
    recipient_call: recipientCall(handover, ringing),
    completions: handover.completions,
    initiator: handover.userUuid,
  };
}

export function transferEvent(action: TransferAction, handover: TransferHandover, ringing?: string): HandoverEvent {
  const uuid = handover.initiatorUuid ?? '';
  return { type: 'event.publish', name: `transfer_${action}`, userUuid: handover.initiatorUuid, data: transferModel(handover, ringing), requiredAcl: `events.transfers.${uuid}.${action}` };
}

export function relocateEvent(action: RelocateAction, handover: RelocateHandover, ringing?: string): HandoverEvent {
  return { type: 'event.publish', name: `relocate_${action}`, userUuid: handover.userUuid, data: relocateModel(handover, ringing), requiredAcl: `events.relocates.${handover.userUuid}` };
}

/** The event of a step common to both kinds (answered, completed, ended). */
export function handoverEvent(action: 'answered' | 'completed' | 'ended', handover: Handover, ringing?: string): HandoverEvent {
  return handover.type === 'transfer' ? transferEvent(action, handover, ringing) : relocateEvent(action, handover, ringing);
}
