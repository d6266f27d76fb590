/**
 * The route to a conference room (seed CF-17): a conference extension or destination becomes the
 * call's `conference` outcome with the room read from the store, after its PIN when it has one.
 *
 * @remarks
 * As the reference platform asks it: a room with a `pin` asks every caller for a PIN (a `challenge`
 * of kind `conference`, with ConfBridge's prompts); the PIN admits as a participant, the admin PIN
 * as an admin, anything else is asked again (the call counts the attempts). A room without a `pin`
 * admits every caller as a participant without asking, even when it has an admin PIN
 * (docs/decisions.md). The entry is compared in constant time, as a permission's password, and
 * neither PIN leaves this port. A room that is gone (deleted since the extension or destination
 * was read) refuses the call with 404. Call permissions do not apply to conference numbers
 * (seed L5932): nothing here consults them.
 */
import { channel, type call } from '../../actors/index.ts';
import { findConferenceForRouting, type ConferenceRow, type Queryable } from '../../store/index.ts';
import { passwordMatches } from './permission-route.ts';

/** The request that reached the room, as the call routes it again with the digits entered. */
export interface ConferenceRequest {
  readonly dialed: string;
  readonly context: string;
  readonly target?: call.RouteTarget;
  readonly password?: string;
}

/** Who the digits entered admit to a room: a participant, an admin, or nobody yet (ask). */
export type ConferenceAccess = 'participant' | 'admin' | 'ask';

/** The access the entry (absent before the PIN was asked) gives to a room with these PINs. */
export function conferenceAccess(pins: { readonly pin: string | null; readonly adminPin: string | null }, entered: string | undefined): ConferenceAccess {
  if (pins.pin === null) return 'participant';
  if (entered === undefined) return 'ask';
  // Both are compared, so the time taken does not tell which PIN (if any) the entry is.
  const participant = passwordMatches(entered, pins.pin);
  const admin = pins.adminPin !== null && passwordMatches(entered, pins.adminPin);
  // The PIN first, as the reference platform checks it: a room whose two PINs are the same admits participants.
  return participant ? 'participant' : admin ? 'admin' : 'ask';
}

/** The room as the call carries it: its settings, never its PINs. */
export function conferenceRoomOf(row: ConferenceRow): call.ConferenceRoom {
  return {
    conferenceId: row.id, tenantUuid: row.tenantUuid, name: row.name ?? '', maxUsers: row.maxUsers, record: row.record, quietJoin: row.quietJoin,
    announceOnlyUser: row.announceOnlyUser, announceUserCount: row.announceUserCount, announceJoinLeave: row.announceJoinLeave, musicOnHold: row.musicOnHold,
  };
}

/** The outcome of a call reaching room `conferenceId` through `request`. */
export async function conferenceOutcome(database: Queryable, conferenceId: number, request: ConferenceRequest): Promise<call.RouteOutcome> {
  const row = await findConferenceForRouting(database, conferenceId);
  if (row === undefined) return { type: 'refuse', cause: channel.causeFromSip(404, `conference ${conferenceId} not found`) };
  const access = conferenceAccess(row, request.password);
  if (access !== 'ask') return { type: 'conference', room: conferenceRoomOf(row), admin: access === 'admin' };
  const asked: call.ChallengedRoute = { dialed: request.dialed, context: request.context, ...(request.target === undefined ? {} : { target: request.target }) };
  return { type: 'challenge', kind: 'conference', tenantUuid: row.tenantUuid, request: asked };
}
