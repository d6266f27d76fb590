/**
 * A trunk's outbound registration and qualify against SIPp acting as the provider: the client
 * registers with digest (401 then 200), refreshes before expiry, unregisters on stop, backs off
 * after 403 and 503; qualify marks the peer unreachable when it stops answering OPTIONS and
 * reachable again when it answers. Real UDP sockets on loopback, the node's own SIP stack.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSipStack, outbound, type SipStack } from '../../transport/index.ts';
import { runSipp } from '../support/sipp.ts';
import { freeSipPort } from '../support/free-port.ts';
import { waitUntil } from '../support/wait-until.ts';

let stack: SipStack;
before(async () => {
  stack = await createSipStack({ address: '127.0.0.1', port: 0, transports: ['udp'], handlers: {}, serverName: 'parley-test' });
});
after(async () => {
  await stack.close();
});

function client(providerPort: number, policy: Partial<outbound.RegistrationPolicy>, states: { at: number; state: outbound.RegistrationState }[]): outbound.RegistrationClient {
  return outbound.createRegistrationClient({
    layer: stack.transactionLayer,
    clock: outbound.createSystemClock(),
    destination: { transport: 'udp', address: '127.0.0.1', port: providerPort },
    registrarUri: `sip:127.0.0.1:${providerPort}`,
    addressOfRecord: 'sip:trunkuser@127.0.0.1',
    contact: `sip:trunkuser@127.0.0.1:${stack.local.port}`,
    sentBy: `127.0.0.1:${stack.local.port}`,
    username: 'trunkuser',
    password: 'trunkpass',
    policy,
    onState: (state) => states.push({ at: Date.now(), state }),
  });
}

describe('trunk outbound registration against a SIPp registrar', () => {
  it('registers with digest (401 then 200), refreshes before the 4 s expiry, and unregisters with Expires 0 on stop', async () => {
    const providerPort = await freeSipPort();
    const provider = runSipp({ scenario: 'uas-registrar-challenge-refresh-unregister.xml', target: '127.0.0.1', localPort: providerPort, timeoutS: 20, traceMessages: true });
    const states: { at: number; state: outbound.RegistrationState }[] = [];
    const registration = client(providerPort, {}, states);
    registration.start();
    assert.ok(await waitUntil(() => states.filter((entry) => entry.state.type === 'registered').length >= 2, { timeoutMs: 10_000 }), JSON.stringify(states));
    const [first, second] = states.filter((entry) => entry.state.type === 'registered');
    assert.ok(first !== undefined && second !== undefined);
    const refreshAfterMs = second.at - first.at;
    assert.ok(refreshAfterMs >= 1_500 && refreshAfterMs < 4_000, `refreshed ${refreshAfterMs} ms after registering, before the 4 s expiry`);
    await registration.stop();
    assert.equal(registration.state().type, 'stopped');
    const run = await provider;
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    assert.match(run.messages, /Authorization: Digest username="trunkuser"/);
  });

  it('waits the forbidden retry after a 403, backs off after a 503, then registers; unregisters on stop', async () => {
    const providerPort = await freeSipPort();
    const provider = runSipp({ scenario: 'uas-registrar-403-503-then-accept.xml', target: '127.0.0.1', localPort: providerPort, timeoutS: 20 });
    const states: { at: number; state: outbound.RegistrationState }[] = [];
    const registration = client(providerPort, { retryBaseMs: 400, retryMaxMs: 2_000, forbiddenRetryMs: 1_500 }, states);
    registration.start();
    assert.ok(await waitUntil(() => registration.registered(), { timeoutMs: 10_000 }), JSON.stringify(states));
    const retries = states.filter((entry) => entry.state.type === 'retrying');
    assert.deepEqual(retries.map((entry) => entry.state.type === 'retrying' ? entry.state.failure : undefined), [{ type: 'forbidden', status: 403 }, { type: 'rejected', status: 503 }]);
    const attempts = states.filter((entry) => entry.state.type === 'registering');
    const forbiddenWait = (attempts[1]?.at ?? 0) - (retries[0]?.at ?? 0);
    const unavailableWait = (attempts[2]?.at ?? 0) - (retries[1]?.at ?? 0);
    assert.ok(forbiddenWait >= 1_400, `waited ${forbiddenWait} ms after the 403`);
    assert.ok(unavailableWait >= 700 && unavailableWait < 1_500, `waited ${unavailableWait} ms after the 503 (second failure: 2 × 400 ms)`);
    await registration.stop();
    const run = await provider;
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
  });
});

describe('trunk qualify against a SIPp peer', () => {
  it('is reachable while the peer answers OPTIONS, unreachable once it stops, and reachable again when it answers', async () => {
    const peerPort = await freeSipPort();
    const seen: outbound.Reachability[] = [];
    const qualify = outbound.createQualifyClient({
      layer: stack.transactionLayer,
      clock: outbound.createSystemClock(),
      destination: { transport: 'udp', address: '127.0.0.1', port: peerPort },
      targetUri: `sip:127.0.0.1:${peerPort}`,
      fromUri: 'sip:parley@127.0.0.1',
      sentBy: `127.0.0.1:${stack.local.port}`,
      policy: { periodMs: 300, timeoutMs: 700 },
      onReachability: (state) => seen.push(state.reachability),
    });
    const answering = runSipp({ scenario: 'uas-answer-options.xml', target: '127.0.0.1', localPort: peerPort, calls: 2, timeoutS: 10 });
    qualify.start();
    assert.ok(await waitUntil(() => qualify.state().reachability === 'reachable', { timeoutMs: 5_000 }), seen.join());
    const first = await answering;
    assert.equal(first.exitCode, 0, first.errors || first.stdout);
    assert.ok(await waitUntil(() => qualify.state().reachability === 'unreachable', { timeoutMs: 5_000 }), seen.join());
    const again = runSipp({ scenario: 'uas-answer-options.xml', target: '127.0.0.1', localPort: peerPort, calls: 1, timeoutS: 10 });
    assert.ok(await waitUntil(() => qualify.state().reachability === 'reachable', { timeoutMs: 5_000 }), seen.join());
    qualify.stop();
    assert.equal((await again).exitCode, 0);
    assert.deepEqual(seen, ['reachable', 'unreachable', 'reachable']);
  });
});
