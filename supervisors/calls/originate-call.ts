/**
 * Originates a call for a user (calld's `POST /calls`, `POST /users/me/calls`): the user's line is
 * rung first at its registered phone, and once it answers the extension is dialed in the given
 * context (the line's by default), as the seed's originate does.
 *
 * @remarks
 * The call is an ordinary call actor whose caller channel is an outbound leg
 * (`call.newOriginatedCall`); the node offers both media legs. A user of another tenant is unknown.
 * The line's first registered contact is rung (a user with several phones on one line gets the
 * most recent registration first in the registrar's order).
 */
import { call } from '../../actors/index.ts';
import type { OriginateRequest, OriginateResult } from '../../api/index.ts';
import { findUserTenants, type Database } from '../../store/index.ts';
import type { MediaPort } from './media-port.ts';
import type { RoutePort } from './route-port.ts';

export interface OriginateOptions {
  readonly database: Database;
  readonly routePort: Pick<RoutePort, 'sourceLine'>;
  readonly mediaPort: Pick<MediaPort, 'openOriginate'>;
  readonly newUniqueId: () => string;
  /** Registers the call for its user and starts its actor; false when it could not start. */
  readonly start: (data: call.CallSnapshot, userId: number) => Promise<boolean>;
}

export function originateCall(options: OriginateOptions): (request: OriginateRequest) => Promise<OriginateResult> {
  return async (request) => {
    const tenant = (await findUserTenants(options.database, [request.userUuid])).get(request.userUuid);
    if (tenant === undefined || !request.tenantUuids.includes(tenant)) return { type: 'invalid', message: `no such user: ${request.userUuid}` };
    const source = await options.routePort.sourceLine(request.userUuid, request.lineId);
    if (source === undefined) return { type: 'invalid', message: request.lineId === undefined ? `user ${request.userUuid} has no line` : `user ${request.userUuid} has no line ${request.lineId}` };
    const target = source.contacts[0];
    if (target === undefined) return { type: 'invalid', message: `no phone of user ${request.userUuid} is registered on line ${source.line.lineId}` };
    const callId = options.newUniqueId();
    const media = await options.mediaPort.openOriginate(callId);
    if (media.type === 'rejected') return { type: 'unavailable', message: media.reason };
    const { line } = source;
    const caller: call.CallerParty = {
      channelId: callId, name: line.name, number: line.number, context: request.context ?? line.context,
      ...(line.userUuid === undefined ? {} : { userUuid: line.userUuid }),
      lineId: Number(line.lineId),
      ...(line.musicOnHold === undefined ? {} : { musicOnHold: line.musicOnHold }),
    };
    const data = call.newOriginatedCall(callId, caller, target, request.extension, { callerAnswerSdp: media.callerAnswerSdp, calleeOfferSdp: media.calleeOfferSdp }, Date.now());
    if (!(await options.start(data, line.userId))) return { type: 'unavailable', message: 'the call could not be started' };
    return { type: 'originated', call: { model: call.callerChannelModel(data), tenantUuid: tenant } };
  };
}
