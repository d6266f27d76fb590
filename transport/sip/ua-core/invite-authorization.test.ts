/**
 * A provider that authenticates our INVITE (RFC 3261 §22.2): the node answers the 401 (or a
 * proxy's 407) with the trunk's credentials, in the same call (Call-ID, From tag) with the next
 * CSeq, and the call goes on; wrong credentials fail the call with the provider's answer, once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSipStack, type SipStack } from '../../sip-stack.ts';
import { createDigestAuthenticator } from '../auth/index.ts';
import { getHeader, parseCSeq, parseNameAddress, type SipRequest } from '../message/index.ts';
import type { SessionEvent } from './session-events.ts';
import { sdp } from './testing/session-harness.ts';

async function waitFor(condition: () => boolean, limitMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > limitMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('an INVITE challenged by a provider', () => {
  const invites: SipRequest[] = [];
  let provider: SipStack;
  let node: SipStack;
  /** The provider acts as a proxy (407) for numbers starting with 9. */
  before(async () => {
    const authenticator = createDigestAuthenticator({
      realm: 'provider.example', nonceSecret: randomBytes(32), clock: { now: () => Date.now() }, random: (count) => randomBytes(count),
      lookup: (username) => Promise.resolve(username === 'trunk-7' ? { password: 's3cret' } : undefined),
    });
    provider = await createSipStack({
      address: '127.0.0.1', port: 0, transports: ['udp'], handlers: {}, serverName: 'provider',
      sessions: {
        onInvite: (session) => {
          invites.push(session.request);
          const proxy = session.request.uri.startsWith('sip:9');
          void authenticator.verify(session.request, { proxy }).then((verdict) => {
            if (verdict.type === 'authenticated') return void session.accept({ sdp: sdp() });
            if (verdict.type === 'forbidden') return void session.reject(403);
            const challenge = authenticator.challenge(session.request, { proxy });
            session.reject(challenge.status, { headers: challenge.headers });
          });
        },
      },
    });
    node = await createSipStack({ address: '127.0.0.1', port: 0, transports: ['udp'], handlers: {}, serverName: 'node', sessions: { onInvite: (session) => void session.reject(603) } });
  });
  after(async () => {
    await Promise.all([provider.close(), node.close()]);
  });

  function call(number: string, password: string): SessionEvent[] {
    const events: SessionEvent[] = [];
    const started = node.startInvite({
      requestUri: `sip:${number}@127.0.0.1:${provider.local.port}`, from: '"Alice" <sip:+33100000001@node.example>', to: `<sip:${number}@provider.example>`,
      sdp: sdp(), destination: { transport: 'udp', address: '127.0.0.1', port: provider.local.port }, credentials: { username: 'trunk-7', password },
    });
    assert.equal(started.type, 'started');
    if (started.type === 'started') started.session.listen((event) => void events.push(event));
    return events;
  }
  const cseqOf = (request: SipRequest) => parseCSeq(getHeader(request, 'cseq') ?? '')?.sequence;
  const fromTagOf = (request: SipRequest) => parseNameAddress(getHeader(request, 'from') ?? '')?.params['tag'];

  for (const [kind, number, header] of [['401 (the provider itself)', '0123456789', 'authorization'], ['407 (a proxy)', '9123456789', 'proxy-authorization']] as const) {
    it(`MUST answer a ${kind} with the credentials, in the same call with the next CSeq, and get the call answered`, async () => {
      const before = invites.length;
      const events = call(number, 's3cret');
      await waitFor(() => events.some((event) => event.type === 'answered' || event.type === 'failed'));
      assert.deepEqual(events.map((event) => event.type), ['answered']);
      const [first, second] = invites.slice(before);
      assert.ok(first !== undefined && second !== undefined);
      assert.equal(getHeader(second, 'call-id'), getHeader(first, 'call-id'));
      assert.equal(fromTagOf(second), fromTagOf(first));
      assert.equal(cseqOf(second), (cseqOf(first) ?? 0) + 1);
      assert.equal(getHeader(first, header), undefined);
      assert.match(getHeader(second, header) ?? '', /username="trunk-7"/);
    });
  }

  it('MUST fail the call with the provider\'s answer when the credentials are wrong, after one retry', async () => {
    const before = invites.length;
    const events = call('0123456789', 'wrong');
    await waitFor(() => events.some((event) => event.type === 'failed'));
    assert.deepEqual(events.filter((event) => event.type !== 'terminated').map((event) => (event.type === 'failed' ? event.status : event.type)), [403]);
    assert.equal(invites.length - before, 2);
  });
});
