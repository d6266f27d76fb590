import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import type { LineId, UserUuid } from '../ids.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import type { CallDirection, NewCallLog } from './call-log.ts';
import { insertCallLog } from './call-log-insert.ts';
import { findCallLog } from './call-log-queries.ts';

const START_MS = 1_764_000_000_123;
const ALICE = '11111111-1111-4111-8111-111111111111' as UserUuid;
const BOB = '22222222-2222-4222-8222-222222222222' as UserUuid;

let sequence = 0;
function newLog(fields: Partial<NewCallLog> = {}): NewCallLog {
  sequence += 1;
  return {
    callId: `${Math.floor(START_MS / 1000)}.${sequence}`,
    direction: 'internal',
    startedAtMs: START_MS,
    answeredAtMs: START_MS + 4_000,
    endedAtMs: START_MS + 64_500,
    sourceName: 'User 1001',
    sourceExten: '1001',
    destinationExten: '1002',
    ...fields,
  };
}

for (const kind of TEST_DATABASE_KINDS) {
  describe(`insertCallLog, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
    });
    after(() => db.close());

    it('MUST store the three dates to the millisecond', async () => {
      const log = newLog();
      expectWritten(await insertCallLog(db, log));
      const row = await findCallLog(db, log.callId);
      assert.deepEqual([row?.startedAtMs, row?.answeredAtMs, row?.endedAtMs], [START_MS, START_MS + 4_000, START_MS + 64_500]);
    });

    it('MUST derive answered and the talk duration from the answer and end dates', async () => {
      const log = newLog();
      expectWritten(await insertCallLog(db, log));
      const row = await findCallLog(db, log.callId);
      assert.deepEqual([row?.answered, row?.durationMs], [true, 60_500]);
    });

    it('MUST give an unanswered ended call a duration of 0', async () => {
      const log = newLog({ answeredAtMs: null, hangupSipStatus: 486, hangupQ850Cause: 17 });
      expectWritten(await insertCallLog(db, log));
      const row = await findCallLog(db, log.callId);
      assert.deepEqual([row?.answered, row?.durationMs, row?.hangupSipStatus, row?.hangupQ850Cause], [false, 0, 486, 17]);
    });

    it('MUST leave the duration unknown while the end is unknown', async () => {
      const log = newLog({ endedAtMs: null });
      expectWritten(await insertCallLog(db, log));
      assert.equal((await findCallLog(db, log.callId))?.durationMs, null);
    });

    it('MUST write one row for a call logged twice, answering created: false and the first id', async () => {
      const log = newLog();
      const first = expectWritten(await insertCallLog(db, log));
      const second = expectWritten(await insertCallLog(db, log));
      assert.deepEqual([first.created, second], [true, { created: false, id: first.id }]);
    });

    it('MUST keep the first log when a second writer sends different content for the call', async () => {
      const log = newLog({ destinationName: 'first' });
      expectWritten(await insertCallLog(db, log));
      expectWritten(await insertCallLog(db, { ...log, destinationName: 'second', endedAtMs: null }));
      assert.equal((await findCallLog(db, log.callId))?.destinationName, 'first');
    });

    it('MUST create exactly one log when two writers of one call race', async () => {
      const log = newLog({ participants: [{ userUuid: ALICE, lineId: null, role: 'source', answered: true, tags: [] }] });
      const results = await Promise.all([insertCallLog(db, log), insertCallLog(db, log), insertCallLog(db, log)]);
      const created = results.map((result) => expectWritten(result).created).filter(Boolean);
      const { rows } = await db.query('SELECT 1 FROM call_log_participant JOIN call_log ON call_log.id = call_log_id WHERE call_id = $1', [log.callId]);
      assert.deepEqual([created.length, rows.length], [1, 1]);
    });

    it('MUST refuse an answer before the start, naming call_log_date_answer_check', async () => {
      const result = await insertCallLog(db, newLog({ answeredAtMs: START_MS - 1 }));
      assert.deepEqual(result.type === 'error' && [result.code, result.constraint], ['PBX_ERR_STORE_INVALID_VALUE', 'call_log_date_answer_check']);
    });

    it('MUST refuse an end before the answer, naming call_log_date_end_check', async () => {
      const result = await insertCallLog(db, newLog({ endedAtMs: START_MS + 3_999 }));
      assert.equal(result.type === 'error' && result.constraint, 'call_log_date_end_check');
    });

    it('MUST refuse an end before the start of an unanswered call', async () => {
      const result = await insertCallLog(db, newLog({ answeredAtMs: null, endedAtMs: START_MS - 1 }));
      assert.equal(result.type === 'error' && result.constraint, 'call_log_date_end_check');
    });

    it('MUST accept a call answered and ended at the instant it started', async () => {
      const result = await insertCallLog(db, newLog({ answeredAtMs: START_MS, endedAtMs: START_MS }));
      assert.equal(result.type, 'ok');
    });

    it('MUST refuse an infinite date, naming call_log_date_finite_check', async () => {
      const result = await insertCallLog(db, newLog({ endedAtMs: Number.POSITIVE_INFINITY }));
      assert.equal(result.type === 'error' && result.constraint, 'call_log_date_finite_check');
    });

    it('MUST refuse a NaN date as an invalid value', async () => {
      const result = await insertCallLog(db, newLog({ startedAtMs: Number.NaN }));
      assert.equal(result.type === 'error' && result.code, 'PBX_ERR_STORE_INVALID_VALUE');
    });

    it('MUST refuse an unknown direction', async () => {
      const result = await insertCallLog(db, newLog({ direction: 'sideways' as CallDirection }));
      assert.equal(result.type === 'error' && result.constraint, 'call_log_direction_check');
    });

    it('MUST refuse a SIP status outside 100–699', async () => {
      const result = await insertCallLog(db, newLog({ hangupSipStatus: 700 }));
      assert.equal(result.type === 'error' && result.constraint, 'call_log_hangup_sip_status_check');
    });

    it('MUST refuse a Q.850 cause outside 1–127', async () => {
      const result = await insertCallLog(db, newLog({ hangupQ850Cause: 0 }));
      assert.equal(result.type === 'error' && result.constraint, 'call_log_hangup_q850_cause_check');
    });

    it('MUST refuse a call id with white space', async () => {
      const result = await insertCallLog(db, newLog({ callId: 'two words' }));
      assert.equal(result.type === 'error' && result.constraint, 'call_log_call_id_check');
    });

    it('MUST store a display name carrying NUL and CR LF with U+FFFD in their place', async () => {
      const log = newLog({ sourceName: 'Evil\u0000\r\nX-Injected: yes' });
      expectWritten(await insertCallLog(db, log));
      assert.equal((await findCallLog(db, log.callId))?.sourceName, 'Evil\ufffd\ufffd\ufffdX-Injected: yes');
    });

    it('MUST store the participants in the given order with their lines and tags', async () => {
      const log = newLog({
        participants: [
          { userUuid: ALICE, lineId: 1 as LineId, role: 'source', answered: true, tags: ['sales'] },
          { userUuid: BOB, lineId: 2 as LineId, role: 'destination', answered: true, tags: [] },
        ],
      });
      expectWritten(await insertCallLog(db, log));
      assert.deepEqual((await findCallLog(db, log.callId))?.participants, log.participants);
    });

    it('MUST merge two entries of one user in one role into one participant', async () => {
      const log = newLog({
        participants: [
          { userUuid: BOB, lineId: null, role: 'destination', answered: false, tags: ['a'] },
          { userUuid: BOB, lineId: 7 as LineId, role: 'destination', answered: true, tags: ['b'] },
        ],
      });
      expectWritten(await insertCallLog(db, log));
      assert.deepEqual((await findCallLog(db, log.callId))?.participants, [
        { userUuid: BOB, lineId: 7, role: 'destination', answered: true, tags: ['a', 'b'] },
      ]);
    });

    it('MUST write nothing when the enclosing transaction rolls back', async () => {
      const log = newLog();
      await db.transaction(async (tx) => {
        expectWritten(await insertCallLog(tx, log));
        throw new Error('rolled back on purpose');
      }).catch(() => undefined);
      assert.equal(await findCallLog(db, log.callId), undefined);
    });
  });
}
