import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createNonceCountTracker } from './nonce-count-tracker.ts';

const TTL_MS = 30_000;

describe('nonce count tracker', () => {
  it('MUST accept the first count of a new nonce', () => {
    const tracker = createNonceCountTracker({ capacity: 10, nonceTtlMs: TTL_MS });
    assert.equal(tracker.accept('a', 0, 1, 0), 'accepted');
  });

  it('MUST accept a higher count of a known nonce', () => {
    const tracker = createNonceCountTracker({ capacity: 10, nonceTtlMs: TTL_MS });
    tracker.accept('a', 0, 1, 0);
    assert.equal(tracker.accept('a', 0, 3, 0), 'accepted');
  });

  it('MUST report a repeated count as replayed', () => {
    const tracker = createNonceCountTracker({ capacity: 10, nonceTtlMs: TTL_MS });
    tracker.accept('a', 0, 2, 0);
    assert.equal(tracker.accept('a', 0, 2, 0), 'replayed');
  });

  it('MUST report a lower count as replayed', () => {
    const tracker = createNonceCountTracker({ capacity: 10, nonceTtlMs: TTL_MS });
    tracker.accept('a', 0, 5, 0);
    assert.equal(tracker.accept('a', 0, 4, 0), 'replayed');
  });

  it('MUST never hold more nonces than its capacity', () => {
    const tracker = createNonceCountTracker({ capacity: 3, nonceTtlMs: TTL_MS });
    for (let index = 0; index < 10; index++) tracker.accept(`n${index}`, index, 1, 10);
    assert.equal(tracker.size, 3);
  });

  it('MUST report an evicted, still valid nonce as forgotten rather than new', () => {
    const tracker = createNonceCountTracker({ capacity: 1, nonceTtlMs: TTL_MS });
    tracker.accept('old', 100, 1, 200);
    tracker.accept('new', 150, 1, 200);
    assert.equal(tracker.accept('old', 100, 1, 200), 'forgotten');
  });

  it('MUST accept an unknown nonce issued after every evicted one', () => {
    const tracker = createNonceCountTracker({ capacity: 1, nonceTtlMs: TTL_MS });
    tracker.accept('old', 100, 1, 200);
    tracker.accept('new', 150, 1, 200);
    assert.equal(tracker.accept('newer', 151, 1, 200), 'accepted');
  });

  it('MUST drop expired nonces without moving the horizon', () => {
    const tracker = createNonceCountTracker({ capacity: 1, nonceTtlMs: TTL_MS });
    tracker.accept('expired', 100, 1, 200);
    tracker.accept('fresh', 50_000, 1, 50_000);
    assert.equal(tracker.accept('other', 40_000, 1, 50_000), 'accepted');
  });
});
