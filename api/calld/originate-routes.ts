/**
 * Originate routes of calld (seed API-01): `POST /calls` for a tenant's administrators, with the
 * source user and the destination in a context, and `POST /users/me/calls` for the token's user,
 * with an extension dialed in the user's line's context. Bodies as the Wazo clients send them.
 * The answer is the originating channel (201), ringing the user's phone.
 *
 * @remarks
 * `from_mobile: true` (ring the user's mobile number) and `all_lines: true` (ring every line) are
 * refused with 400: the node rings one line. `destination.priority` is accepted and must be 1, the
 * only priority a parley extension has; `variables` are accepted and not used.
 */
import { z } from 'zod';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import type { JsonAnswer } from '../http/respond-json.ts';
import { listScope } from '../http/tenant-filter.ts';
import { zodMessages } from '../http/zod-messages.ts';
import type { CallControlPort, OriginateRequest } from './call-control-port.ts';

const Extension = z.string().min(1).max(80).regex(/^[0-9*#+A-Za-z_.-]+$/, 'an extension is digits, letters, * # + _ . -');
const LineId = z.number().int().positive();
const Variables = z.record(z.string(), z.string()).optional();

const NewCall = z.object({
  source: z.object({
    user: z.uuid(),
    line_id: LineId.optional(),
    all_lines: z.boolean().optional(),
    from_mobile: z.boolean().optional(),
  }),
  destination: z.object({
    context: z.string().min(1).max(79),
    extension: Extension,
    priority: z.literal(1).optional(),
  }),
  variables: Variables,
});

const NewUserCall = z.object({
  extension: Extension,
  line_id: LineId.optional(),
  all_lines: z.boolean().optional(),
  from_mobile: z.boolean().optional(),
  variables: Variables,
});

/** What the node cannot do of a request's options, if any. */
function unsupported(options: { readonly all_lines?: boolean | undefined; readonly from_mobile?: boolean | undefined }): string | undefined {
  if (options.from_mobile === true) return 'from_mobile is not supported: the node rings the user\'s line';
  if (options.all_lines === true) return 'all_lines is not supported: the node rings one line (line_id, or the first)';
  return undefined;
}

async function originate(port: CallControlPort, request: OriginateRequest): Promise<JsonAnswer> {
  const result = await port.originate(request);
  switch (result.type) {
    case 'originated':
      return { status: 201, body: result.call.model };
    case 'invalid':
      return apiError(400, result.message);
    case 'unavailable':
      return apiError(503, result.message);
  }
}

export function originateRoutes(port: CallControlPort): ApiRoute[] {
  return [
    {
      method: 'POST', path: '/calls',
      async handle(request: ApiRequest) {
        const parsed = NewCall.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const { source, destination } = parsed.data;
        const refused = unsupported(source);
        if (refused !== undefined) return apiError(400, refused);
        return originate(port, {
          userUuid: source.user.toLowerCase(), extension: destination.extension, context: destination.context, tenantUuids: listScope(request),
          ...(source.line_id === undefined ? {} : { lineId: source.line_id }),
        });
      },
    },
    {
      method: 'POST', path: '/users/me/calls',
      async handle(request: ApiRequest) {
        const parsed = NewUserCall.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const refused = unsupported(parsed.data);
        if (refused !== undefined) return apiError(400, refused);
        const userUuid = request.token?.userUuid;
        if (userUuid === undefined) return apiError(400, 'the token stands for no user');
        return originate(port, {
          userUuid, extension: parsed.data.extension, tenantUuids: request.token === undefined ? [] : [request.token.tenantUuid],
          ...(parsed.data.line_id === undefined ? {} : { lineId: parsed.data.line_id }),
        });
      },
    },
  ];
}
