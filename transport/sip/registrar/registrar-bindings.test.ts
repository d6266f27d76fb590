import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getHeader, getHeaders } from '../message/index.ts';
import { ALICE_AOR, listedContacts, PHONE, registerRequest, registrarHarness } from './registrar-test-kit.ts';

const DESK = '<sip:alice@192.168.1.20:5060>';
const MOBILE = '<sip:alice@10.0.0.7:5080;transport=tcp>';

describe('registrar, adding bindings', () => {
  it('MUST answer 200 listing the new binding with its granted expires', async () => {
    const { registrar } = registrarHarness();
    const response = await registrar.handleRegister(registerRequest({ expires: '600' }), PHONE);
    assert.deepEqual([response.status, listedContacts(response)], [200, ['sip:alice@192.168.1.20:5060 600']]);
  });

  it('MUST include a Date header in RFC 1123 form', async () => {
    const { registrar, clock } = registrarHarness();
    clock.nowMs = Date.UTC(2010, 10, 13, 23, 29, 0);
    const response = await registrar.handleRegister(registerRequest(), PHONE);
    assert.equal(getHeader(response, 'date'), 'Sat, 13 Nov 2010 23:29:00 GMT');
  });

  it('MUST grant the default interval when neither parameter nor header asks one', async () => {
    const { registrar } = registrarHarness({ defaultExpiresS: 1800 });
    const response = await registrar.handleRegister(registerRequest(), PHONE);
    assert.deepEqual(listedContacts(response), ['sip:alice@192.168.1.20:5060 1800']);
  });

  it('MUST prefer the expires parameter of a contact over the Expires header', async () => {
    const { registrar } = registrarHarness();
    const request = registerRequest({ contacts: [`${DESK};expires=120`], expires: '900' });
    assert.deepEqual(listedContacts(await registrar.handleRegister(request, PHONE)), ['sip:alice@192.168.1.20:5060 120']);
  });

  it('MUST shorten an interval above the maximum to the maximum', async () => {
    const { registrar } = registrarHarness({ maxExpiresS: 3600 });
    const response = await registrar.handleRegister(registerRequest({ expires: '86400' }), PHONE);
    assert.deepEqual(listedContacts(response), ['sip:alice@192.168.1.20:5060 3600']);
  });

  it('MUST treat a malformed Expires as 3600, then apply the maximum', async () => {
    const { registrar } = registrarHarness({ maxExpiresS: 7200 });
    const response = await registrar.handleRegister(registerRequest({ expires: 'soon' }), PHONE);
    assert.deepEqual(listedContacts(response), ['sip:alice@192.168.1.20:5060 3600']);
  });

  it('MUST store where the REGISTER came from, Path, User-Agent and outbound parameters', async () => {
    const { registrar } = registrarHarness();
    const request = registerRequest({
      contacts: [`${DESK};+sip.instance="<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>";reg-id=1;q=0.7`],
      headers: { path: ['<sip:edge.example.com;lr>'], 'user-agent': ['Desk/2.0'] },
    });
    await registrar.handleRegister(request, PHONE);
    const [binding] = await registrar.lookup(ALICE_AOR);
    assert.deepEqual(
      [binding?.received, binding?.path, binding?.userAgent, binding?.instanceId, binding?.regId, binding?.qValue],
      [PHONE, ['<sip:edge.example.com;lr>'], 'Desk/2.0', '<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>', 1, 0.7],
    );
  });

  it('MUST echo Path in the 200 OK only when the user agent supports path', async () => {
    const { registrar } = registrarHarness();
    const path = ['<sip:edge.example.com;lr>'];
    const without = await registrar.handleRegister(registerRequest({ headers: { path } }), PHONE);
    const withSupport = await registrar.handleRegister(registerRequest({ cseq: 2, headers: { path, supported: ['path'] } }), PHONE);
    assert.deepEqual([getHeaders(without, 'path'), getHeaders(withSupport, 'path')], [[], path]);
  });

  it('MUST report registration.added with the AOR, contact and source', async () => {
    const { registrar, events } = registrarHarness();
    await registrar.handleRegister(registerRequest(), PHONE);
    assert.deepEqual(events, [
      { type: 'registration.added', aor: ALICE_AOR, contact: 'sip:alice@192.168.1.20:5060', received: PHONE },
    ]);
  });

  it('MUST answer a REGISTER without Contact with the current bindings, changing nothing', async () => {
    const { registrar, clock, events } = registrarHarness();
    await registrar.handleRegister(registerRequest({ expires: '600' }), PHONE);
    clock.nowMs += 100_000;
    const response = await registrar.handleRegister(registerRequest({ contacts: [], cseq: 2 }), PHONE);
    assert.deepEqual([listedContacts(response), events.length], [['sip:alice@192.168.1.20:5060 500'], 1]);
  });
});

