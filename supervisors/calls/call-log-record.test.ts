import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { channel, type call } from '../../actors/index.ts';
import { ensureDemoConfiguration, findCallLog, insertCallLog, loadDialplan } from '../../store/index.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../../store/test-database.ts';
import { callLogRecord } from './call-log-record.ts';

let database: TestDatabase;
before(async () => {
  database = await createMigratedTestDatabase('postgres');
  await ensureDemoConfiguration(database, { password: () => 'secret' });
});
after(async () => {
  await database.close();
});

describe('a call log as the store keeps it', () => {
  it('an answered internal call MUST be stored once with its times, parties and hangup cause', async () => {
    const users = (await loadDialplan(database)).users;
    const [alice, bob] = [users[0], users[1]];
    assert.ok(alice && bob);
    const entry: call.CallLogEntry = {
      callId: 'log-test-1', startMs: 1_700_000_000_000, answerMs: 1_700_000_004_000, endMs: 1_700_000_064_000, durationSeconds: 60, answered: true,
      source: { name: 'User 1001', number: '1001', userUuid: alice.uuid }, destination: { name: 'User 1002', number: '1002', userUuid: bob.uuid },
      requestedExten: '1002', requestedContext: 'default', cause: channel.CAUSES.normal,
    };
    const first = await insertCallLog(database, callLogRecord(entry));
    const again = await insertCallLog(database, callLogRecord(entry));
    assert.deepEqual([first.type === 'ok' && first.value.created, again.type === 'ok' && again.value.created], [true, false]);
    const stored = await findCallLog(database, 'log-test-1');
    assert.deepEqual([stored?.answered, stored?.durationMs, stored?.hangupQ850Cause, stored?.participants.length], [true, 60_000, 16, 2]);
  });
});
