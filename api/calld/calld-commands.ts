/**
 * The calld verbs as commands of the control WebSocket: each mirrors its REST route and requires
 * the same ACL (`calls.hangup` needs `calld.calls.{call_id}.delete` like `DELETE /calls/{id}`),
 * acts only on calls of the tenants the token sees, and answers the same outcomes as values:
 * `not_found`, `invalid_state`, `unsupported`, `invalid`, `unavailable`. The `me.calls.*` forms
 * mirror `/users/me/calls/...`: a user's own channels, with the ACLs a softphone's token holds
 * (`calld.users.me.#`); another user's channel is `forbidden`, as the REST form answers 403.
 * The transfer and relocate commands (`transfers.*`, `me.transfers.*`, `me.relocates.*`) join
 * from transfer-commands.ts.
 */
import { z } from 'zod';
import { controlCommand, type CommandOutcome, type CommandRegistry, type ControlCaller } from '../ws/control-commands.ts';
import type { ActiveCall, CallControlPort, CallControlResult } from './call-control-port.ts';
import { transferCommands } from './transfer-commands.ts';

const callId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/);
const byCall = z.object({ call_id: callId }).strict();
const toggle = z.object({ call_id: callId, on: z.boolean() }).strict();

const ok = (result: unknown): CommandOutcome => ({ type: 'ok', result });
const failure = (code: string, message: string): CommandOutcome => ({ type: 'error', error: { code, message } });

function outcome(result: CallControlResult): CommandOutcome {
  switch (result.type) {
    case 'done':
      return ok({ done: true });
    case 'not-found':
      return failure('not_found', 'no such call');
    case 'invalid-state':
      return failure('invalid_state', result.message);
    case 'unsupported':
      return failure('unsupported', result.message);
  }
}

const visible = (call: ActiveCall | undefined, caller: ControlCaller): call is ActiveCall =>
  call !== undefined && call.tenantUuid !== null && caller.visibleTenantUuids.includes(call.tenantUuid);

export function calldCommands(port: CallControlPort): CommandRegistry {
  return { ...tenantCommands(port), ...ownCommands(port), ...transferCommands(port) };
}

