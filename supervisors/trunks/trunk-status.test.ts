import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isTrunkRegistered, registrationStatus, statusChanged, trunkStatusView, type TrunkStatus } from './trunk-status.ts';

const base: TrunkStatus = { id: 1, tenantUuid: 't', name: 'provider', registration: null, reachability: null, roundTripMs: null, currentCallCount: 0, registeredAtMs: null };

describe('trunk status', () => {
  it('is registered when the registrar holds the binding and the peer is not known unreachable', () => {
    assert.equal(isTrunkRegistered({ ...base, registration: 'registered' }), true);
    assert.equal(isTrunkRegistered({ ...base, registration: 'registered', reachability: 'reachable' }), true);
    assert.equal(isTrunkRegistered({ ...base, registration: 'registered', reachability: 'unreachable' }), false);
    assert.equal(isTrunkRegistered({ ...base, registration: 'failed', reachability: 'reachable' }), false);
  });

  it('follows the peer\'s reachability for a trunk that only qualifies, and is unknown otherwise', () => {
    assert.equal(isTrunkRegistered({ ...base, reachability: 'reachable' }), true);
    assert.equal(isTrunkRegistered({ ...base, reachability: 'unreachable' }), false);
    assert.equal(isTrunkRegistered({ ...base, reachability: 'unknown' }), null);
    assert.equal(isTrunkRegistered(base), null);
  });

  it('keeps a refresh in flight registered, and a retry failed', () => {
    assert.equal(registrationStatus({ type: 'registering', expiresS: 60, challenged: false, failures: 0 }, 'registered'), 'registered');
    assert.equal(registrationStatus({ type: 'registering', expiresS: 60, challenged: false, failures: 1 }, 'failed'), 'failed');
    assert.equal(registrationStatus({ type: 'registering', expiresS: 60, challenged: false, failures: 0 }, 'unregistered'), 'registering');
    assert.equal(registrationStatus({ type: 'retrying', failure: { type: 'timeout' }, failures: 1, retryAtMs: 0 }, 'registered'), 'failed');
    assert.equal(registrationStatus({ type: 'stopped' }, 'registered'), 'unregistered');
  });

  it('shows Wazo calld\'s trunk endpoint model', () => {
    assert.deepEqual(trunkStatusView({ ...base, registration: 'registered', reachability: 'reachable', roundTripMs: 12 }), {
      id: 1, type: 'trunk', technology: 'sip', name: 'provider', registered: true, current_call_count: 0,
      registration: 'registered', reachability: 'reachable', round_trip_ms: 12, registered_at: null,
    });
  });

  it('is worth an event when what calld shows changes, not on a refresh', () => {
    assert.ok(statusChanged(undefined, base));
    assert.ok(statusChanged(base, { ...base, reachability: 'reachable' }));
    assert.ok(!statusChanged({ ...base, registration: 'registered' }, { ...base, registration: 'registered', registeredAtMs: 5, roundTripMs: 3 }));
  });
});
