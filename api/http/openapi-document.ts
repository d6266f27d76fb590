/**
 * An OpenAPI 3 document listing a service's routes: each path with its parameters, methods,
 * the ACL each requires and the seed's common answers. Built from the route list itself, so the
 * document cannot forget a route; services may add schemas to it.
 */
import type { ApiRoute } from './api-route.ts';

export interface OpenApiOptions {
  readonly title: string;
  readonly version: string;
  readonly prefix: string;
  readonly service: string;
  readonly routes: readonly ApiRoute[];
  /** Summaries by `METHOD /path`. */
  readonly summaries?: Readonly<Record<string, string>>;
}

const ERROR_LIST = { type: 'array', items: { type: 'string' } };
const COMMON_ANSWERS = {
  '400': { description: 'Invalid request: the JSON list of every problem', content: { 'application/json': { schema: ERROR_LIST } } },
  '401': { description: 'Missing, invalid or expired X-Auth-Token, or a tenant the token may not act in' },
  '403': { description: 'The token lacks the ACL' },
  '404': { description: 'No such resource' },
  '406': { description: 'The Accept header does not allow application/json (empty body)' },
  '415': { description: 'The body is not application/json (empty body)' },
};

export function openApiDocument(options: OpenApiOptions): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of options.routes) {
    const path = route.path.replace(/:([a-z_][a-z0-9_]*)/g, '{$1}');
    const parameters = [...route.path.matchAll(/:([a-z_][a-z0-9_]*)/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
    const acl = typeof route.acl === 'string' ? route.acl : `${options.service}.${path.split('/').filter(Boolean).join('.')}.${actionOf(route.method)}`;
    const operation = {
      summary: options.summaries?.[`${route.method} ${route.path}`] ?? `${route.method} ${path}`,
      parameters: route.auth === 'none' ? parameters : [...parameters, { name: 'X-Auth-Token', in: 'header', required: true, schema: { type: 'string' } }],
      ...(route.auth === 'none' ? {} : { description: `Required ACL: \`${acl}\`` }),
      responses: { '200': { description: 'Success' }, ...COMMON_ANSWERS },
    };
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.0.3',
    info: { title: options.title, version: options.version },
    servers: [{ url: options.prefix }],
    components: { securitySchemes: { token: { type: 'apiKey', in: 'header', name: 'X-Auth-Token' } } },
    security: [{ token: [] }],
    paths,
  };
}

function actionOf(method: string): string {
  return ({ GET: 'read', HEAD: 'read', POST: 'create', PUT: 'update', DELETE: 'delete' } as Record<string, string>)[method] ?? 'read';
}
