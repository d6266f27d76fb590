import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle } from './login-throttle.ts';

const SOURCE = '192.0.2.7';
const failTimes = (count: number, atMs = 0, throttle = new LoginThrottle()): LoginThrottle => {
  for (let i = 0; i < count; i += 1) throttle.failed(SOURCE, atMs);
  return throttle;
};

describe('login throttle', () => {
  it('MUST let a source with no failures in', () => {
    assert.deepEqual(new LoginThrottle().check(SOURCE, 0), { type: 'allowed' });
  });

  it('MUST slow a failing source down, doubling the delay with each failure', () => {
    assert.deepEqual([1, 2, 3, 4].map((count) => failTimes(count).check(SOURCE, 0)), [
      { type: 'delayed', retryAfterMs: 500 },
      { type: 'delayed', retryAfterMs: 1_000 },
      { type: 'delayed', retryAfterMs: 2_000 },
      { type: 'delayed', retryAfterMs: 4_000 },
    ]);
    assert.deepEqual(failTimes(2).check(SOURCE, 1_000), { type: 'allowed' });
  });

  it('MUST lock a source out after 5 failures, for 15 minutes, and further failures MUST NOT shorten or extend it', () => {
    const throttle = failTimes(5);
    assert.deepEqual(throttle.check(SOURCE, 60_000), { type: 'locked', retryAfterMs: 15 * 60_000 - 60_000 });
    throttle.failed(SOURCE, 60_000);
    assert.equal(throttle.check(SOURCE, 15 * 60_000 - 1).type, 'locked');
    assert.deepEqual(throttle.check(SOURCE, 15 * 60_000), { type: 'allowed' });
  });

  it('MUST NOT slow other sources, and MUST forget a source on success or once the window passes', () => {
    assert.deepEqual(failTimes(3).check('198.51.100.1', 0), { type: 'allowed' });
    const succeeded = failTimes(3);
    succeeded.succeeded(SOURCE);
    assert.deepEqual(succeeded.check(SOURCE, 0), { type: 'allowed' });
    const later = failTimes(3);
    later.failed(SOURCE, DEFAULT_LOGIN_THROTTLE.windowMs + 1);
    assert.deepEqual(later.check(SOURCE, DEFAULT_LOGIN_THROTTLE.windowMs + 1), { type: 'delayed', retryAfterMs: 500 }, 'old failures forgotten');
  });

  it('MUST remember at most maxSources sources, forgetting the least recently failing', () => {
    const throttle = new LoginThrottle({ ...DEFAULT_LOGIN_THROTTLE, maxSources: 2 });
    for (const source of ['a', 'b', 'a', 'c']) throttle.failed(source, 0);
    assert.deepEqual([throttle.size, throttle.check('b', 0).type, throttle.check('a', 0).type, throttle.check('c', 0).type], [2, 'allowed', 'delayed', 'delayed']);
  });
});
