/**
 * Properties: whatever the network does (messages delivered, lost or duplicated, transport
 * failures, time passing), every client transaction reaches exactly one terminal outcome — its
 * final response delivered once, a timeout, or a transport error — and every server transaction
 * absorbs retransmissions while it lives; none leaves a timer armed.
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SipRequest } from '../../transport/sip/message/index.ts';
import type { SipEndpoint } from '../../transport/sip/sip-endpoint.ts';
import { createResponse } from '../../transport/sip/message/index.ts';
import { buildAckForNon2xx, type ClientTransaction, type ServerTransaction } from '../../transport/sip/transactions/index.ts';
import { createLayerHarness, recordingDelegate, type DelegateCall } from '../../transport/sip/transactions/testing/layer-harness.ts';
import { buildRequest, buildResponse, settle, tcp, udp } from '../../transport/sip/transactions/testing/sip-fakes.ts';

type Command =
  | { readonly type: 'start'; readonly method: 'INVITE' | 'OPTIONS' | 'BYE'; readonly reliable: boolean }
  | { readonly type: 'respond'; readonly target: number; readonly status: number; readonly toTag: string; readonly fate: 'deliver' | 'drop' | 'duplicate' }
  | { readonly type: 'advance'; readonly ms: number }
  | { readonly type: 'transport'; readonly failing: boolean };

const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    type: fc.constant('start' as const),
    method: fc.constantFrom('INVITE' as const, 'OPTIONS' as const, 'BYE' as const),
    reliable: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('respond' as const),
    target: fc.nat({ max: 5 }),
    status: fc.constantFrom(100, 180, 183, 200, 202, 302, 404, 486, 487, 503, 603),
    toTag: fc.constantFrom('fork-a', 'fork-b'),
    fate: fc.constantFrom('deliver' as const, 'drop' as const, 'duplicate' as const),
  }),
  fc.record({ type: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1000, max: 70_000 })) }),
  fc.record({ type: fc.constant('transport' as const), failing: fc.boolean() }),
);

interface Tracked {
  readonly request: SipRequest;
  readonly destination: SipEndpoint;
  readonly transaction: ClientTransaction;
  readonly calls: DelegateCall[];
}

const TERMINAL: ReadonlySet<DelegateCall['type']> = new Set(['final', 'timeout', 'transport-error']);

function terminalCount(calls: readonly DelegateCall[]): number {
  return calls.filter((call) => TERMINAL.has(call.type)).length;
}

async function run(commands: readonly Command[]): Promise<void> {
  const harness = createLayerHarness();
  const tracked: Tracked[] = [];
  for (const command of commands) {
    switch (command.type) {
      case 'start': {
        const branch = harness.layer.createBranch();
        const transport = command.reliable ? 'TCP' : 'UDP';
        const request = buildRequest({ method: command.method, via: `SIP/2.0/${transport} 192.0.2.10:5060;branch=${branch}` });
        const destination = command.reliable ? tcp('192.0.2.20', 5060, 'conn') : udp('192.0.2.20', 5060);
        const recorder = recordingDelegate(harness.clock);
        const result = harness.layer.sendRequest(request, destination, recorder.delegate);
        assert.equal(result.type, 'started');
        if (result.type === 'started') tracked.push({ request, destination, transaction: result.transaction, calls: recorder.calls });
        break;
      }
      case 'respond': {
        const target = tracked[command.target % Math.max(tracked.length, 1)];
        if (target === undefined || command.fate === 'drop') break;
        const response = buildResponse(target.request, command.status, command.toTag);
        harness.layer.receive(response, target.destination);
        if (command.fate === 'duplicate') harness.layer.receive(response, target.destination);
        break;
      }
      case 'advance':
        harness.clock.advance(command.ms);
        break;
      case 'transport':
        harness.wire.failSends(command.failing);
        break;
    }
    await settle();
    for (const entry of tracked) assert.ok(terminalCount(entry.calls) <= 1, `${entry.transaction.id}: ${JSON.stringify(entry.calls)}`);
    if (tracked.every((entry) => entry.transaction.state === 'terminated')) {
      assert.equal(harness.clock.pendingTimerCount(), 0, 'a terminated transaction left a timer armed');
    }
  }
  // The peer finally answers whatever is still waiting, and time runs out every timer.
  harness.wire.failSends(false);
  for (const entry of tracked) harness.layer.receive(buildResponse(entry.request, 486), entry.destination);
  harness.clock.advance(120_000);
  await settle();
  for (const entry of tracked) {
    assert.equal(terminalCount(entry.calls), 1, `${entry.transaction.id}: ${JSON.stringify(entry.calls)}`);
    assert.equal(entry.transaction.state, 'terminated');
    const terminalAt = entry.calls.findIndex((call) => TERMINAL.has(call.type));
    const after = entry.calls.slice(terminalAt + 1).filter((call) => call.type !== 'additional');
    assert.deepEqual(after, [], `${entry.transaction.id}: calls after its outcome`);
  }
  assert.equal(harness.clock.pendingTimerCount(), 0, 'a timer is still armed');
  assert.deepEqual(harness.layer.counters().active, { inviteClient: 0, nonInviteClient: 0, inviteServer: 0, nonInviteServer: 0 });
}

describe('client transactions under a hostile network', () => {
  it('MUST end every client transaction with exactly one terminal outcome and no timer left armed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArbitrary, { minLength: 1, maxLength: 40 }), async (commands) => {
        await run(commands);
      }),
      { numRuns: 300 },
    );
  });
});

type ServerCommand =
  | { readonly type: 'request'; readonly method: 'INVITE' | 'OPTIONS'; readonly reliable: boolean }
  | { readonly type: 'retransmit'; readonly target: number }
  | { readonly type: 'respond'; readonly target: number; readonly status: number }
  | { readonly type: 'ack'; readonly target: number }
  | { readonly type: 'advance'; readonly ms: number }
  | { readonly type: 'transport'; readonly failing: boolean };

const serverCommandArbitrary: fc.Arbitrary<ServerCommand> = fc.oneof(
  fc.record({ type: fc.constant('request' as const), method: fc.constantFrom('INVITE' as const, 'OPTIONS' as const), reliable: fc.boolean() }),
  fc.record({ type: fc.constant('retransmit' as const), target: fc.nat({ max: 5 }) }),
  fc.record({ type: fc.constant('respond' as const), target: fc.nat({ max: 5 }), status: fc.constantFrom(100, 180, 200, 404, 486) }),
  fc.record({ type: fc.constant('ack' as const), target: fc.nat({ max: 5 }) }),
  fc.record({ type: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
  fc.record({ type: fc.constant('transport' as const), failing: fc.boolean() }),
);

interface Incoming {
  readonly request: SipRequest;
  readonly source: SipEndpoint;
  transaction: ServerTransaction | undefined;
}

function pick(incoming: readonly Incoming[], target: number): Incoming | undefined {
  return incoming[target % Math.max(incoming.length, 1)];
}

async function runServer(commands: readonly ServerCommand[]): Promise<void> {
  const harness = createLayerHarness();
  const incoming: Incoming[] = [];
  const receive = (entry: Incoming): void => {
    const before = harness.tu.requests.length;
    const wasLive = entry.transaction !== undefined && entry.transaction.state !== 'terminated';
    harness.layer.receive(entry.request, entry.source);
    const created = harness.tu.requests.length > before;
    assert.equal(created, !wasLive, 'a live transaction must absorb its retransmissions, a new request must reach the TU');
    if (created) entry.transaction = harness.tu.requests.at(-1);
  };
  for (const command of commands) {
    if (command.type === 'request') {
      const transport = command.reliable ? 'TCP' : 'UDP';
      const request = buildRequest({ method: command.method, via: `SIP/2.0/${transport} 192.0.2.10:5060;branch=${harness.layer.createBranch()}` });
      const entry: Incoming = { request, source: command.reliable ? tcp('192.0.2.10', 40_000, 'c') : udp('192.0.2.10', 5060), transaction: undefined };
      incoming.push(entry);
      receive(entry);
    } else if (command.type === 'retransmit') {
      const entry = pick(incoming, command.target);
      if (entry !== undefined) receive(entry);
    } else if (command.type === 'respond') {
      const transaction = pick(incoming, command.target)?.transaction;
      if (transaction !== undefined) harness.layer.respond(transaction, createResponse(transaction.request, command.status, { toTag: 'uas' }));
    } else if (command.type === 'ack') {
      const entry = pick(incoming, command.target);
      const final = entry?.transaction?.request.method === 'INVITE' ? harness.wire.responses().find((response) => response.status >= 300) : undefined;
      if (entry !== undefined && final !== undefined) harness.layer.receive(buildAckForNon2xx(entry.request, final), entry.source);
    } else if (command.type === 'advance') {
      harness.clock.advance(command.ms);
    } else {
      harness.wire.failSends(command.failing);
    }
    await settle();
  }
  for (const entry of incoming) {
    const transaction = entry.transaction;
    if (transaction !== undefined) harness.layer.respond(transaction, createResponse(transaction.request, 500, { toTag: 'uas' }));
  }
  harness.clock.advance(120_000);
  await settle();
  for (const entry of incoming) assert.equal(entry.transaction?.state, 'terminated');
  assert.equal(harness.clock.pendingTimerCount(), 0, 'a timer is still armed');
  assert.deepEqual(harness.layer.counters().active, { inviteClient: 0, nonInviteClient: 0, inviteServer: 0, nonInviteServer: 0 });
}

describe('server transactions under a hostile network', () => {
  it('MUST absorb retransmissions while live, end every transaction once answered and leave no timer armed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(serverCommandArbitrary, { minLength: 1, maxLength: 40 }), async (commands) => {
        await runServer(commands);
      }),
      { numRuns: 300 },
    );
  });
});
