/**
 * The registrar's expiry limits changed while it runs (the HA settings of seed HA-04 force
 * 180/300/240 s while HA is enabled): REGISTERs processed afterwards are held to the new limits.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getHeader } from '../message/index.ts';
import { listedContacts, PHONE, registerRequest, registrarHarness } from './registrar-test-kit.ts';

const HA_POLICY = { minExpiresS: 180, maxExpiresS: 300, defaultExpiresS: 240 };

describe('registrar, expiry limits set live', () => {
  it('MUST grant at most the new maximum to a REGISTER asking more', async () => {
    const { registrar } = registrarHarness({ maxExpiresS: 3600 });
    registrar.setExpiryPolicy(HA_POLICY);
    const response = await registrar.handleRegister(registerRequest({ expires: '3600' }), PHONE);
    assert.deepEqual(listedContacts(response), ['sip:alice@192.168.1.20:5060 300']);
  });

  it('MUST answer 423 with the new Min-Expires to a REGISTER below the new minimum', async () => {
    const { registrar } = registrarHarness({ minExpiresS: 60 });
    registrar.setExpiryPolicy(HA_POLICY);
    const response = await registrar.handleRegister(registerRequest({ expires: '90' }), PHONE);
    assert.deepEqual([response.status, getHeader(response, 'min-expires')], [423, '180']);
  });

  it('MUST grant the new default to a REGISTER asking none, and tell the policy in force', async () => {
    const { registrar } = registrarHarness();
    registrar.setExpiryPolicy(HA_POLICY);
    const response = await registrar.handleRegister(registerRequest(), PHONE);
    assert.deepEqual([listedContacts(response), registrar.expiryPolicy()], [['sip:alice@192.168.1.20:5060 240'], HA_POLICY]);
  });

  it('MUST go back to the earlier limits when they are set again', async () => {
    const { registrar } = registrarHarness({ minExpiresS: 60, maxExpiresS: 3600, defaultExpiresS: 1800 });
    const original = registrar.expiryPolicy();
    registrar.setExpiryPolicy(HA_POLICY);
    registrar.setExpiryPolicy(original);
    const response = await registrar.handleRegister(registerRequest({ expires: '3600' }), PHONE);
    assert.deepEqual(listedContacts(response), ['sip:alice@192.168.1.20:5060 3600']);
  });

  it('MUST refuse limits that are not ordered min ≤ default ≤ max, keeping the ones in force', () => {
    const { registrar } = registrarHarness();
    const before = registrar.expiryPolicy();
    assert.throws(() => registrar.setExpiryPolicy({ minExpiresS: 300, maxExpiresS: 180, defaultExpiresS: 240 }), RangeError);
    assert.deepEqual(registrar.expiryPolicy(), before);
  });
});
