/**
 * The transfer and relocate verbs of calld as commands of the control WebSocket, each mirroring
 * its REST route with the same ACL (`transfers.complete` needs
 * `calld.transfers.{transfer_id}.complete.update` like `PUT /transfers/{id}/complete`). The
 * `transfers.*` commands act on transfers of the tenants the token sees; the `me.*` forms on the
 * token user's own, with the ACLs a softphone's token holds (`calld.users.me.#`). Outcomes are
 * values: `not_found`, `invalid`, `invalid_state`, `unsupported`, `conflict` (a transfer or relocate
 * already started from the call, or too many candidate calls), `forbidden` (another user's call or
 * transfer). Another user's relocate is `not_found`, as on REST.
 */
import { z } from 'zod';
import { controlCommand, type CommandOutcome, type CommandRegistry, type ControlCaller } from '../ws/control-commands.ts';
import type { CallControlPort, CallControlResult, RelocateResult, TransferModel, TransferResult } from './call-control-port.ts';
import { relocateRequest, startUserTransfer, transferBody, userRelocateBody, userTransferBody } from './transfer-requests.ts';

const handoverId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/);
const byTransfer = z.strictObject({ transfer_id: handoverId });
const byRelocate = z.strictObject({ relocate_uuid: handoverId });
const noArguments = z.strictObject({}).optional();

const ok = (result: unknown): CommandOutcome => ({ type: 'ok', result });
const failure = (code: string, message: string): CommandOutcome => ({ type: 'error', error: { code, message } });

/** What creating a transfer or a relocate did, as an outcome. */
function createdOutcome(result: TransferResult | RelocateResult): CommandOutcome {
  switch (result.type) {
    case 'created':
      return ok('transfer' in result ? result.transfer : result.relocate);
    case 'not-found':
      return failure('not_found', result.message);
    case 'invalid':
    case 'conflict':
    case 'forbidden':
      return failure(result.type, result.message);
  }
}

function verbOutcome(result: CallControlResult, what: 'transfer' | 'relocate'): CommandOutcome {
  switch (result.type) {
    case 'done':
      return ok({ done: true });
    case 'not-found':
      return failure('not_found', `no such ${what}`);
    case 'invalid-state':
      return failure('invalid_state', result.message);
    case 'unsupported':
      return failure('unsupported', result.message);
  }
}

/** The transfer and relocate commands, merged into the calld registry by calldCommands. */
export function transferCommands(port: CallControlPort): CommandRegistry {
  return { ...tenantTransferCommands(port), ...ownTransferCommands(port), ...ownRelocateCommands(port) };
}

/** The transfer if its initiator's tenant is one the caller sees. */
function visibleTransfer(port: CallControlPort, transferId: string, caller: ControlCaller): TransferModel | undefined {
  const found = port.getTransfer(transferId);
  return found !== undefined && found.tenantUuid !== null && caller.visibleTenantUuids.includes(found.tenantUuid) ? found.transfer : undefined;
}

function tenantTransferCommands(port: CallControlPort): CommandRegistry {
  const onVisible = (transferId: string, caller: ControlCaller, verb: () => CallControlResult): CommandOutcome =>
    visibleTransfer(port, transferId, caller) === undefined ? failure('not_found', 'no such transfer') : verbOutcome(verb(), 'transfer');
  return {
    'transfers.create': controlCommand({
      acl: 'calld.transfers.create',
      args: transferBody(z.strictObject),
      summary: 'Starts a transfer of transferred_call (the peer of initiator_call) to exten in context, attended or blind; the transfer model.',
      run: async (args, caller) => createdOutcome(await port.createTransfer({
        transferredCall: args.transferred_call, initiatorCall: args.initiator_call, context: args.context, exten: args.exten,
        flow: args.flow, timeoutSeconds: args.timeout, tenantUuids: caller.visibleTenantUuids,
      })),
    }),
    'transfers.get': controlCommand({
      acl: (args) => `calld.transfers.${args.transfer_id}.read`,
      args: byTransfer,
      summary: 'One transfer in progress, in the calld transfer model.',
      run: (args, caller) => {
        const transfer = visibleTransfer(port, args.transfer_id, caller);
        return transfer === undefined ? failure('not_found', 'no such transfer') : ok(transfer);
      },
    }),
    'transfers.complete': controlCommand({
      acl: (args) => `calld.transfers.${args.transfer_id}.complete.update`,
      args: byTransfer,
      summary: 'Completes an attended transfer: the transferred call talks to the recipient, the initiator is hung up.',
      run: (args, caller) => onVisible(args.transfer_id, caller, () => port.completeTransfer(args.transfer_id)),
    }),
    'transfers.cancel': controlCommand({
      acl: (args) => `calld.transfers.${args.transfer_id}.delete`,
      args: byTransfer,
      summary: 'Cancels a transfer: the recipient is hung up, the transferred call goes back to the initiator.',
      run: (args, caller) => onVisible(args.transfer_id, caller, () => port.cancelTransfer(args.transfer_id)),
    }),
  };
}