describe('registrar, refreshing and replacing bindings', () => {
  it('MUST extend a binding re-registered before it expires', async () => {
    const { registrar, clock } = registrarHarness();
    await registrar.handleRegister(registerRequest({ expires: '600', cseq: 1 }), PHONE);
    clock.nowMs += 500_000;
    await registrar.handleRegister(registerRequest({ expires: '600', cseq: 2 }), PHONE);
    clock.nowMs += 500_000;
    assert.equal((await registrar.lookup(ALICE_AOR)).length, 1);
  });

  it('MUST report a refresh as registration.refreshed', async () => {
    const { registrar, events } = registrarHarness();
    await registrar.handleRegister(registerRequest({ cseq: 1 }), PHONE);
    await registrar.handleRegister(registerRequest({ cseq: 2 }), PHONE);
    assert.deepEqual(events.map((event) => event.type), ['registration.added', 'registration.refreshed']);
  });

  it('MUST ignore an update with the same Call-ID and a lower CSeq', async () => {
    const { registrar } = registrarHarness();
    await registrar.handleRegister(registerRequest({ expires: '600', cseq: 5 }), PHONE);
    const response = await registrar.handleRegister(registerRequest({ expires: '0', cseq: 4 }), PHONE);
    assert.deepEqual([response.status, listedContacts(response)], [200, ['sip:alice@192.168.1.20:5060 600']]);
  });

  it('MUST ignore an update with the same Call-ID and the same CSeq', async () => {
    const { registrar } = registrarHarness();
    await registrar.handleRegister(registerRequest({ expires: '600', cseq: 5 }), PHONE);
    const response = await registrar.handleRegister(registerRequest({ expires: '900', cseq: 5 }), PHONE);
    assert.deepEqual(listedContacts(response), ['sip:alice@192.168.1.20:5060 600']);
  });

  it('MUST replace a binding from another Call-ID whatever its CSeq', async () => {
    const { registrar } = registrarHarness();
    await registrar.handleRegister(registerRequest({ expires: '600', cseq: 50, callId: 'before-reboot' }), PHONE);
    await registrar.handleRegister(registerRequest({ expires: '900', cseq: 1, callId: 'after-reboot' }), PHONE);
    const bindings = await registrar.lookup(ALICE_AOR);
    assert.deepEqual(bindings.map((binding) => [binding.callId, binding.cseq]), [['after-reboot', 1]]);
  });

  it('MUST match an existing binding by URI equivalence, not by spelling', async () => {
    const { registrar } = registrarHarness();
    await registrar.handleRegister(registerRequest({ contacts: ['<sip:alice@Phone.Example.com:5060>'], cseq: 1 }), PHONE);
    await registrar.handleRegister(registerRequest({ contacts: ['<sip:alice@phone.example.com:5060>'], cseq: 2 }), PHONE);
    const bindings = await registrar.lookup(ALICE_AOR);
    assert.deepEqual(bindings.map((binding) => binding.contact), ['sip:alice@phone.example.com:5060']);
  });

  it('MUST keep other contacts of the AOR when one registers', async () => {
    const { registrar } = registrarHarness();
    await registrar.handleRegister(registerRequest({ contacts: [DESK], callId: 'desk' }), PHONE);
    const response = await registrar.handleRegister(registerRequest({ contacts: [MOBILE], callId: 'mobile' }), PHONE);
    assert.equal(listedContacts(response).length, 2);
  });
});

