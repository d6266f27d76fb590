import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSipStack, type SipStack } from '../../sip-stack.ts';
import type { SipEndpoint, SipTransportKind } from '../sip-endpoint.ts';
import type { InviteServerSession } from './invite-server-session.ts';
import type { SessionEvent } from './session-events.ts';
import { sdp } from './testing/session-harness.ts';

/** Resolves once `condition` holds, polling on the event loop; rejects after `limitMs`. */
async function waitFor(condition: () => boolean, limitMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > limitMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function endpointOf(stack: SipStack, transport: SipTransportKind): SipEndpoint {
  return { transport, address: '127.0.0.1', port: stack.local.port };
}

/** The PBX in the middle: every inbound INVITE is forwarded to the callee stack as a second leg. */
function bridge(pbx: () => SipStack, callee: () => SipStack, transport: SipTransportKind): (inbound: InviteServerSession) => void {
  return (inbound) => {
    const started = pbx().startInvite({
      requestUri: `sip:carol@127.0.0.1:${String(callee().local.port)}`,
      from: '<sip:pbx@127.0.0.1>',
      to: '<sip:carol@127.0.0.1>',
      ...(inbound.offer === undefined ? {} : { sdp: inbound.offer }),
      destination: endpointOf(callee(), transport),
    });
    if (started.type !== 'started') return void inbound.reject(503);
    const outbound = started.session;
    outbound.listen((event) => {
      if (event.type === 'provisional') inbound.provisional(180);
      if (event.type === 'answered') inbound.accept({ sdp: event.sdp ?? '' });
      if (event.type === 'failed') inbound.reject(event.status);
      if (event.type === 'bye.received') inbound.sendBye();
    });
    inbound.listen((event) => {
      if (event.type === 'bye.received') outbound.sendBye();
      if (event.type === 'cancelled') outbound.cancel();
    });
  };
}

for (const transport of ['udp', 'tcp'] as const) {
  describe(`two INVITE legs bridged over ${transport} on 127.0.0.1`, () => {
    const stacks: SipStack[] = [];
    const calleeEvents: SessionEvent[] = [];
    let caller: SipStack;
    let pbx: SipStack;
    let callee: SipStack;

    before(async () => {
      const base = { address: '127.0.0.1', port: 0, transports: [transport], handlers: {}, serverName: 'parley-loopback' };
      callee = await createSipStack({
        ...base,
        sessions: {
          onInvite: (session) => {
            session.listen((event) => calleeEvents.push(event));
            session.provisional(180);
            session.accept({ sdp: sdp('sendrecv', 7) });
          },
        },
      });
      pbx = await createSipStack({ ...base, sessions: { onInvite: bridge(() => pbx, () => callee, transport) } });
      caller = await createSipStack({ ...base, sessions: { onInvite: (session) => void session.reject(603) } });
      stacks.push(callee, pbx, caller);
    });

    after(async () => {
      await Promise.all(stacks.map((stack) => stack.close()));
    });

    it('MUST carry the callee answer back to the caller and end both legs on BYE', async () => {
      const events: SessionEvent[] = [];
      const started = caller.startInvite({ requestUri: `sip:bob@127.0.0.1:${String(pbx.local.port)}`, from: '<sip:alice@127.0.0.1>', to: '<sip:bob@127.0.0.1>', sdp: sdp(), destination: endpointOf(pbx, transport) });
      if (started.type !== 'started') throw new Error(started.detail);
      started.session.listen((event) => events.push(event));
      await waitFor(() => events.some((event) => event.type === 'answered'));
      assert.deepEqual(events.find((event) => event.type === 'answered'), { type: 'answered', sdp: sdp('sendrecv', 7) });
      started.session.sendBye();
      await waitFor(() => calleeEvents.some((event) => event.type === 'bye.received'));
      await waitFor(() => pbx.sessionCounts().dialogs === 0);
    });
  });
}
