import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { channel } from '../../actors/index.ts';
import { createSipStack, type InviteServerSession, type SipStack } from '../../transport/index.ts';
import { callerAddress, createClientLegPort } from './client-leg-port.ts';
import { createServerLegPort } from './server-leg-port.ts';

const OFFER = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=sendrecv\r\n';
const ANSWER = OFFER.replace('40000', '40002');

/** Resolves once `condition` holds, polling on the event loop; rejects after `limitMs`. */
async function waitFor(condition: () => boolean, limitMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > limitMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('a client leg port between two stacks on 127.0.0.1', () => {
  const inbound: InviteServerSession[] = [];
  let pbx: SipStack;
  let phone: SipStack;

  before(async () => {
    const base = { address: '127.0.0.1', port: 0, transports: ['udp'] as const, handlers: {}, serverName: 'parley-test' };
    phone = await createSipStack({
      ...base,
      sessions: {
        onInvite: (session) => {
          inbound.push(session);
          session.provisional(180);
          session.accept({ sdp: ANSWER });
        },
      },
    });
    pbx = await createSipStack({ ...base, sessions: { onInvite: (session) => void session.reject(603) } });
  });

  after(async () => {
    await Promise.all([pbx.close(), phone.close()]);
  });

  it('MUST reach the UAS with the caller in From and report its 180 and 200 as sip.provisional and sip.answered', async () => {
    const facts: channel.SipLegFact[] = [];
    const port = createClientLegPort({
      startInvite: (options) => pbx.startInvite(options),
      from: (caller) => callerAddress(caller, '127.0.0.1'),
      onFact: (fact) => facts.push(fact),
    });
    const target: channel.DialTarget = {
      requestUri: `sip:bob@127.0.0.1:${String(phone.local.port)}`,
      toUri: 'sip:1002@127.0.0.1',
      destination: { transport: 'udp', address: '127.0.0.1', port: phone.local.port },
    };
    port.invite(target, { name: 'Alice', number: '1001' }, OFFER);
    await waitFor(() => facts.some((fact) => fact.type === 'sip.answered'));
    assert.deepEqual(facts, [{ type: 'sip.provisional', status: 180 }, { type: 'sip.answered', sdp: ANSWER }]);
    assert.match(inbound[0]?.request.headers['from']?.[0] ?? '', /^"Alice" <sip:1001@127\.0\.0\.1>;tag=/);
    port.bye();
    await waitFor(() => pbx.sessionCounts().dialogs === 0 && phone.sessionCounts().dialogs === 0);
  });
});

describe('a client leg port calling a server leg port on 127.0.0.1', () => {
  const calleeFacts: channel.SipLegFact[] = [];
  let pbx: SipStack;
  let phone: SipStack;

  before(async () => {
    const base = { address: '127.0.0.1', port: 0, transports: ['tcp'] as const, handlers: {}, serverName: 'parley-test' };
    phone = await createSipStack({
      ...base,
      sessions: {
        onInvite: (session) => {
          const port = createServerLegPort(session, { onFact: (fact) => calleeFacts.push(fact) });
          port.provisional(180, undefined);
          port.accept(ANSWER);
        },
      },
    });
    pbx = await createSipStack({ ...base, sessions: { onInvite: (session) => void session.reject(603) } });
  });

  after(async () => {
    await Promise.all([pbx.close(), phone.close()]);
  });

  it('MUST confirm the inbound leg on ACK and report the BYE of the outbound leg as sip.bye_received', async () => {
    const callerFacts: channel.SipLegFact[] = [];
    const port = createClientLegPort({
      startInvite: (options) => pbx.startInvite(options),
      from: (caller) => callerAddress(caller, '127.0.0.1'),
      onFact: (fact) => callerFacts.push(fact),
    });
    const destination = { transport: 'tcp', address: '127.0.0.1', port: phone.local.port } as const;
    port.invite({ requestUri: `sip:bob@127.0.0.1:${String(phone.local.port)};transport=tcp`, toUri: 'sip:1002@127.0.0.1', destination }, { name: 'Alice', number: '1001' }, OFFER);
    await waitFor(() => calleeFacts.some((fact) => fact.type === 'sip.confirmed'));
    port.bye();
    await waitFor(() => calleeFacts.some((fact) => fact.type === 'sip.bye_received'));
    assert.deepEqual(calleeFacts, [{ type: 'sip.confirmed' }, { type: 'sip.bye_received' }]);
  });
});