describe('registrar, removing bindings', () => {
  it('MUST remove one contact on expires=0 and keep the others', async () => {
    const { registrar } = registrarHarness();
    await registrar.handleRegister(registerRequest({ contacts: [DESK, MOBILE], cseq: 1 }), PHONE);
    const response = await registrar.handleRegister(registerRequest({ contacts: [`${DESK};expires=0`], cseq: 2 }), PHONE);
    assert.deepEqual(listedContacts(response), ['sip:alice@10.0.0.7:5080;transport=tcp 1800']);
  });

  it('MUST report an unregistration as registration.removed', async () => {
    const { registrar, events } = registrarHarness();
    await registrar.handleRegister(registerRequest({ cseq: 1 }), PHONE);
    await registrar.handleRegister(registerRequest({ cseq: 2, expires: '0' }), PHONE);
    assert.deepEqual(events.at(-1), {
      type: 'registration.removed', aor: ALICE_AOR, contact: 'sip:alice@192.168.1.20:5060', received: PHONE, cause: 'unregistered',
    });
  });

  it('MUST remove every binding on Contact: * with Expires: 0', async () => {
    const { registrar } = registrarHarness();
    await registrar.handleRegister(registerRequest({ contacts: [DESK], callId: 'desk' }), PHONE);
    await registrar.handleRegister(registerRequest({ contacts: [MOBILE], callId: 'mobile' }), PHONE);
    const response = await registrar.handleRegister(registerRequest({ contacts: ['*'], expires: '0', callId: 'x' }), PHONE);
    assert.deepEqual([response.status, getHeaders(response, 'contact')], [200, []]);
  });

  it('MUST keep, on Contact: *, a binding of the same Call-ID with a CSeq not lower', async () => {
    const { registrar } = registrarHarness();
    await registrar.handleRegister(registerRequest({ contacts: [DESK], callId: 'desk', cseq: 9 }), PHONE);
    await registrar.handleRegister(registerRequest({ contacts: ['*'], expires: '0', callId: 'desk', cseq: 3 }), PHONE);
    assert.equal((await registrar.lookup(ALICE_AOR)).length, 1);
  });

  it('past the contact limit, MUST remove the least recently written binding', async () => {
    const { registrar, clock } = registrarHarness({ maxContactsPerAor: 2 });
    for (const [index, host] of ['192.0.2.1', '192.0.2.2', '192.0.2.3'].entries()) {
      clock.nowMs += 1000;
      await registrar.handleRegister(registerRequest({ contacts: [`<sip:alice@${host}>`], callId: `c${index}` }), PHONE);
    }
    const contacts = (await registrar.lookup(ALICE_AOR)).map((binding) => binding.contact).sort();
    assert.deepEqual(contacts, ['sip:alice@192.0.2.2', 'sip:alice@192.0.2.3']);
  });

  it('MUST report an eviction as registration.removed with cause evicted', async () => {
    const { registrar, events } = registrarHarness({ maxContactsPerAor: 1 });
    await registrar.handleRegister(registerRequest({ contacts: [DESK], callId: 'desk' }), PHONE);
    await registrar.handleRegister(registerRequest({ contacts: [MOBILE], callId: 'mobile' }), PHONE);
    const removal = events.find((event) => event.type === 'registration.removed');
    assert.equal(removal?.type === 'registration.removed' ? removal.cause : undefined, 'evicted');
  });

  it('MUST apply concurrent REGISTERs of one AOR one after the other', async () => {
    const { registrar } = registrarHarness({ maxContactsPerAor: 1 });
    await Promise.all([
      registrar.handleRegister(registerRequest({ contacts: [DESK], callId: 'desk' }), PHONE),
      registrar.handleRegister(registerRequest({ contacts: [MOBILE], callId: 'mobile' }), PHONE),
    ]);
    assert.equal((await registrar.lookup(ALICE_AOR)).length, 1);
  });
});

describe('registrar, expiry and lookup', () => {
  it('MUST sweep a lapsed binding and report registration.expired', async () => {
    const { registrar, clock, events } = registrarHarness();
    await registrar.handleRegister(registerRequest({ expires: '600' }), PHONE);
    clock.nowMs += 600_000;
    await registrar.sweepExpired();
    assert.deepEqual(events.at(-1), {
      type: 'registration.expired', aor: ALICE_AOR, contact: 'sip:alice@192.168.1.20:5060', received: PHONE,
    });
  });

  it('MUST NOT sweep a binding before it lapses', async () => {
    const { registrar, clock } = registrarHarness();
    await registrar.handleRegister(registerRequest({ expires: '600' }), PHONE);
    clock.nowMs += 599_999;
    assert.deepEqual(await registrar.sweepExpired(), []);
  });

  it('MUST stop returning a binding from lookup once it lapses, even before a sweep', async () => {
    const { registrar, clock } = registrarHarness();
    await registrar.handleRegister(registerRequest({ expires: '600' }), PHONE);
    clock.nowMs += 600_000;
    assert.deepEqual(await registrar.lookup(ALICE_AOR), []);
  });

  it('MUST order lookups by q, highest first', async () => {
    const { registrar } = registrarHarness();
    const contacts = ['<sip:alice@192.0.2.1>;q=0.1', '<sip:alice@192.0.2.2>;q=0.9', '<sip:alice@192.0.2.3>;q=0.5'];
    await registrar.handleRegister(registerRequest({ contacts }), PHONE);
    const order = (await registrar.lookup(ALICE_AOR)).map((binding) => binding.qValue);
    assert.deepEqual(order, [0.9, 0.5, 0.1]);
  });
});
