import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getHeader, getHeaders } from '../message/index.ts';
import { PHONE, registerRequest, registrarHarness } from './registrar-test-kit.ts';

describe('registrar, step 1: Request-URI', () => {
  it('MUST answer 404 to a domain it does not serve', async () => {
    const { registrar } = registrarHarness();
    const response = await registrar.handleRegister(registerRequest({ uri: 'sip:elsewhere.example.org' }), PHONE);
    assert.equal(response.status, 404);
  });

  it('MUST answer 416 to a Request-URI that is not SIP or SIPS', async () => {
    const { registrar } = registrarHarness();
    const response = await registrar.handleRegister(registerRequest({ uri: 'tel:+15551234' }), PHONE);
    assert.equal(response.status, 416);
  });
});

describe('registrar, step 2: Require', () => {
  it('MUST answer 420 listing the unsupported option tags in Unsupported', async () => {
    const { registrar } = registrarHarness();
    const request = registerRequest({ headers: { require: ['path', 'gruu, foo'] } });
    const response = await registrar.handleRegister(request, PHONE);
    assert.deepEqual([response.status, getHeaders(response, 'unsupported')], [420, ['gruu', 'foo']]);
  });

  it('MUST accept Require: path', async () => {
    const { registrar } = registrarHarness();
    const response = await registrar.handleRegister(registerRequest({ headers: { require: ['path'] } }), PHONE);
    assert.equal(response.status, 200);
  });
});

describe('registrar, steps 3 and 4: authentication and authorization', () => {
  it('MUST challenge a REGISTER without credentials with 401', async () => {
    const { registrar } = registrarHarness();
    const response = await registrar.handleRegister(registerRequest({ authenticatedAs: null }), PHONE);
    assert.deepEqual([response.status, getHeaders(response, 'www-authenticate').length], [401, 1]);
  });

  it('MUST answer 403 to bad credentials and report registration.auth_failed with the source', async () => {
    const { registrar, events } = registrarHarness();
    const request = registerRequest({ authenticatedAs: null, headers: { authorization: ['Fake-bad alice'] } });
    const response = await registrar.handleRegister(request, PHONE);
    assert.deepEqual([response.status, events], [
      403,
      [{ type: 'registration.auth_failed', source: PHONE, username: 'alice', reason: 'invalid-credentials' }],
    ]);
  });

  it("MUST answer 403 when the authenticated user is not the AOR's user", async () => {
    const { registrar } = registrarHarness();
    const response = await registrar.handleRegister(registerRequest({ user: 'alice', authenticatedAs: 'bob' }), PHONE);
    assert.equal(response.status, 403);
  });

  it('MUST report an AOR mismatch as registration.auth_failed', async () => {
    const { registrar, events } = registrarHarness();
    await registrar.handleRegister(registerRequest({ user: 'alice', authenticatedAs: 'bob' }), PHONE);
    assert.deepEqual(events, [{ type: 'registration.auth_failed', source: PHONE, username: 'bob', reason: 'aor-mismatch' }]);
  });

  it('MUST NOT store anything for a refused request', async () => {
    const { registrar } = registrarHarness();
    await registrar.handleRegister(registerRequest({ user: 'alice', authenticatedAs: 'bob' }), PHONE);
    assert.deepEqual(await registrar.lookup('sip:alice@pbx.example.com'), []);
  });
});

describe('registrar, step 5: address of record', () => {
  it('MUST answer 404 when the To domain is not served', async () => {
    const { registrar } = registrarHarness();
    const request = registerRequest({ to: '<sip:alice@elsewhere.example.org>' });
    assert.equal((await registrar.handleRegister(request, PHONE)).status, 404);
  });

  it('MUST answer 400 to an unparseable To', async () => {
    const { registrar } = registrarHarness();
    assert.equal((await registrar.handleRegister(registerRequest({ to: 'garbage <' }), PHONE)).status, 400);
  });
});

