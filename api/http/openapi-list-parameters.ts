/**
 * Adds the query parameters of list routes to an OpenAPI document built by `openApiDocument`: the
 * seed's list parameters (limit, offset, order, direction, search), `recurse`, and a service's own
 * filters, plus the `Wazo-Tenant` header every authenticated route takes.
 */

export interface QueryParameter {
  readonly name: string;
  readonly description: string;
  readonly schema: Readonly<Record<string, unknown>>;
}

export const LIST_PARAMETERS: readonly QueryParameter[] = [
  { name: 'limit', description: 'Page size', schema: { type: 'integer', minimum: 0 } },
  { name: 'offset', description: 'Rows skipped before the page', schema: { type: 'integer', minimum: 0, default: 0 } },
  { name: 'order', description: 'The column sorted by', schema: { type: 'string' } },
  { name: 'direction', description: 'Sort direction', schema: { type: 'string', enum: ['asc', 'desc'] } },
  { name: 'search', description: 'Case-insensitive substring searched in the resource', schema: { type: 'string', maxLength: 256 } },
  { name: 'recurse', description: 'Also list the tenants below the one acted in', schema: { type: 'boolean', default: false } },
];

const TENANT_HEADER = { name: 'Wazo-Tenant', in: 'header', required: false, description: 'The tenant the request acts in', schema: { type: 'string', format: 'uuid' } };

interface Document {
  readonly paths: Record<string, Record<string, { parameters?: unknown[]; description?: string }>>;
}

/**
 * Returns the document with `parameters` added to the GET operations of `lists` (OpenAPI paths,
 * `{name}` style), and the tenant header to every authenticated operation.
 */
export function withListParameters(document: unknown, lists: Readonly<Record<string, readonly QueryParameter[]>>): unknown {
  const { paths } = document as Document;
  for (const [path, operations] of Object.entries(paths)) {
    for (const operation of Object.values(operations)) {
      if (operation.description !== undefined) operation.parameters = [...(operation.parameters ?? []), TENANT_HEADER];
    }
    const extra = lists[path];
    const get = operations['get'];
    if (extra !== undefined && get !== undefined) get.parameters = [...(get.parameters ?? []), ...extra.map((parameter) => ({ ...parameter, in: 'query', required: false }))];
  }
  return document;
}
