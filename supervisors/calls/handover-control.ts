/**
 * calld's transfers and relocates on the call actors: each is checked against the last stable
 * snapshot of its call (the initiator must be a party of an answered call with no other handover
 * in progress), then ordered to the call (`call.transfer`, `call.relocate`, complete, cancel),
 * which runs it and tells its events.
 *
 * @remarks
 * A transfer's extension is routed once here, so an extension that leads nowhere is a 400 at once
 * as in calld; the call routes it again when it dials (the dialplan may change in between: the
 * transfer is then abandoned with its events).
 */
import { randomUUID } from 'node:crypto';
import { actorAddress, call, type ActorSystem } from '../../actors/index.ts';
import type { CallControlResult, HandoverRefusal, RelocateModel, TransferControlPort, TransferModel } from '../../api/index.ts';
import type { RoutePort } from './route-port.ts';

export interface HandoverControlOptions {
  readonly system: Pick<ActorSystem, 'send'>;
  readonly snapshots: () => Iterable<call.CallSnapshot>;
  readonly routePort: Pick<RoutePort, 'route' | 'sourceLine' | 'tenantOfUser'>;
  readonly newId?: () => string;
  readonly now?: () => number;
}


/** The answered call a channel is a party of, and its side. */
function partyPlace(snapshots: Iterable<call.CallSnapshot>, channelId: string): { readonly snapshot: call.CallSnapshot; readonly party: call.Party } | HandoverRefusal {
  for (const snapshot of snapshots) {
    const party = call.partyOfChannel(snapshot, channelId);
    if (party !== undefined) return snapshot.handover === undefined ? { snapshot, party } : { type: 'conflict', message: `call ${channelId} is already in a ${snapshot.handover.type}` };
    const ringing = channelId === snapshot.caller.channelId || snapshot.legs.some((leg) => leg.channelId === channelId && leg.status !== 'gone');
    if (ringing && snapshot.state !== 'terminated') return { type: 'conflict', message: `call ${channelId} is not in conversation` };
  }
  return { type: 'not-found', message: `no such call: ${channelId}` };
}

function withHandover(snapshots: Iterable<call.CallSnapshot>, id: string): { readonly snapshot: call.CallSnapshot; readonly handover: call.Handover } | undefined {
  for (const snapshot of snapshots) if (snapshot.handover?.id === id) return { snapshot, handover: snapshot.handover };
  return undefined;
}

const ringingOf = (snapshot: call.CallSnapshot): string | undefined => snapshot.legs.find((leg) => leg.role === 'handover' && leg.status !== 'gone')?.channelId;

/** How long a transfer or relocate just ordered is shown from its order, until its call's snapshot has it. */
const ORDERED_VISIBLE_MS = 2_000;

