/**
 * The calld service's OpenAPI document describes every route it serves, each with its own summary.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeCallControl } from '../../test/support/fake-call-control.ts';
import { calldOpenApi, calldRoutes } from './calld-service.ts';

describe('calld OpenAPI document', () => {
  it('MUST list every route with a written summary, none left at its bare method and path', () => {
    const routes = calldRoutes(createFakeCallControl());
    const paths = (calldOpenApi(routes) as { paths: Record<string, Record<string, { summary: string }>> }).paths;
    const missing = routes
      .map((route) => ({ key: `${route.method} ${route.path}`, operation: paths[route.path.replace(/:([a-z_]+)/g, '{$1}')]?.[route.method.toLowerCase()] }))
      .filter(({ operation }) => operation === undefined || /^(GET|POST|PUT|DELETE) \//.test(operation.summary))
      .map(({ key }) => key);
    assert.deepEqual(missing, []);
  });
});