describe('registrar, step 6: Contact and Expires', () => {
  it('MUST answer 400 to Contact: * with another contact', async () => {
    const { registrar } = registrarHarness();
    const request = registerRequest({ contacts: ['*', '<sip:alice@192.0.2.1>'], expires: '0' });
    assert.equal((await registrar.handleRegister(request, PHONE)).status, 400);
  });

  it('MUST answer 400 to Contact: * with an Expires other than 0', async () => {
    const { registrar } = registrarHarness();
    const request = registerRequest({ contacts: ['*'], expires: '3600' });
    assert.equal((await registrar.handleRegister(request, PHONE)).status, 400);
  });

  it('MUST answer 400 to Contact: * without Expires', async () => {
    const { registrar } = registrarHarness();
    assert.equal((await registrar.handleRegister(registerRequest({ contacts: ['*'] }), PHONE)).status, 400);
  });

  it('MUST answer 400 to a Contact that does not parse', async () => {
    const { registrar } = registrarHarness();
    const request = registerRequest({ contacts: ['<sip:alice@192.0.2.1'] });
    assert.equal((await registrar.handleRegister(request, PHONE)).status, 400);
  });

  it('MUST answer 400 to a q value outside the grammar', async () => {
    const { registrar } = registrarHarness();
    const request = registerRequest({ contacts: ['<sip:alice@192.0.2.1>;q=1.5'] });
    assert.equal((await registrar.handleRegister(request, PHONE)).status, 400);
  });

  it('MUST answer 400 to a CSeq whose method is not REGISTER', async () => {
    const { registrar } = registrarHarness();
    const request = registerRequest({ headers: { cseq: ['1 INVITE'] } });
    assert.equal((await registrar.handleRegister(request, PHONE)).status, 400);
  });
});

describe('registrar, step 7: Interval Too Brief', () => {
  it('MUST answer 423 with Min-Expires to 0 < expires < minimum', async () => {
    const { registrar } = registrarHarness({ minExpiresS: 60 });
    const response = await registrar.handleRegister(registerRequest({ expires: '30' }), PHONE);
    assert.deepEqual([response.status, getHeader(response, 'min-expires')], [423, '60']);
  });

  it('MUST fail the whole request when one contact of several is too brief', async () => {
    const { registrar } = registrarHarness({ minExpiresS: 60 });
    const request = registerRequest({ contacts: ['<sip:alice@192.0.2.1>', '<sip:alice@192.0.2.2>;expires=10'] });
    await registrar.handleRegister(request, PHONE);
    assert.deepEqual(await registrar.lookup('sip:alice@pbx.example.com'), []);
  });

  it('MUST NOT answer 423 to expires=0', async () => {
    const { registrar } = registrarHarness({ minExpiresS: 60 });
    assert.equal((await registrar.handleRegister(registerRequest({ expires: '0' }), PHONE)).status, 200);
  });

  it('MUST answer 403 to a request that alone binds more contacts than the AOR may hold', async () => {
    const { registrar } = registrarHarness({ maxContactsPerAor: 2 });
    const contacts = ['<sip:a@192.0.2.1>', '<sip:b@192.0.2.2>', '<sip:c@192.0.2.3>'];
    assert.equal((await registrar.handleRegister(registerRequest({ contacts }), PHONE)).status, 403);
  });
});

describe('registrar, responses', () => {
  it('MUST add a To tag to its final responses', async () => {
    const { registrar } = registrarHarness();
    const response = await registrar.handleRegister(registerRequest({ authenticatedAs: null }), PHONE);
    assert.match(getHeader(response, 'to') ?? '', /;tag=[0-9a-f]{16}$/);
  });

  it('MUST refuse to handle another method, which is a routing bug', async () => {
    const { registrar } = registrarHarness();
    await assert.rejects(registrar.handleRegister({ ...registerRequest(), method: 'INVITE' }, PHONE), RangeError);
  });
});
