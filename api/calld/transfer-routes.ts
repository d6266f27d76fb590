/**
 * The transfer routes of calld under `/api/calld/1.0` (seed API-01; wazo-calld's transfers
 * plugin): `/transfers` for a tenant's administrators, `/users/me/transfers` for the token's
 * user. The ACLs are derived from the path (`calld.transfers.create`,
 * `calld.transfers.{transfer_id}.complete.update`, `calld.users.me.transfers.read` …).
 *
 * @remarks
 * A transfer is seen in the tenant of its initiator, as calls are: in the tenant the request acts
 * in (all it may see with `recurse=true`); another tenant's transfer is a 404. On
 * `/users/me/transfers/{transfer_id}` another user's transfer is a 403 (calld's
 * UserPermissionDenied). The answers follow calld's: a call that cannot be found when creating is
 * a 400 (its transfer-creation-error), a transfer already started from the initiator call a 409, a
 * completion or cancellation the transfer's state does not allow a 400 (see docs/decisions.md).
 */
import { z } from 'zod';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import type { JsonAnswer } from '../http/respond-json.ts';
import { listScope, objectScope } from '../http/tenant-filter.ts';
import { zodMessages } from '../http/zod-messages.ts';
import type { CallControlPort, CallControlResult, HandoverRefusal, TransferModel, TransferResult } from './call-control-port.ts';
import { startUserTransfer, transferBody, userTransferBody } from './transfer-requests.ts';

const TransferBody = transferBody(z.object);
const UserTransferBody = userTransferBody(z.object);

/** Why a transfer or relocate was not started, as calld answers it (D-052). */
export function handoverRefusalAnswer(refusal: HandoverRefusal): JsonAnswer {
  switch (refusal.type) {
    case 'not-found':
    case 'invalid':
      return apiError(400, refusal.message);
    case 'conflict':
      return apiError(409, refusal.message);
    case 'forbidden':
      return apiError(403, refusal.message);
  }
}

/** What creating a transfer did, as an answer: 201 with the transfer. */
export function transferCreatedAnswer(result: TransferResult): JsonAnswer {
  return result.type === 'created' ? { status: 201, body: result.transfer } : handoverRefusalAnswer(result);
}

/** A completion's or cancellation's outcome as an answer: 204 when done. */
export function handoverVerbAnswer(result: CallControlResult, what: string): JsonAnswer {
  switch (result.type) {
    case 'done':
      return { status: 204, body: undefined };
    case 'not-found':
      return apiError(404, `no such ${what}`);
    case 'invalid-state':
    case 'unsupported':
      return apiError(400, result.message);
  }
}

const transferIdOf = (request: ApiRequest): string => request.params['transfer_id'] ?? '';
const noSuchTransfer = (request: ApiRequest): JsonAnswer => apiError(404, `no such transfer: ${transferIdOf(request)}`);

/** The transfer if its initiator's tenant is among `tenants`. */
function transferIn(port: CallControlPort, transferId: string, tenants: readonly string[]): TransferModel | undefined {
  const found = port.getTransfer(transferId);
  if (found === undefined || found.tenantUuid === null || !tenants.includes(found.tenantUuid)) return undefined;
  return found.transfer;
}

type Verb = (transferId: string) => CallControlResult;

/** A verb on `/transfers/{transfer_id}…`, for a transfer of the request's tenants. */
function tenantVerb(port: CallControlPort, method: 'PUT' | 'DELETE', path: string, verb: Verb): ApiRoute {
  return {
    method, path,
    handle(request) {
      const transfer = transferIn(port, transferIdOf(request), listScope(request));
      return transfer === undefined ? noSuchTransfer(request) : handoverVerbAnswer(verb(transfer.id), `transfer: ${transfer.id}`);
    },
  };
}

/** The same verb on `/users/me/transfers/{transfer_id}…`, for a transfer the token's user initiated. */
function userVerb(port: CallControlPort, method: 'PUT' | 'DELETE', path: string, verb: Verb): ApiRoute {
  return {
    method, path,
    handle(request) {
      const transfer = transferIn(port, transferIdOf(request), objectScope(request));
      if (transfer === undefined) return noSuchTransfer(request);
      const userUuid = request.token?.userUuid;
      if (userUuid === undefined || transfer.initiator_uuid !== userUuid) return apiError(403, `transfer ${transfer.id} is not a transfer of user ${userUuid ?? '(none)'}`);
      return handoverVerbAnswer(verb(transfer.id), `transfer: ${transfer.id}`);
    },
  };
}

/** The routes of `/transfers` and `/users/me/transfers`. */
export function transferRoutes(port: CallControlPort): ApiRoute[] {
  const verbs: readonly [method: 'PUT' | 'DELETE', suffix: string, verb: Verb][] = [
    ['DELETE', '', (transferId) => port.cancelTransfer(transferId)],
    ['PUT', '/complete', (transferId) => port.completeTransfer(transferId)],
  ];
  return [
    {
      method: 'POST', path: '/transfers',
      async handle(request) {
        const parsed = TransferBody.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const body = parsed.data;
        return transferCreatedAnswer(await port.createTransfer({
          transferredCall: body.transferred_call, initiatorCall: body.initiator_call, context: body.context, exten: body.exten,
          flow: body.flow, timeoutSeconds: body.timeout, tenantUuids: listScope(request),
        }));
      },
    },
    {
      method: 'GET', path: '/transfers/:transfer_id',
      handle(request) {
        const transfer = transferIn(port, transferIdOf(request), listScope(request));
        return transfer === undefined ? noSuchTransfer(request) : { status: 200, body: transfer };
      },
    },
    {
      method: 'GET', path: '/users/me/transfers',
      handle(request) {
        const userUuid = request.token?.userUuid;
        return { status: 200, body: { items: userUuid === undefined ? [] : port.transfersOfUser(userUuid) } };
      },
    },
    {
      method: 'POST', path: '/users/me/transfers',
      async handle(request) {
        const parsed = UserTransferBody.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const userUuid = request.token?.userUuid;
        if (userUuid === undefined || request.token === undefined) return apiError(400, 'the token stands for no user');
        return transferCreatedAnswer(await startUserTransfer(port, parsed.data, userUuid, [request.token.tenantUuid]));
      },
    },
    ...verbs.map(([method, suffix, verb]) => tenantVerb(port, method, `/transfers/:transfer_id${suffix}`, verb)),
    ...verbs.map(([method, suffix, verb]) => userVerb(port, method, `/users/me/transfers/:transfer_id${suffix}`, verb)),
  ];
}
