import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyRemoteRevision, createOriginState, incrementVersion, reviseOrigin } from './origin-version.ts';
import type { Origin } from './session-description.ts';
import { sdp } from './testing/sample-descriptions.ts';

function written(direction: string): string {
  return sdp('v=0', 'o=- 0 0 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=audio 4000 RTP/AVP 0', `a=${direction}`);
}

describe('reviseOrigin (RFC 3264 §8)', () => {
  it("stamps the first description with the leg's session id and initial version", () => {
    const first = reviseOrigin(createOriginState('3911234567', '3911234567'), written('sendrecv'));
    assert.deepEqual([first.text.split('\r\n')[1], first.changed], ['o=- 3911234567 3911234567 IN IP4 10.0.0.1', true]);
  });

  it('MUST keep the version when the description is unchanged', () => {
    const first = reviseOrigin(createOriginState('5', '5'), written('sendrecv'));
    const again = reviseOrigin(first.state, written('sendrecv'));
    assert.deepEqual([again.text, again.changed], [first.text, false]);
  });

  it('MUST increment the version by one when the description changes (hold)', () => {
    const first = reviseOrigin(createOriginState('5', '5'), written('sendrecv'));
    const hold = reviseOrigin(first.state, written('sendonly'));
    assert.deepEqual([hold.text.split('\r\n')[1], hold.state.sessionVersion], ['o=- 5 6 IN IP4 10.0.0.1', '6']);
  });

  it('increments once per change across hold and resume', () => {
    let state = reviseOrigin(createOriginState('5', '5'), written('sendrecv')).state;
    for (const direction of ['sendonly', 'sendonly', 'sendrecv']) state = reviseOrigin(state, written(direction)).state;
    assert.equal(state.sessionVersion, '7');
  });

  it('increments exactly beyond 2^53', () => {
    assert.equal(incrementVersion('18446744073709551615'), '18446744073709551616');
  });

  it('throws on a non-decimal initial state (a caller bug)', () => {
    assert.throws(() => createOriginState('abc'), RangeError);
  });
});

describe('classifyRemoteRevision', () => {
  const previous: Origin = { username: '-', sessionId: '1397251327', sessionVersion: '2126738712', addressType: 'IP4', address: '192.0.2.10' };

  it('reads the same version as unchanged (a session refresh)', () => {
    assert.equal(classifyRemoteRevision(previous, previous), 'unchanged');
  });

  it('reads a higher version as changed', () => {
    assert.equal(classifyRemoteRevision(previous, { ...previous, sessionVersion: '2126738713' }), 'changed');
  });

  it('reads a lower version as stale', () => {
    assert.equal(classifyRemoteRevision(previous, { ...previous, sessionVersion: '2126738711' }), 'stale');
  });

  it('reads another session id as a new session', () => {
    assert.equal(classifyRemoteRevision(previous, { ...previous, sessionId: '1' }), 'new-session');
  });
});
