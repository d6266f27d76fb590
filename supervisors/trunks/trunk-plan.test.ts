import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TrunkRuntimeRow } from '../../store/index.ts';
import { samePlan, splitHostPort, trunkPlan } from './trunk-plan.ts';

const TENANT = '00000000-0000-4000-8000-000000000001' as TrunkRuntimeRow['tenantUuid'];

function row(overrides: Partial<TrunkRuntimeRow> = {}): TrunkRuntimeRow {
  return { id: 7, tenantUuid: TENANT, context: 'from-extern', endpoint: null, register: null, ...overrides };
}

const endpoint = (host: string, options: [string, string][] = []): TrunkRuntimeRow['endpoint'] => ({ id: 1, username: 'provider', secret: 'pass', host, type: 'peer', options });

const register = (overrides: Partial<NonNullable<TrunkRuntimeRow['register']>> = {}): TrunkRuntimeRow['register'] => ({
  id: 3, transport: 'udp', sipUsername: null, authUsername: 'GV18005551212', authPassword: 'password', remoteHost: 'gvgw.simonics.com',
  remotePort: null, callbackExtension: '18005551212', callbackContext: null, expiration: 120, enabled: true, ...overrides,
});

describe('trunk plan', () => {
  it('registers with the seed\'s registration: auth username and password, port 5060, the callback extension as Contact user', () => {
    const plan = trunkPlan(row({ register: register() }));
    assert.deepEqual(plan.registration, {
      transport: 'udp', remoteHost: 'gvgw.simonics.com', remotePort: 5060, explicitPort: false, registrarUri: 'sip:gvgw.simonics.com',
      addressOfRecord: 'sip:GV18005551212@gvgw.simonics.com', contactUser: '18005551212', username: 'GV18005551212', password: 'password', expiresS: 120,
    });
    assert.equal(plan.qualify, null);
    assert.equal(plan.name, 'trunk-7', 'a trunk without endpoint is named after its id');
    assert.equal(plan.dynamic, null);
  });

  it('makes a host: dynamic endpoint a trunk its peer registers to, under the endpoint\'s username', () => {
    assert.deepEqual(trunkPlan(row({ endpoint: endpoint('dynamic') })).dynamic, { username: 'provider' });
    assert.equal(trunkPlan(row({ endpoint: endpoint('voip.provider.example') })).dynamic, null);
  });

  it('reads the endpoint\'s callerid option as the caller ID that overwrites its calls\' (null when absent or blank)', () => {
    assert.equal(trunkPlan(row({ endpoint: endpoint('voip.provider.example', [['callerid', '"Branch" <0123456789>']]) })).callerId, '"Branch" <0123456789>');
    assert.equal(trunkPlan(row({ endpoint: endpoint('voip.provider.example', [['caller_id', '555']]) })).callerId, '555');
    assert.equal(trunkPlan(row({ endpoint: endpoint('voip.provider.example', [['callerid', '  ']]) })).callerId, null);
    assert.equal(trunkPlan(row({ endpoint: endpoint('voip.provider.example') })).callerId, null);
  });

  it('takes the credentials from the endpoint when the registration has none, and names a remote port in the URI', () => {
    const plan = trunkPlan(row({ endpoint: endpoint('dynamic'), register: register({ authUsername: null, authPassword: null, callbackExtension: null, remotePort: 5070 }) }));
    assert.deepEqual([plan.registration?.username, plan.registration?.password, plan.registration?.registrarUri, plan.registration?.contactUser], ['provider', 'pass', 'sip:gvgw.simonics.com:5070', 'provider']);
    assert.equal(plan.name, 'provider');
  });

  it('does not register when the registration is disabled', () => {
    assert.equal(trunkPlan(row({ register: register({ enabled: false }) })).registration, null);
  });

  it('qualifies every 60 s by default with `qualify: yes`, every qualifyfreq seconds otherwise, and a numeric qualify is the timeout', () => {
    assert.deepEqual(trunkPlan(row({ endpoint: endpoint('voip.provider.example.com', [['qualify', 'yes']]) })).qualify, { transport: 'udp', host: 'voip.provider.example.com', port: 5060, periodMs: 60_000, timeoutMs: 3_000 });
    assert.deepEqual(trunkPlan(row({ endpoint: endpoint('192.0.2.1:5070', [['qualify', '500'], ['qualifyfreq', '30']]) })).qualify, { transport: 'udp', host: '192.0.2.1', port: 5070, periodMs: 30_000, timeoutMs: 500 });
    assert.equal(trunkPlan(row({ endpoint: endpoint('192.0.2.1', [['port', '5080'], ['qualify', 'yes'], ['transport', 'tcp']]) })).qualify?.port, 5080);
  });

  it('does not qualify without `qualify`, with `qualify: no`, or a dynamic peer', () => {
    assert.equal(trunkPlan(row({ endpoint: endpoint('192.0.2.1') })).qualify, null);
    assert.equal(trunkPlan(row({ endpoint: endpoint('192.0.2.1', [['qualify', 'no']]) })).qualify, null);
    assert.equal(trunkPlan(row({ endpoint: endpoint('dynamic', [['qualify', 'yes']]) })).qualify, null);
  });

  it('MUST read `nat` yes or force_rport as a peer behind NAT, and no, comedia or nothing as not', () => {
    for (const value of ['yes', 'force_rport', 'force_rport,comedia', 'auto_force_rport']) assert.equal(trunkPlan(row({ endpoint: endpoint('192.0.2.1', [['nat', value]]) })).nat, true, value);
    for (const value of ['no', 'comedia']) assert.equal(trunkPlan(row({ endpoint: endpoint('192.0.2.1', [['nat', value]]) })).nat, false, value);
    assert.equal(trunkPlan(row({ endpoint: endpoint('192.0.2.1') })).nat, false);
  });

  it('compares plans by what they run', () => {
    assert.ok(samePlan(trunkPlan(row({ register: register() })), trunkPlan(row({ register: register() }))));
    assert.ok(!samePlan(trunkPlan(row({ register: register() })), trunkPlan(row({ register: register({ expiration: 60 }) }))));
  });

  it('splits host and port, IPv6 references included', () => {
    assert.deepEqual(splitHostPort('[2001:db8::1]:5070'), { host: '2001:db8::1', port: 5070 });
    assert.deepEqual(splitHostPort('example.com'), { host: 'example.com', port: undefined });
  });
});
