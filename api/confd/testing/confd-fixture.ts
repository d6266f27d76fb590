/**
 * confd's routes on a fresh migrated database, for the route tests: two tenants side by side
 * (`tenant` and `other`, below the root), the events the routes publish, and request helpers that
 * act in `tenant` unless told otherwise.
 */
import assert from 'node:assert/strict';
import { createMigratedTestDatabase, createTenant, expectWritten, findRootTenant, type TEST_DATABASE_KINDS, type TestDatabase } from '../../../store/index.ts';
import { callRoute } from '../../../test/support/api-request.ts';
import type { ApiRoute } from '../../http/api-route.ts';
import type { ConfigEvent } from '../confd-deps.ts';
import { confdRoutes } from '../confd-service.ts';

export type ConfdItem = Record<string, unknown>;
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ConfdFixture {
  /** Every event the routes published, in order (tests may empty it). */
  readonly events: ConfigEvent[];
  /** Migrates a fresh database and creates the two tenants. */
  open(): Promise<{ readonly db: TestDatabase; readonly tenant: string; readonly other: string }>;
  close(): Promise<void>;
  call(method: Method, path: string, body?: unknown, tenantUuid?: string): ReturnType<typeof callRoute>;
  /** A POST that must answer 201: the object created. */
  created(path: string, body: unknown, tenantUuid?: string): Promise<ConfdItem>;
}

export function confdFixture(kind: (typeof TEST_DATABASE_KINDS)[number], options: { readonly hookNames?: ReadonlySet<string> } = {}): ConfdFixture {
  const events: ConfigEvent[] = [];
  let db: TestDatabase | undefined;
  let routes: ApiRoute[] = [];
  let tenant = '';
  const call: ConfdFixture['call'] = (method, path, body, tenantUuid = tenant) => callRoute(routes, method, path, { tenantUuid, ...(body === undefined ? {} : { body }) });
  return {
    events,
    async open() {
      db = await createMigratedTestDatabase(kind);
      const opened = db;
      routes = confdRoutes({ db: opened, publish: (event) => events.push(event), nodeUuid: 'node-uuid', ...(options.hookNames === undefined ? {} : { hookNames: options.hookNames }) });
      const root = (await findRootTenant(opened)).uuid;
      tenant = expectWritten(await createTenant(opened, { name: 'company', parentUuid: root })).uuid;
      const other = expectWritten(await createTenant(opened, { name: 'rival', parentUuid: root })).uuid;
      return { db: opened, tenant, other };
    },
    close: () => db?.close() ?? Promise.resolve(),
    call,
    async created(path, body, tenantUuid) {
      const answer = await call('POST', path, body, tenantUuid);
      assert.equal(answer.status, 201, `${path}: ${JSON.stringify(answer.body)}`);
      return answer.body as ConfdItem;
    },
  };
}
