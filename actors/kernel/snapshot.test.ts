import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTOR_SNAPSHOT_VERSION, initialActorSnapshot, readActorSnapshot } from './snapshot.ts';
import { pingAddress } from './testing/ping-actor.ts';
import { INITIAL_PING } from './testing/ping-machine.ts';

const valid = initialActorSnapshot(pingAddress('p1'), 3, INITIAL_PING);

describe('actor snapshots', () => {
  it('MUST write the version, the identity, the epoch and empty timers into a first snapshot', () => {
    assert.deepEqual(valid, { v: ACTOR_SNAPSHOT_VERSION, kind: 'ping', id: 'p1', epoch: 3, timers: {}, data: INITIAL_PING });
  });

  it('MUST read back a snapshot that went through JSON', () => {
    const result = readActorSnapshot(JSON.parse(JSON.stringify({ ...valid, timers: { t: 10 } })));
    assert.deepEqual(result, { type: 'snapshot', snapshot: { ...valid, timers: { t: 10 } } });
  });

  it('MUST return an error value for an unknown version', () => {
    const result = readActorSnapshot({ ...valid, v: 2 });
    assert.equal(result.type, 'error');
  });

  it('MUST return an error value for a timer whose deadline is not a finite number', () => {
    assert.equal(readActorSnapshot({ ...valid, timers: { t: 'soon' } }).type, 'error');
    assert.equal(readActorSnapshot({ ...valid, timers: { t: null } }).type, 'error');
  });

  it('MUST return an error value for a missing identity, a negative epoch or data without a state', () => {
    assert.equal(readActorSnapshot({ ...valid, id: '' }).type, 'error');
    assert.equal(readActorSnapshot({ ...valid, epoch: -1 }).type, 'error');
  });

  it('MUST return an error value, not throw, for non-objects', () => {
    assert.deepEqual(
      [null, 42, 'x', []].map((value) => readActorSnapshot(value).type),
      ['error', 'error', 'error', 'error'],
    );
  });

  it('MUST name the stable error code in the error value', () => {
    const result = readActorSnapshot({ ...valid, data: {} });
    assert.equal(result.type === 'error' ? result.code : undefined, 'PBX_ERR_ACTOR_SNAPSHOT_INVALID');
  });
});