/** The `/users/me/transfers` forms: transfers the token's user initiated. */
function ownTransferCommands(port: CallControlPort): CommandRegistry {
  const onOwn = (transferId: string, caller: ControlCaller, verb: () => CallControlResult): CommandOutcome => {
    const transfer = visibleTransfer(port, transferId, caller);
    if (transfer === undefined) return failure('not_found', 'no such transfer');
    if (caller.userUuid === undefined || transfer.initiator_uuid !== caller.userUuid) return failure('forbidden', 'the transfer is another user\'s');
    return verbOutcome(verb(), 'transfer');
  };
  return {
    'me.transfers.create': controlCommand({
      acl: 'calld.users.me.transfers.create',
      args: userTransferBody(z.strictObject),
      summary: "Transfers the peer of one of the token user's calls to exten in the user's line context; the transfer model.",
      run: async (args, caller) => {
        if (caller.userUuid === undefined) return failure('invalid', 'the token stands for no user');
        return createdOutcome(await startUserTransfer(port, args, caller.userUuid, [caller.tenantUuid]));
      },
    }),
    'me.transfers.list': controlCommand({
      acl: 'calld.users.me.transfers.read',
      args: noArguments,
      summary: "The transfers the token's user initiated: {items}.",
      run: (_args, caller) => ok({ items: caller.userUuid === undefined ? [] : port.transfersOfUser(caller.userUuid) }),
    }),
    'me.transfers.complete': controlCommand({
      acl: (args) => `calld.users.me.transfers.${args.transfer_id}.complete.update`,
      args: byTransfer,
      summary: "Completes one of the token user's attended transfers.",
      run: (args, caller) => onOwn(args.transfer_id, caller, () => port.completeTransfer(args.transfer_id)),
    }),
    'me.transfers.cancel': controlCommand({
      acl: (args) => `calld.users.me.transfers.${args.transfer_id}.delete`,
      args: byTransfer,
      summary: "Cancels one of the token user's transfers.",
      run: (args, caller) => onOwn(args.transfer_id, caller, () => port.cancelTransfer(args.transfer_id)),
    }),
  };
}

/** The `/users/me/relocates` forms; another user's relocate is not found, as calld answers. */
function ownRelocateCommands(port: CallControlPort): CommandRegistry {
  const ownRelocate = (relocateUuid: string, caller: ControlCaller) => {
    const found = port.getRelocate(relocateUuid);
    return found !== undefined && caller.userUuid !== undefined && found.initiator === caller.userUuid ? found : undefined;
  };
  const onOwn = (relocateUuid: string, caller: ControlCaller, verb: () => CallControlResult): CommandOutcome =>
    ownRelocate(relocateUuid, caller) === undefined ? failure('not_found', 'no such relocate') : verbOutcome(verb(), 'relocate');
  return {
    'me.relocates.create': controlCommand({
      acl: 'calld.users.me.relocates.create',
      args: userRelocateBody(z.strictObject),
      summary: "Moves the token user's side of a call to another of their devices (line, mobile, interface); the relocate model.",
      run: async (args, caller) => {
        if (caller.userUuid === undefined) return failure('invalid', 'the token stands for no user');
        return createdOutcome(await port.createRelocate(relocateRequest(args, caller.userUuid, [caller.tenantUuid])));
      },
    }),
    'me.relocates.list': controlCommand({
      acl: 'calld.users.me.relocates.read',
      args: noArguments,
      summary: "The token user's relocates in progress: {items}.",
      run: (_args, caller) => ok({ items: caller.userUuid === undefined ? [] : port.relocatesOfUser(caller.userUuid) }),
    }),
    'me.relocates.get': controlCommand({
      acl: (args) => `calld.users.me.relocates.${args.relocate_uuid}.read`,
      args: byRelocate,
      summary: "One of the token user's relocates.",
      run: (args, caller) => {
        const relocate = ownRelocate(args.relocate_uuid, caller);
        return relocate === undefined ? failure('not_found', 'no such relocate') : ok(relocate);
      },
    }),
    'me.relocates.complete': controlCommand({
      acl: (args) => `calld.users.me.relocates.${args.relocate_uuid}.complete.update`,
      args: byRelocate,
      summary: "Completes one of the token user's relocates waiting for the API (completion 'api').",
      run: (args, caller) => onOwn(args.relocate_uuid, caller, () => port.completeRelocate(args.relocate_uuid)),
    }),
    'me.relocates.cancel': controlCommand({
      acl: (args) => `calld.users.me.relocates.${args.relocate_uuid}.cancel.update`,
      args: byRelocate,
      summary: "Cancels one of the token user's relocates.",
      run: (args, caller) => onOwn(args.relocate_uuid, caller, () => port.cancelRelocate(args.relocate_uuid)),
    }),
  };
}