export function createHandoverControl(options: HandoverControlOptions): TransferControlPort {
  const newId = options.newId ?? randomUUID;
  const now = options.now ?? Date.now;
  // Ordered but maybe not yet in a stable snapshot: a GET right after the POST finds them.
  const ordered = new Map<string, { readonly atMs: number; readonly transfer?: TransferModel; readonly tenantUuid?: string | null; readonly relocate?: RelocateModel }>();
  const recentlyOrdered = () => {
    for (const [id, entry] of ordered) if (now() - entry.atMs > ORDERED_VISIBLE_MS || withHandover(options.snapshots(), id) !== undefined) ordered.delete(id);
    return [...ordered.values()];
  };
  const tell = (snapshot: call.CallSnapshot, message: call.CallMessage): void => options.system.send(actorAddress('call', snapshot.callId), message);
  const order = (id: string, kind: call.Handover['type'], type: 'call.handover_complete' | 'call.handover_cancel'): CallControlResult => {
    const found = withHandover(options.snapshots(), id);
    if (found === undefined || found.handover.type !== kind) return { type: 'not-found' };
    const { handover } = found;
    if (type === 'call.handover_cancel' && handover.leavingGone === true) return { type: 'invalid-state', message: `${kind} ${id} can no longer be cancelled: its initiator has left` };
    if (type === 'call.handover_complete') {
      if (handover.type === 'transfer' && handover.status === 'blind_transferred') return { type: 'invalid-state', message: `transfer ${id} is blind: it completes when its recipient answers` };
      if (handover.type === 'relocate' && handover.recipientChannelId === undefined) return { type: 'invalid-state', message: `relocate ${id} has not been answered yet` };
    }
    tell(found.snapshot, { type, id });
    return { type: 'done' };
  };
  const transfers = (): { transfer: TransferModel; tenantUuid: string | null }[] => [
    ...[...options.snapshots()].flatMap((snapshot) => (snapshot.handover?.type === 'transfer' ? [{ transfer: call.transferModel(snapshot.handover, ringingOf(snapshot)), tenantUuid: snapshot.handover.initiatorTenantUuid }] : [])),
    ...recentlyOrdered().flatMap((entry) => (entry.transfer === undefined ? [] : [{ transfer: entry.transfer, tenantUuid: entry.tenantUuid ?? null }])),
  ];
  const relocates = (): RelocateModel[] => [
    ...[...options.snapshots()].flatMap((snapshot) => (snapshot.handover?.type === 'relocate' ? [call.relocateModel(snapshot.handover, ringingOf(snapshot))] : [])),
    ...recentlyOrdered().flatMap((entry) => (entry.relocate === undefined ? [] : [entry.relocate])),
  ];

  /** The initiator's call and side, when the request's tenants (and user, for the users/me forms) may act on it. */
  const initiatorPlace = (channelId: string, tenantUuids: readonly string[], userUuid: string | undefined): { snapshot: call.CallSnapshot; party: call.Party; userUuid: string; tenantUuid: string } | HandoverRefusal => {
    const place = partyPlace(options.snapshots(), channelId);
    if ('type' in place) return place;
    const owner = call.userOfParty(place.snapshot, place.party);
    const tenantUuid = owner === null ? undefined : options.routePort.tenantOfUser(owner);
    if (owner === null || tenantUuid === undefined || !tenantUuids.includes(tenantUuid)) return { type: 'not-found', message: `no such call: ${channelId}` };
    if (userUuid !== undefined && userUuid !== owner) return { type: 'forbidden', message: `call ${channelId} is not a call of user ${userUuid}` };
    return { ...place, userUuid: owner, tenantUuid };
  };

  return {
    async createTransfer(request) {
      const place = initiatorPlace(request.initiatorCall, request.tenantUuids, request.userUuid);
      if ('type' in place) return place;
      const { snapshot, party, userUuid: initiatorUser, tenantUuid } = place;
      const peer = call.channelOfParty(snapshot, call.otherParty(party));
      if (peer === undefined || (request.transferredCall !== '' && request.transferredCall !== peer)) return { type: 'invalid', message: `call ${request.transferredCall} is not talking to ${request.initiatorCall}` };
      const context = request.context ?? (party === 'caller' ? snapshot.caller.context : snapshot.callee?.context ?? snapshot.caller.context);
      const routed = await options.routePort.route({ callId: snapshot.callId, dialed: request.exten, context, reason: 'transfer' });
      if (routed.type === 'refuse' && routed.cause.sipStatus === 404) return { type: 'invalid', message: `extension ${request.exten} does not exist in context ${context}` };
      const id = newId();
      const timeout = request.timeoutSeconds ?? undefined;
      tell(snapshot, {
        type: 'call.transfer', id, flow: request.flow, initiatorChannelId: request.initiatorCall, exten: request.exten, context,
        initiatorUuid: initiatorUser, initiatorTenantUuid: tenantUuid, ...(timeout === undefined ? {} : { timeoutSeconds: timeout }),
      });
      const transfer: TransferModel = {
        id, initiator_uuid: initiatorUser, initiator_tenant_uuid: tenantUuid, transferred_call: peer, initiator_call: request.initiatorCall,
        recipient_call: null, status: request.flow === 'blind' ? 'blind_transferred' : 'starting', flow: request.flow,
      };
      ordered.set(id, { atMs: now(), transfer, tenantUuid });
      return { type: 'created', transfer };
    },
    getTransfer: (id) => transfers().find((each) => each.transfer.id === id),
    transfersOfUser: (userUuid) => transfers().filter((each) => each.transfer.initiator_uuid === userUuid).map((each) => each.transfer),
    completeTransfer: (id) => order(id, 'transfer', 'call.handover_complete'),
    cancelTransfer: (id) => order(id, 'transfer', 'call.handover_cancel'),

    async createRelocate(request) {
      const place = initiatorPlace(request.initiatorCall, request.tenantUuids, request.userUuid);
      if ('type' in place) return place;
      const { snapshot, party } = place;
      if (request.destination.type !== 'line') return { type: 'invalid', message: `relocate destination ${request.destination.type} is not supported: relocate to one of the user's lines` };
      const source = await options.routePort.sourceLine(request.userUuid, request.destination.lineId);
      if (source === undefined) return { type: 'invalid', message: `user ${request.userUuid} has no line ${request.destination.lineId}` };
      // The device the call is on now is not rung again (another phone of the same line is).
      const current = party === 'callee' ? snapshot.legs.find((leg) => leg.channelId === request.initiatorCall)?.target.destination : undefined;
      const targets = source.contacts.filter((target) => current === undefined || target.destination.address !== current.address || target.destination.port !== current.port);
      if (targets.length === 0) return { type: 'invalid', message: `no other phone is registered on line ${request.destination.lineId}` };
      const { line } = source;
      const user: call.CalledUser = {
        userId: line.userId, userUuid: request.userUuid, name: line.name, number: line.number, context: line.context,
        ...(line.musicOnHold === undefined ? {} : { musicOnHold: line.musicOnHold }),
      };
      const id = newId();
      tell(snapshot, { type: 'call.relocate', id, initiatorChannelId: request.initiatorCall, user, targets, completions: request.completions, ringSeconds: request.timeoutSeconds });
      const peer = call.channelOfParty(snapshot, call.otherParty(party)) ?? '';
      const relocate: RelocateModel = { uuid: id, relocated_call: peer, initiator_call: request.initiatorCall, recipient_call: null, completions: request.completions, initiator: request.userUuid };
      ordered.set(id, { atMs: now(), relocate });
      return { type: 'created', relocate };
    },
    relocatesOfUser: (userUuid) => relocates().filter((each) => each.initiator === userUuid),
    getRelocate: (id) => relocates().find((each) => each.uuid === id),
    completeRelocate: (id) => order(id, 'relocate', 'call.handover_complete'),
    cancelRelocate: (id) => order(id, 'relocate', 'call.handover_cancel'),
  };
}
