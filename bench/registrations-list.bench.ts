/**
 * bench/registrations-list: how long the console's `registrations.list` takes to read N SIP lines
 * with their bindings, on the location store in memory and in Redis, against the bare line page of
 * the same lines from PostgreSQL in the same run (what confd's `GET /lines` reads) as the baseline.
 * Half the lines hold one binding; the node looks every line up on 5 registration domains.
 *
 *   node --import tsx bench/registrations-list.bench.ts   (needs PostgreSQL and Redis; prints, asserts nothing)
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { createSipLine, listLinePage, listLines } from '../store/index.ts';
import { createMigratedTestDatabase } from '../store/test-database.ts';
import { createMemoryLocationStore, createRedisLocationStore, createRegistrar, type LocationStore } from '../transport/index.ts';
import { fakeAuthenticator, manualClock, registerRequest } from '../transport/sip/registrar/registrar-test-kit.ts';
import { createLineRegistrations } from '../supervisors/registrations/line-registrations.ts';
import { TEST_REDIS_URL } from '../test/support/test-node.ts';

const LINE_COUNTS = [100, 1000];
const RUNS = 10;
const DOMAINS = ['pbx.example.com', '127.0.0.1', '192.0.2.1', 'node-a', 'parley'];

const median = (values: number[]): number => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)] ?? Number.NaN;

async function timed(run: () => Promise<unknown>): Promise<number> {
  await run();
  const samples: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const database = await createMigratedTestDatabase('postgres');
  const redis = new Redis(TEST_REDIS_URL);
  const prefix = `bench:${randomBytes(4).toString('hex')}:`;
  try {
    await database.query("INSERT INTO context (tenant_uuid, name, label, type) SELECT uuid, 'default', 'default', 'internal' FROM tenant LIMIT 1").catch(() => undefined);
    let made = 0;
    for (const count of LINE_COUNTS) {
      for (; made < count; made += 1) {
        const created = await createSipLine(database, { username: `b${made}`, secret: 'secret', context: 'default' });
        if (created.type !== 'ok') throw new Error(`line b${made}: ${created.message}`);
      }
      const tenantUuids = [...new Set((await listLines(database)).map((line) => line.tenantUuid))];
      const baseline = await timed(() => listLinePage(database, tenantUuids, { order: 'name', limit: 1000 }));
      console.log(`${count} lines: line page alone (PostgreSQL) ${baseline.toFixed(1)} ms`);
      for (const [kind, store] of [['memory', createMemoryLocationStore({ clock: manualClock() })], ['redis', createRedisLocationStore({ redis, keyPrefix: `${prefix}${count}:`, clock: { now: () => Date.now() } })]] as [string, LocationStore][]) {
        const clock = { now: () => Date.now() };
        const registrar = createRegistrar({ store, authenticator: fakeAuthenticator, clock, minExpiresS: 60, maxExpiresS: 3600, defaultExpiresS: 600, maxContactsPerAor: 3 });
        for (let index = 0; index < count; index += 2) {
          await registrar.handleRegister(registerRequest({ user: `b${index}`, callId: `c${index}` }), { transport: 'udp', address: '203.0.113.5', port: 40_000 + index });
        }
        const port = createLineRegistrations({ database: () => database, registrar: () => registrar, registrationDomains: DOMAINS, now: () => Date.now() });
        const answer = await port.lines({ tenantUuids });
        const registered = answer.type === 'ok' ? answer.items.filter((line) => line.contacts.length > 0).length : -1;
        const took = await timed(() => port.lines({ tenantUuids }));
        console.log(`${count} lines: registrations.list, ${kind} location store ${took.toFixed(1)} ms (${registered} registered), ${(took / baseline).toFixed(1)}× the line page`);
      }
    }
  } finally {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await database.close();
  }
}

await main();
