/**
 * `calls.details`: the live view of the calls of the tenants the token sees, for the console's
 * "Calls". Each channel in the calld call model plus where it runs and how its audio goes:
 * `node_name`, `media_worker`, `codec`, `packet_loss_percent`, `duration_seconds` and `context`.
 *
 * @remarks
 * It reads what `calls.list` reads (`GET /calls`), so it requires the same ACL, `calld.calls.read`,
 * and keeps to the same tenants: another tenant's channel is never listed, even when named in
 * `call_ids`. The media facts are asked of the media pool once per request, for the visible
 * channels only, so a console refreshing every few seconds costs one round trip per media session.
 */
import { z } from 'zod';
import { controlCommand, type CommandRegistry, type ControlCaller } from '../ws/control-commands.ts';
import type { ActiveCall, CallControlPort } from './call-control-port.ts';
import type { CallDetailsPort, ChannelDetails } from './call-details-port.ts';

/** The most channels one request may name. */
export const MAX_DETAILED_CALLS = 5_000;

const callId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/);

const UNKNOWN: ChannelDetails = { mediaWorker: null, codec: null, packetLossPercent: null, context: null };

const visible = (call: ActiveCall, caller: ControlCaller): boolean => call.tenantUuid !== null && caller.visibleTenantUuids.includes(call.tenantUuid);

/** Whole seconds since the channel was created (calld's `creation_time`), never negative. */
export function durationSeconds(creationTime: string, nowMs: number): number {
  const created = Date.parse(creationTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(created) ? 0 : Math.max(0, Math.floor((nowMs - created) / 1000));
}

/** The calld model of a channel with its live details. */
function detailedModel(call: ActiveCall, details: ChannelDetails, nodeName: string, nowMs: number) {
  return {
    ...call.model,
    node_name: nodeName,
    media_worker: details.mediaWorker,
    codec: details.codec,
    packet_loss_percent: details.packetLossPercent,
    duration_seconds: durationSeconds(call.model.creation_time, nowMs),
    context: details.context,
  };
}

export function callDetailsCommands(calls: Pick<CallControlPort, 'listCalls'>, details: CallDetailsPort, now: () => number = Date.now): CommandRegistry {
  return {
    'calls.details': controlCommand({
      acl: 'calld.calls.read',
      args: z.strictObject({ call_ids: z.array(callId).min(1).max(MAX_DETAILED_CALLS).optional() }).optional(),
      summary: 'The calls of the tenants the token sees (or those of call_ids), each calld call model with node_name, media_worker, codec, packet_loss_percent, duration_seconds and context.',
      run: async (args, caller) => {
        const named = args?.call_ids === undefined ? undefined : new Set(args.call_ids);
        const shown = (await calls.listCalls()).filter((call) => visible(call, caller) && (named === undefined || named.has(call.model.call_id)));
        const found = await details.detailsOf(shown.map((call) => call.model.call_id));
        const nodeName = details.nodeName();
        const nowMs = now();
        const items = shown.map((call) => detailedModel(call, found.get(call.model.call_id) ?? UNKNOWN, nodeName, nowMs));
        return { type: 'ok', result: { total: items.length, node_name: nodeName, items } };
      },
    }),
  };
}
