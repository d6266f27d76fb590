/**
 * The registrar as phones see it: SIPp registers to a running node over UDP and TCP, with digest
 * authentication, refreshes, unregisters, pings with OPTIONS, and loses packets.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runSipp, type SippOptions } from '../support/sipp.ts';
import { freeSipPort } from '../support/free-port.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

let testNode: TestNode;

before(async () => {
  testNode = await startTestNode();
});
after(async () => {
  await testNode.close();
});

async function sipp(options: Omit<SippOptions, 'target' | 'localPort'>) {
  return runSipp({ target: `127.0.0.1:${testNode.sipPort}`, localPort: await freeSipPort(), ...options });
}

const aor = (user: string) => `sip:${user}@127.0.0.1`;

describe('REGISTER with digest authentication (RFC 3261 §10, RFC 7616)', () => {
  it('a phone with the right password MUST be challenged, then registered: 200 OK lists its contact', async () => {
    const run = await sipp({ scenario: 'uac-register-expect-200.xml', user: '1001', password: testNode.passwords['1001'], injection: ['120;'] });
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    const bindings = await testNode.node.sip.registrar.lookup(aor('1001'));
    assert.equal(bindings.length, 1);
  });

  it('the binding MUST remember where the REGISTER really came from (for phones behind NAT)', async () => {
    const localPort = await freeSipPort();
    const run = await runSipp({
      target: `127.0.0.1:${testNode.sipPort}`, localPort, scenario: 'uac-register-expect-200.xml',
      user: '1002', password: testNode.passwords['1002'], injection: ['120;'],
    });
    assert.equal(run.exitCode, 0, run.errors);
    const [binding] = await testNode.node.sip.registrar.lookup(aor('1002'));
    assert.deepEqual(binding?.received, { transport: 'udp', address: '127.0.0.1', port: localPort });
  });

  it('a wrong password MUST get 403 after the challenge', async () => {
    const run = await sipp({ scenario: 'uac-register-wrong-password-expect-403.xml', user: '1001', password: 'not-the-password', injection: ['120;'], traceMessages: true });
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
  });

  it('an unknown user MUST get the same 403 as a wrong password (no user enumeration)', async () => {
    const wrong = await sipp({ scenario: 'uac-register-wrong-password-expect-403.xml', user: '1001', password: 'bad', injection: ['120;'], traceMessages: true });
    const unknown = await sipp({ scenario: 'uac-register-wrong-password-expect-403.xml', user: '7777', password: 'bad', injection: ['120;'], traceMessages: true });
    assert.equal(unknown.exitCode, 0, unknown.errors);
    assert.deepEqual(responseShape(unknown.messages, 403), responseShape(wrong.messages, 403));
  });

  it('a phone MUST be able to re-register before expiry, then unregister its contact alone (Expires: 0)', async () => {
    const localPort = await freeSipPort();
    const before = await testNode.node.sip.registrar.lookup(aor('1002'));
    const run = await runSipp({
      target: `127.0.0.1:${testNode.sipPort}`, localPort, scenario: 'uac-register-refresh-unregister-expect-200.xml',
      user: '1002', password: testNode.passwords['1002'], injection: ['60;'],
    });
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    const after = await testNode.node.sip.registrar.lookup(aor('1002'));
    assert.deepEqual(after.map((binding) => binding.contact), before.map((binding) => binding.contact));
  });

  it('"Contact: *" with Expires: 0 MUST remove every binding of the address of record', async () => {
    const run = await sipp({ scenario: 'uac-unregister-all-expect-200.xml', user: '1002', password: testNode.passwords['1002'] });
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    assert.deepEqual(await testNode.node.sip.registrar.lookup(aor('1002')), []);
  });

  it('registration MUST work over TCP, with the response on the same connection', async () => {
    const run = await sipp({ scenario: 'uac-register-expect-200.xml', transport: 't1', user: '1001', password: testNode.passwords['1001'], injection: ['120;'] });
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
  });

  it('with 10 % of packets lost, retransmissions MUST still complete every registration', async () => {
    const run = await sipp({
      scenario: 'uac-register-expect-200.xml', user: '1001', password: testNode.passwords['1001'], injection: ['120;'],
      calls: 40, ratePerSecond: 20, lossPercent: 10, timeoutS: 60,
    });
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    assert.equal(run.successfulCalls, 40);
  });
});

describe('OPTIONS (RFC 3261 §11)', () => {
  it('MUST be answered 200 OK with an Allow header listing REGISTER', async () => {
    const run = await sipp({ scenario: 'uac-options-expect-200.xml', calls: 5, ratePerSecond: 50 });
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
  });
});

/** The status line and header names of the received responses with `status`, in order. */
function responseShape(messages: string, status: number): string[][] {
  return messages
    .split(/-{20,}[^\n]*\n/)
    .filter((block) => block.includes(`received`) && block.includes(`SIP/2.0 ${status} `))
    .map((block) => {
      const lines = block.split(/\r?\n/).filter((line) => line.length > 0);
      const start = lines.findIndex((line) => line.startsWith('SIP/2.0'));
      return [lines[start] ?? '', ...lines.slice(start + 1).map((line) => (line.split(':')[0] ?? '').toLowerCase())];
    });
}
