import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatTable, highestPassing, judgeRelayStep, judgeSignallingStep, lossPercent, parseMediaPeers, type RelayCounts } from './ramp.ts';

const signalling = { offeredRate: 100, attempted: 500, successful: 500, failed: 0, seconds: 6, expectedSeconds: 6 };
const relay: RelayCounts = {
  calls: 100, established: 100, failedCalls: 0, windowSeconds: 10,
  callerSent: 50_000, callerReceived: 50_000, calleeSent: 50_000, calleeReceived: 50_000,
};

describe('a signalling step', () => {
  it('MUST pass with every call completed in time', () => {
    assert.deepEqual(judgeSignallingStep(signalling), { type: 'passed' });
  });

  it('MUST fail at 1 % of its calls unfinished', () => {
    assert.equal(judgeSignallingStep({ ...signalling, successful: 495, failed: 5 }).type, 'failed');
  });

  it('MUST fail when it fell behind the offered rate', () => {
    assert.equal(judgeSignallingStep({ ...signalling, seconds: 20 }).type, 'failed');
  });
});

describe('a relay step', () => {
  it('MUST pass with every call up and no packet lost', () => {
    assert.deepEqual(judgeRelayStep(relay), { type: 'passed' });
  });

  it('MUST fail at 1 % of packets lost in one direction', () => {
    assert.equal(judgeRelayStep({ ...relay, callerReceived: 49_500 }).type, 'failed');
  });

  it('MUST fail when the generator could not keep its 20 ms pace', () => {
    assert.equal(judgeRelayStep({ ...relay, callerSent: 40_000, calleeReceived: 40_000 }).type, 'failed');
  });

  it('MUST fail when a call was not established', () => {
    assert.equal(judgeRelayStep({ ...relay, established: 99 }).type, 'failed');
  });
});

describe('the ramp', () => {
  it('MUST take the largest load before the first failed step', () => {
    const passed = { type: 'passed' } as const;
    const failed = { type: 'failed', reason: 'lost' } as const;
    assert.equal(highestPassing([{ load: 100, verdict: passed }, { load: 200, verdict: failed }, { load: 300, verdict: passed }]), 100);
  });

  it('MUST read loss as 0 % when more arrived than was counted as sent', () => {
    assert.equal(lossPercent(100, 101), 0);
  });
});

describe('SIPp log lines for the RTP endpoints', () => {
  it('MUST read "<own port> <address> <port>" and skip anything else', () => {
    const text = '30000 127.0.0.1 20004\ngarbage\n30002 127.0.0.1 99999\n30004 127.0.0.1 20008\n';
    assert.deepEqual(parseMediaPeers(text).map((peer) => peer.localPort), [30000, 30004]);
  });
});

describe('the summary table', () => {
  it('MUST pad every column to its widest cell', () => {
    assert.equal(formatTable(['a', 'bb'], [['ccc', 'd']]), 'a    bb\n---  --\nccc  d');
  });
});
