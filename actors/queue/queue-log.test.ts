/** queue_log rows (seed CC-09): the seed's samples, field by field. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentInterface, logoffRows, queueLogRow, type QueueLogRow } from './index.ts';

const fields = (row: QueueLogRow) => [row.callid, row.queuename, row.agent, row.event, row.data1, row.data2, row.data3];
const at = 1_341_401_600_000;

describe('queue_log rows', () => {
  it('AGENTCALLBACKLOGIN MUST name the agent and the exten@context it logged in from', () => {
    assert.deepEqual(fields(queueLogRow(at, { event: 'AGENTCALLBACKLOGIN', callId: '1341401600.25', agent: agentInterface('3001'), extension: '1002', context: 'pcm-dev' })), ['1341401600.25', 'NONE', 'Agent/3001', 'AGENTCALLBACKLOGIN', '1002@pcm-dev', '', '']);
  });

  it('a log-off MUST write AGENTCALLBACKLOGOFF, then UNPAUSEALL, then UNPAUSE for each queue', () => {
    const rows = logoffRows(at, { event: 'AGENTCALLBACKLOGOFF', agent: 'Agent/3001', extension: '1002', context: 'pcm-dev', loggedInSeconds: 43, reason: 'CommandLogoff' }, ['q1', 'q2']);
    assert.deepEqual(rows.map(fields), [
      ['NONE', 'NONE', 'Agent/3001', 'AGENTCALLBACKLOGOFF', '1002@pcm-dev', '43', 'CommandLogoff'],
      ['NONE', 'NONE', 'Agent/3001', 'UNPAUSEALL', '', '', ''],
      ['NONE', 'q1', 'Agent/3001', 'UNPAUSE', '', '', ''],
      ['NONE', 'q2', 'Agent/3001', 'UNPAUSE', '', '', ''],
    ]);
  });

  it('an agent in no queue MUST log off without pause rows', () => {
    assert.deepEqual(logoffRows(at, { event: 'AGENTCALLBACKLOGOFF', agent: 'Agent/3001', extension: '1002', context: 'pcm-dev', loggedInSeconds: 1, reason: 'CommandLogoff' }, []).map((row) => row.event), ['AGENTCALLBACKLOGOFF']);
  });

  it('ENTERQUEUE, CONNECT, COMPLETEAGENT and ABANDON MUST carry the seed\'s fields', () => {
    assert.deepEqual(fields(queueLogRow(at, { event: 'ENTERQUEUE', callId: '1341401599.26', queue: 'q1', callerIdNumber: '1000', position: 1 })), ['1341401599.26', 'q1', 'NONE', 'ENTERQUEUE', '', '1000', '1']);
    assert.deepEqual(fields(queueLogRow(at, { event: 'CONNECT', callId: '1341401599.26', queue: 'q1', agent: 'Agent/3001', holdSeconds: 2, memberChannelId: '1341401601.27', ringSeconds: 1 })), ['1341401599.26', 'q1', 'Agent/3001', 'CONNECT', '2', '1341401601.27', '1']);
    assert.deepEqual(fields(queueLogRow(at, { event: 'COMPLETEAGENT', callId: '1341401599.26', queue: 'q1', agent: 'Agent/3001', holdSeconds: 2, talkSeconds: 12, originalPosition: 1 })), ['1341401599.26', 'q1', 'Agent/3001', 'COMPLETEAGENT', '2', '12', '1']);
    assert.deepEqual(fields(queueLogRow(at, { event: 'ABANDON', callId: 'c', queue: 'q1', position: 1, originalPosition: 1, waitSeconds: 6 })), ['c', 'q1', 'NONE', 'ABANDON', '1', '1', '6']);
  });

  it('JOINEMPTY, FULL and CLOSED MUST name the call and queue only; a pause MUST carry its reason in data1', () => {
    for (const event of ['JOINEMPTY', 'FULL', 'CLOSED'] as const) assert.deepEqual(fields(queueLogRow(at, { event, callId: 'c', queue: 'q1' })), ['c', 'q1', 'NONE', event, '', '', '']);
    assert.deepEqual(fields(queueLogRow(at, { event: 'PAUSE', queue: 'q1', agent: 'Agent/3001', reason: 'lunch' })), ['NONE', 'q1', 'Agent/3001', 'PAUSE', 'lunch', '', '']);
  });
});
