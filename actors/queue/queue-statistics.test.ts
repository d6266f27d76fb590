/** Queue statistics from queue_log (seed CC-10): one row per call received, hourly counters. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { foldQueueLog, periodicCounters, queueLogRow, type QueueLogEvent } from './index.ts';

const hour = Date.UTC(2026, 10, 27, 9);
const log = (entries: [number, QueueLogEvent][]) => entries.map(([offsetSeconds, entry]) => queueLogRow(hour + offsetSeconds * 1000, entry));
const calls = (entries: [number, QueueLogEvent][]) => [...foldQueueLog(log(entries)).calls.values()];

describe('stat_call_on_queue from queue_log', () => {
  it('an answered call MUST have its wait, ring and talk times and its agent, at its entry time', () => {
    const [call] = calls([
      [10, { event: 'ENTERQUEUE', callId: 'c1', queue: 'q1', callerIdNumber: '1000', position: 1 }],
      [12, { event: 'CONNECT', callId: 'c1', queue: 'q1', agent: 'Agent/3001', holdSeconds: 2, memberChannelId: 'm1', ringSeconds: 1 }],
      [24, { event: 'COMPLETEAGENT', callId: 'c1', queue: 'q1', agent: 'Agent/3001', holdSeconds: 2, talkSeconds: 12, originalPosition: 1 }],
    ]);
    assert.deepEqual(call, { callid: 'c1', queue: 'q1', time: hour + 10_000, ringtime: 1, talktime: 12, waittime: 2, status: 'answered', agent: 'Agent/3001' });
  });

  it('abandoned, timeout and leaveempty calls MUST take their wait time from the row; full, closed, joinempty and diverted calls wait 0', () => {
    const rows = calls([
      [0, { event: 'ENTERQUEUE', callId: 'a', queue: 'q1', callerIdNumber: '1', position: 1 }],
      [6, { event: 'ABANDON', callId: 'a', queue: 'q1', position: 1, originalPosition: 1, waitSeconds: 6 }],
      [0, { event: 'ENTERQUEUE', callId: 't', queue: 'q1', callerIdNumber: '1', position: 1 }],
      [30, { event: 'EXITWITHTIMEOUT', callId: 't', queue: 'q1', position: 1, originalPosition: 1, waitSeconds: 30 }],
      [0, { event: 'ENTERQUEUE', callId: 'e', queue: 'q1', callerIdNumber: '1', position: 1 }],
      [5, { event: 'EXITEMPTY', callId: 'e', queue: 'q1', position: 1, originalPosition: 1, waitSeconds: 5 }],
      [1, { event: 'FULL', callId: 'f', queue: 'q1' }],
      [1, { event: 'CLOSED', callId: 'cl', queue: 'q1' }],
      [1, { event: 'JOINEMPTY', callId: 'j', queue: 'q1' }],
      [1, { event: 'DIVERT_CA_RATIO', callId: 'r', queue: 'q1' }],
      [1, { event: 'DIVERT_HOLDTIME', callId: 'h', queue: 'q1' }],
    ]);
    assert.deepEqual(rows.map((call) => [call.callid, call.status, call.waittime]), [
      ['a', 'abandoned', 6], ['t', 'timeout', 30], ['e', 'leaveempty', 5], ['f', 'full', 0], ['cl', 'closed', 0], ['j', 'joinempty', 0], ['r', 'divert_ca_ratio', 0], ['h', 'divert_waittime', 0],
    ]);
  });

  it('a call still waiting MUST have no row yet', () => {
    assert.deepEqual(calls([[0, { event: 'ENTERQUEUE', callId: 'w', queue: 'q1', callerIdNumber: '1', position: 1 }]]), []);
  });

  it('stat_queue_periodic MUST count each status per queue and hour, total being their sum', () => {
    const periods = periodicCounters(calls([
      [0, { event: 'FULL', callId: 'f1', queue: 'q1' }],
      [3599, { event: 'FULL', callId: 'f2', queue: 'q1' }],
      [3600, { event: 'FULL', callId: 'f3', queue: 'q1' }],
      [10, { event: 'JOINEMPTY', callId: 'j1', queue: 'q2' }],
    ]));
    assert.deepEqual(periods.map((period) => [period.queue, period.hour - hour, period.full, period.joinempty, period.total]), [['q1', 0, 2, 0, 2], ['q2', 0, 0, 1, 1], ['q1', 3_600_000, 1, 0, 1]]);
  });
});
