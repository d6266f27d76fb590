import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { routing } from '../../actors/index.ts';
import { ensureDemoConfiguration, loadDialplan, setUserForward } from '../../store/index.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../../store/test-database.ts';
import { callerIdentity, dialplanFromStore } from './dialplan-from-store.ts';

let database: TestDatabase;
before(async () => {
  database = await createMigratedTestDatabase('postgres');
  await ensureDemoConfiguration(database, { password: () => 'secret' });
});
after(async () => {
  await database.close();
});

async function routeFromStore(dialed: string): Promise<routing.RouteResult> {
  const { table, problems } = routing.indexDialplan(dialplanFromStore(await loadDialplan(database)));
  assert.deepEqual(problems, []);
  return routing.route(table, { context: 'default', dialed, caller: { type: 'external', number: '0612345678' } });
}

describe('the store dialplan as routing sees it', () => {
  it('the demo extension 1002 MUST route to user 1002 with ring_seconds 30', async () => {
    const result = await routeFromStore('1002');
    assert.equal(result.type, 'user');
    assert.equal(result.type === 'user' ? result.ringSeconds : 0, 30);
  });

  it('an unknown extension MUST be not-found (404)', async () => {
    assert.equal((await routeFromStore('1999')).type, 'not-found');
  });

  it('an unconditional forward set in the store MUST be followed on the next load', async () => {
    const stored = await loadDialplan(database);
    const user1002 = stored.users.find((user) => user.lines.some((line) => line.username === '1002'));
    assert.ok(user1002);
    await setUserForward(database, user1002.uuid, 'unconditional', { enabled: true, destination: '1001' });
    const result = await routeFromStore('1002');
    assert.equal(result.type, 'forward');
  });
});

describe('callerIdentity', () => {
  it('MUST read the "Name" <number> form', () => {
    assert.deepEqual(callerIdentity('"Alice Smith" <1001>', 'x'), { name: 'Alice Smith', number: '1001' });
  });
  it('MUST fall back to the user name when no caller id is set', () => {
    assert.deepEqual(callerIdentity(null, 'Alice Smith'), { name: 'Alice Smith', number: undefined });
  });
});
