/**
 * The confd OpenAPI document's details beyond the route list: the list parameters of each
 * collection and the `type` filter of extensions.
 */
import { LIST_PARAMETERS, withListParameters } from '../http/openapi-list-parameters.ts';

export function confdOpenApiDetails(document: unknown): unknown {
  return withListParameters(document, {
    '/users': LIST_PARAMETERS,
    '/lines': LIST_PARAMETERS,
    '/endpoints/sip': LIST_PARAMETERS,
    '/extensions': [...LIST_PARAMETERS, { name: 'type', description: 'Keep the extensions of one type', schema: { type: 'string' } }],
    '/contexts': LIST_PARAMETERS,
  });
}
