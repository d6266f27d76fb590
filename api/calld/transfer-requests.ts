/**
 * The bodies of calld's transfer and relocate requests (seed API-01; wazo-calld's transfers and
 * relocates plugins), shared by the REST routes and the control-API commands, and the users/me
 * transfer's search for the transferred call.
 *
 * @remarks
 * Fields, defaults and bounds are calld's: `flow` attended by default, `timeout` in whole seconds
 * (a transfer's may be null: the recipient's own ring time; a relocate's defaults to 30),
 * `completions` `["answer"]` by default. Whitespace inside `exten` is removed, as calld does.
 * REST bodies ignore unknown fields; the commands are built strict (unknown arguments refused).
 * `variables` (transfers) and `auto_answer` (relocates) are accepted and not used: see docs/decisions.md.
 */
import { z } from 'zod';
import type { CallControlPort, RelocateDestination, RelocateRequest, TransferResult } from './call-control-port.ts';

/** `z.object` for REST bodies, `z.strictObject` for command arguments. */
type ObjectMaker = typeof z.object | typeof z.strictObject;

const CallId = z.string().min(1).max(64);
const Exten = z.string().transform((exten) => exten.replace(/\s+/g, '')).pipe(
  z.string().min(1).max(80).regex(/^[0-9*#+A-Za-z_.-]+$/, 'an extension is digits, letters, * # + _ . -'),
);
const Flow = z.enum(['attended', 'blind']).default('attended');
const TransferTimeout = z.number().int().positive().nullable().default(null);
const Variables = z.record(z.string().min(1), z.string().min(1)).default({});

/** `POST /transfers`: which call goes where, from whose call. */
export function transferBody(object: ObjectMaker) {
  return object({
    transferred_call: CallId,
    initiator_call: CallId,
    context: z.string().min(1).max(79),
    exten: Exten,
    flow: Flow,
    variables: Variables,
    timeout: TransferTimeout,
  });
}

/** `POST /users/me/transfers`: the transferred call is the initiator's peer, the context the user's line's. */
export function userTransferBody(object: ObjectMaker) {
  return object({ initiator_call: CallId, exten: Exten, flow: Flow, timeout: TransferTimeout });
}

const Completions = z.array(z.enum(['answer', 'api'])).min(1).default(['answer']);

/** `POST /users/me/relocates`: `location` depends on `destination`. */
export function userRelocateBody(object: ObjectMaker) {
  const common = {
    initiator_call: CallId,
    completions: Completions,
    timeout: z.number().int().positive().default(30),
    auto_answer: z.boolean().default(false),
  };
  return z.discriminatedUnion('destination', [
    object({ ...common, destination: z.literal('line'), location: object({ line_id: z.number().int().positive(), contact: z.string().min(1).optional() }) }),
    object({ ...common, destination: z.literal('mobile'), location: object({}).optional() }),
    object({ ...common, destination: z.literal('interface'), location: object({ interface: z.string().min(1).max(255), contact: z.string().min(1).optional() }) }),
  ], { error: 'destination must be one of line, mobile, interface' });
}

/** A validated `POST /users/me/transfers` body, defaults applied. */
export type UserTransferBody = z.infer<ReturnType<typeof userTransferBody>>;
/** A validated `POST /users/me/relocates` body, defaults applied. */
export type UserRelocateBody = z.infer<ReturnType<typeof userRelocateBody>>;

/** A relocate body as the port's request. */
export function relocateRequest(body: UserRelocateBody, userUuid: string, tenantUuids: readonly string[]): RelocateRequest {
  return { userUuid, initiatorCall: body.initiator_call, destination: destinationOf(body), completions: body.completions, timeoutSeconds: body.timeout, tenantUuids };
}

function destinationOf(body: UserRelocateBody): RelocateDestination {
  switch (body.destination) {
    case 'line':
      return { type: 'line', lineId: body.location.line_id };
    case 'mobile':
      return { type: 'mobile' };
    case 'interface':
      return { type: 'interface', interface: body.location.interface, ...(body.location.contact === undefined ? {} : { contact: body.location.contact }) };
  }
}

/**
 * Starts a transfer of the user's call: the initiator call must be the user's (else forbidden),
 * and the transferred call is the one it talks to (none: invalid; several: conflict, as calld's
 * too-many-transferred-candidates). The port dials `exten` in the user's line context.
 */
export async function startUserTransfer(port: CallControlPort, body: UserTransferBody, userUuid: string, tenantUuids: readonly string[]): Promise<TransferResult> {
  const initiator = await port.getCall(body.initiator_call);
  if (initiator === undefined) return { type: 'not-found', message: `initiator call not found: ${body.initiator_call}` };
  if (initiator.model.user_uuid !== userUuid) return { type: 'forbidden', message: `call ${body.initiator_call} is not a call of user ${userUuid}` };
  const peers = Object.keys(initiator.model.talking_to);
  const [transferredCall] = peers;
  if (transferredCall === undefined) return { type: 'invalid', message: `transferred call not found: call ${body.initiator_call} talks to no one` };
  if (peers.length > 1) return { type: 'conflict', message: `too many transferred candidates: ${peers.join(', ')}` };
  return port.createTransfer({
    transferredCall, initiatorCall: body.initiator_call, exten: body.exten, flow: body.flow, timeoutSeconds: body.timeout, tenantUuids, userUuid,
  });
}