function tenantCommands(port: CallControlPort): CommandRegistry {
  /** Runs a verb on a call of the caller's tenants; another tenant's call is not found. */
  const onVisibleCall = async (id: string, caller: ControlCaller, verb: () => CallControlResult | Promise<CallControlResult>): Promise<CommandOutcome> =>
    visible(await port.getCall(id), caller) ? outcome(await verb()) : failure('not_found', 'no such call');
  return {
    'calls.list': controlCommand({
      acl: 'calld.calls.read',
      args: z.object({ user_uuid: z.uuid().optional() }).strict().optional(),
      summary: 'The calls of the tenants the token sees, in the calld call model (optionally one user\'s).',
      run: async (args, caller) => {
        const calls = (await port.listCalls()).filter((call) => visible(call, caller) && (args?.user_uuid === undefined || call.model.user_uuid === args.user_uuid));
        return ok({ total: calls.length, items: calls.map((call) => call.model) });
      },
    }),
    'calls.get': controlCommand({
      acl: (args) => `calld.calls.${args.call_id}.read`,
      args: byCall,
      summary: 'One call, in the calld call model.',
      run: async (args, caller) => {
        const call = await port.getCall(args.call_id);
        return visible(call, caller) ? ok(call.model) : failure('not_found', 'no such call');
      },
    }),
    'calls.originate': controlCommand({
      acl: (args, caller) => (args.user_uuid === undefined || args.user_uuid === caller.userUuid ? 'calld.users.me.calls.create' : 'calld.calls.create'),
      args: z.object({ user_uuid: z.uuid().optional(), extension: z.string().regex(/^[0-9*#+]{1,40}$/), line_id: z.number().int().positive().optional(), context: z.string().regex(/^[A-Za-z0-9_-]{1,79}$/).optional() }).strict(),
      summary: "Rings the user's line (the token's user when none is named), then calls the extension.",
      run: async (args, caller) => {
        const userUuid = args.user_uuid ?? caller.userUuid;
        if (userUuid === undefined) return failure('invalid', 'the token stands for no user: name user_uuid');
        const result = await port.originate({
          userUuid, extension: args.extension, tenantUuids: caller.visibleTenantUuids,
          ...(args.line_id === undefined ? {} : { lineId: args.line_id }), ...(args.context === undefined ? {} : { context: args.context }),
        });
        return result.type === 'originated' ? ok(result.call.model) : failure(result.type, result.message);
      },
    }),
    'calls.hangup': controlCommand({
      acl: (args) => `calld.calls.${args.call_id}.delete`,
      args: byCall,
      summary: 'Hangs the call up (BYE, or CANCEL while it rings).',
      run: (args, caller) => onVisibleCall(args.call_id, caller, () => port.hangUp(args.call_id)),
    }),
    'calls.answer': controlCommand({
      acl: (args) => `calld.calls.${args.call_id}.answer.update`,
      args: byCall,
      summary: 'Asks the phone of a ringing call to pick up (SIP NOTIFY Event: talk); unsupported when the phone refuses.',
      run: (args, caller) => onVisibleCall(args.call_id, caller, () => port.answer(args.call_id)),
    }),
    'calls.hold': controlCommand({
      acl: (args) => `calld.calls.${args.call_id}.hold.${args.on ? 'start' : 'stop'}.update`,
      args: toggle,
      summary: 'Holds the call from this channel\'s side (the peer hears music on hold), or resumes it.',
      run: (args, caller) => onVisibleCall(args.call_id, caller, () => port.hold(args.call_id, args.on)),
    }),
    'calls.mute': controlCommand({
      acl: (args) => `calld.calls.${args.call_id}.mute.${args.on ? 'start' : 'stop'}.update`,
      args: toggle,
      summary: 'Mutes the channel (its audio no longer reaches the peer), or unmutes it.',
      run: (args, caller) => onVisibleCall(args.call_id, caller, () => port.mute(args.call_id, args.on)),
    }),
    'calls.dtmf': controlCommand({
      acl: (args) => `calld.calls.${args.call_id}.dtmf.update`,
      args: z.object({ call_id: callId, digits: z.string().regex(/^[0-9*#A-Da-d]{1,64}$/) }).strict(),
      summary: 'Sends the digits to the channel\'s peer as RFC 4733 telephone events.',
      run: (args, caller) => onVisibleCall(args.call_id, caller, () => port.sendDtmf(args.call_id, args.digits)),
    }),
  };
}

/** The `/users/me/calls` forms: the token's own channels only. */
function ownCommands(port: CallControlPort): CommandRegistry {
  const mine = (call: ActiveCall | undefined, caller: ControlCaller): 'mine' | 'other' | 'none' => {
    if (!visible(call, caller)) return 'none';
    return caller.userUuid !== undefined && call.model.user_uuid === caller.userUuid ? 'mine' : 'other';
  };
  const onOwnCall = async (id: string, caller: ControlCaller, verb: () => CallControlResult | Promise<CallControlResult>): Promise<CommandOutcome> => {
    const owner = mine(await port.getCall(id), caller);
    if (owner === 'none') return failure('not_found', 'no such call');
    if (owner === 'other') return failure('forbidden', 'the call is another user\'s');
    return outcome(await verb());
  };
  return {
    'me.calls.list': controlCommand({
      acl: 'calld.users.me.calls.read',
      args: z.object({}).strict().optional(),
      summary: "The token user's own calls, in the calld call model.",
      run: async (_args, caller) => {
        const calls = (await port.listCalls()).filter((call) => mine(call, caller) === 'mine');
        return ok({ total: calls.length, items: calls.map((call) => call.model) });
      },
    }),
    'me.calls.hangup': controlCommand({
      acl: (args) => `calld.users.me.calls.${args.call_id}.delete`,
      args: byCall,
      summary: "Hangs up one of the token user's own calls.",
      run: (args, caller) => onOwnCall(args.call_id, caller, () => port.hangUp(args.call_id)),
    }),
    'me.calls.answer': controlCommand({
      acl: (args) => `calld.users.me.calls.${args.call_id}.answer.update`,
      args: byCall,
      summary: "Asks the token user's ringing phone to pick up one of their calls (SIP NOTIFY Event: talk).",
      run: (args, caller) => onOwnCall(args.call_id, caller, () => port.answer(args.call_id)),
    }),
    'me.calls.hold': controlCommand({
      acl: (args) => `calld.users.me.calls.${args.call_id}.hold.${args.on ? 'start' : 'stop'}.update`,
      args: toggle,
      summary: "Holds or resumes one of the token user's own calls.",
      run: (args, caller) => onOwnCall(args.call_id, caller, () => port.hold(args.call_id, args.on)),
    }),
    'me.calls.mute': controlCommand({
      acl: (args) => `calld.users.me.calls.${args.call_id}.mute.${args.on ? 'start' : 'stop'}.update`,
      args: toggle,
      summary: "Mutes or unmutes one of the token user's own calls.",
      run: (args, caller) => onOwnCall(args.call_id, caller, () => port.mute(args.call_id, args.on)),
    }),
    'me.calls.dtmf': controlCommand({
      acl: (args) => `calld.users.me.calls.${args.call_id}.dtmf.update`,
      args: z.object({ call_id: callId, digits: z.string().regex(/^[0-9*#A-Da-d]{1,64}$/) }).strict(),
      summary: "Sends digits on one of the token user's own calls.",
      run: (args, caller) => onOwnCall(args.call_id, caller, () => port.sendDtmf(args.call_id, args.digits)),
    }),
  };
}
