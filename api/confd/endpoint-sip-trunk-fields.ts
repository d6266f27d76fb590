/**
 * The fields of `/endpoints/sip` a trunk uses, in the seed's form (§1.6.13):
 * `{"username", "secret", "type": "peer"|"friend", "host": "dynamic"|<host>, "options": [[k, v], …]}`.
 * They sit beside the line fields (`name`, `auth_section_options`) of the same resource.
 */
import { z } from 'zod';
import type { EndpointSipRow, EndpointSipType } from '../../store/index.ts';

const HOST_PATTERN = /^(dynamic|[A-Za-z0-9][A-Za-z0-9.-]{0,252}(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?)$/;
const OptionName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'an option name is lower case letters, digits and _');
const OptionValue = z.string().max(256).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

export const TrunkEndpointFields = z.object({
  username: z.string().optional(),
  secret: z.string().optional(),
  type: z.enum(['peer', 'friend', 'user']).optional(),
  host: z.string().regex(HOST_PATTERN, 'must be dynamic, or a host with an optional :port').optional(),
  options: z.array(z.tuple([OptionName, OptionValue])).max(64).optional(),
});

/** The host, type and options of a parsed body, for the repository. */
export function trunkEndpointValues(body: z.infer<typeof TrunkEndpointFields>): {
  readonly host?: string;
  readonly type?: EndpointSipType;
  readonly options?: readonly (readonly [string, string])[];
} {
  return {
    ...(body.host === undefined ? {} : { host: body.host }),
    ...(body.type === undefined ? {} : { type: body.type }),
    ...(body.options === undefined ? {} : { options: body.options }),
  };
}

/** What the endpoint view shows of a trunk's fields. */
export function trunkEndpointView(endpoint: EndpointSipRow): Record<string, unknown> {
  return {
    username: endpoint.username,
    type: endpoint.type,
    host: endpoint.host,
    options: endpoint.options,
    endpoint_section_options: endpoint.options,
    trunk: endpoint.trunkId === null ? null : { id: endpoint.trunkId },
  };
}
