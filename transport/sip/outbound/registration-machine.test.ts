import '../../../test/support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DEFAULT_REGISTRATION_POLICY as POLICY,
  INITIAL_REGISTRATION_STATE,
  retryDelayMs,
  stepRegistration,
  type RegistrationChallenge,
  type RegistrationEvent,
  type RegistrationState,
} from './registration-machine.ts';

const challenge = (stale = false): RegistrationChallenge => ({ proxy: false, params: { scheme: 'Digest', params: { realm: 'provider', nonce: 'n1', ...(stale ? { stale: 'true' } : {}) } } });

function run(events: readonly RegistrationEvent[], nowMs = 0): { state: RegistrationState; effects: unknown[] } {
  let state = INITIAL_REGISTRATION_STATE;
  const effects: unknown[] = [];
  for (const event of events) {
    const step = stepRegistration(state, event, nowMs, POLICY);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects };
}

describe('outbound registration machine', () => {
  it('registers with the Expires of the policy, answers one 401 challenge, and is registered on the 200', () => {
    const first = stepRegistration(INITIAL_REGISTRATION_STATE, { type: 'start' }, 0);
    assert.deepEqual(first.effects.at(-1), { type: 'send-register', expiresS: 120 });
    const answered = stepRegistration(first.state, { type: 'response', status: 401, challenge: challenge() }, 10);
    assert.deepEqual(answered.effects, [{ type: 'send-register', expiresS: 120, challenge: challenge() }]);
    const ok = stepRegistration(answered.state, { type: 'response', status: 200, grantedS: 120 }, 20);
    assert.equal(ok.state.type, 'registered');
    assert.deepEqual(ok.effects, [{ type: 'set-timer', delayMs: 110_000 }], 'refresh 10 s before expiry');
  });

  it('refreshes at half the expiry when the registrar grants less than twice the margin', () => {
    const { effects } = run([{ type: 'start' }, { type: 'response', status: 200, grantedS: 4 }]);
    assert.deepEqual(effects.at(-1), { type: 'set-timer', delayMs: 2_000 });
  });

  it('sends a new REGISTER when the refresh timer fires', () => {
    const { state, effects } = run([{ type: 'start' }, { type: 'response', status: 200, grantedS: 60 }, { type: 'timer' }]);
    assert.equal(state.type, 'registering');
    assert.deepEqual(effects.at(-1), { type: 'send-register', expiresS: 120 });
  });

  it('treats a second challenge as refused credentials and waits the forbidden retry', () => {
    const { state } = run([{ type: 'start' }, { type: 'response', status: 401, challenge: challenge() }, { type: 'response', status: 401, challenge: challenge() }]);
    assert.equal(state.type, 'retrying');
    assert.deepEqual(state.type === 'retrying' ? state.failure : undefined, { type: 'forbidden', status: 401 });
  });

  it('answers a second challenge when the registrar only found the nonce stale', () => {
    const { state, effects } = run([{ type: 'start' }, { type: 'response', status: 401, challenge: challenge() }, { type: 'response', status: 401, challenge: challenge(true) }]);
    assert.equal(state.type, 'registering');
    assert.deepEqual(effects.at(-1), { type: 'send-register', expiresS: 120, challenge: challenge(true) });
  });

  it('waits the forbidden retry after a 403, and backs off exponentially after a 503', () => {
    const forbidden = run([{ type: 'start' }, { type: 'response', status: 403 }]);
    assert.deepEqual(forbidden.effects.at(-1), { type: 'set-timer', delayMs: POLICY.forbiddenRetryMs });
    const events: RegistrationEvent[] = [{ type: 'start' }];
    const delays: number[] = [];
    let state = INITIAL_REGISTRATION_STATE;
    for (let attempt = 0; attempt < 8; attempt++) {
      for (const event of attempt === 0 ? events : [{ type: 'timer' } as const]) state = stepRegistration(state, event, 0).state;
      const step = stepRegistration(state, { type: 'response', status: 503 }, 0);
      state = step.state;
      const timer = step.effects.find((effect) => effect.type === 'set-timer');
      delays.push(timer?.type === 'set-timer' ? timer.delayMs : -1);
    }
    assert.deepEqual(delays, [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('honours the Retry-After of a 503 when longer than the backoff', () => {
    const { effects } = run([{ type: 'start' }, { type: 'response', status: 503, retryAfterS: 30 }]);
    assert.deepEqual(effects.at(-1), { type: 'set-timer', delayMs: 30_000 });
  });

  it('retries at once with Min-Expires after a 423', () => {
    const { effects } = run([{ type: 'start' }, { type: 'response', status: 423, minExpiresS: 600 }]);
    assert.deepEqual(effects.at(-1), { type: 'send-register', expiresS: 600 });
  });

  it('backs off after a transaction timeout and resets the backoff once registered', () => {
    const { state } = run([{ type: 'start' }, { type: 'timeout' }, { type: 'timer' }, { type: 'response', status: 200, grantedS: 60 }, { type: 'timer' }, { type: 'timeout' }]);
    assert.equal(state.type, 'retrying');
    assert.equal(state.type === 'retrying' ? state.failures : 0, 1);
  });

  it('unregisters with Expires 0 on stop, answering its challenge, and stops on the final response', () => {
    const registered = run([{ type: 'start' }, { type: 'response', status: 200, grantedS: 60 }]).state;
    const stop = stepRegistration(registered, { type: 'stop' }, 0);
    assert.equal(stop.state.type, 'unregistering');
    assert.deepEqual(stop.effects, [{ type: 'clear-timer' }, { type: 'send-register', expiresS: 0 }]);
    const challenged = stepRegistration(stop.state, { type: 'response', status: 401, challenge: challenge() }, 0);
    assert.deepEqual(challenged.effects, [{ type: 'send-register', expiresS: 0, challenge: challenge() }]);
    assert.equal(stepRegistration(challenged.state, { type: 'response', status: 200 }, 0).state.type, 'stopped');
  });

  it('stops without sending anything when no binding can exist', () => {
    const waiting = run([{ type: 'start' }, { type: 'response', status: 403 }]).state;
    assert.deepEqual(stepRegistration(waiting, { type: 'stop' }, 0), { state: { type: 'stopped' }, effects: [{ type: 'clear-timer' }] });
  });

  it('abandons without sending anything, even while registered, forgetting the REGISTER in flight', () => {
    const registered = run([{ type: 'start' }, { type: 'response', status: 200, grantedS: 60 }]).state;
    assert.deepEqual(stepRegistration(registered, { type: 'abandon' }, 0), { state: { type: 'stopped' }, effects: [{ type: 'clear-timer' }, { type: 'forget-register' }] });
    const registering = run([{ type: 'start' }]).state;
    assert.equal(stepRegistration(registering, { type: 'abandon' }, 0).effects.some((effect) => effect.type === 'send-register'), false);
  });

  it('property: at most one REGISTER per event, none after stopped, and every retry delay within [base, forbidden]', () => {
    const event = fc.oneof(
      fc.constant<RegistrationEvent>({ type: 'start' }),
      fc.constant<RegistrationEvent>({ type: 'stop' }),
      fc.constant<RegistrationEvent>({ type: 'abandon' }),
      fc.constant<RegistrationEvent>({ type: 'timer' }),
      fc.constant<RegistrationEvent>({ type: 'timeout' }),
      fc.constant<RegistrationEvent>({ type: 'transport-error' }),
      fc.record({ type: fc.constant('response' as const), status: fc.integer({ min: 200, max: 699 }), grantedS: fc.integer({ min: 0, max: 7200 }) }),
      fc.record({ type: fc.constant('response' as const), status: fc.constantFrom(401, 407), challenge: fc.constant(challenge()) }),
    );
    fc.assert(fc.property(fc.array(event, { maxLength: 60 }), (events) => {
      let state = INITIAL_REGISTRATION_STATE;
      for (const next of events) {
        const step = stepRegistration(state, next, 0);
        const sends = step.effects.filter((effect) => effect.type === 'send-register');
        assert.ok(sends.length <= 1);
        if (state.type === 'stopped') assert.equal(step.effects.length, 0);
        if (step.state.type === 'retrying') {
          const timer = step.effects.find((effect) => effect.type === 'set-timer');
          if (timer?.type === 'set-timer') assert.ok(timer.delayMs >= POLICY.retryBaseMs && timer.delayMs <= POLICY.forbiddenRetryMs);
        }
        if (step.state.type === 'unregistering') assert.ok(sends.every((send) => send.type === 'send-register' && send.expiresS === 0));
        state = step.state;
      }
    }));
  });

  it('retry delays grow with the failures and never pass the cap', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000 }), (failures) => {
      const delay = retryDelayMs({ type: 'timeout' }, failures, POLICY);
      assert.ok(delay <= POLICY.retryMaxMs);
      assert.ok(delay <= retryDelayMs({ type: 'timeout' }, failures + 1, POLICY));
    }));
  });
});
