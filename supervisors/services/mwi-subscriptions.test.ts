/**
 * The SUBSCRIBE handler of message-waiting indication, before any store read: the event package
 * (489), the digest challenge (401), a subscriber asking for another user's AOR (403), and the
 * lifetime (423 Interval Too Brief with Min-Expires).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sipMessage, type DigestVerdict } from '../../transport/index.ts';
import type { Queryable } from '../../store/index.ts';
import { createMwiSubscriptions } from './mwi-subscriptions.ts';

const subscribe = (headers: Record<string, string>): sipMessage.SipRequest => {
  const lines = [
    'SUBSCRIBE sip:1002@pbx SIP/2.0', 'Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK-1', 'From: <sip:1002@pbx>;tag=a', 'To: <sip:1002@pbx>',
    'Call-ID: c1', 'CSeq: 1 SUBSCRIBE', 'Contact: <sip:1002@10.0.0.2:5060>', 'Max-Forwards: 70',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), 'Content-Length: 0', '', '',
  ];
  const parsed = sipMessage.parseMessage(Buffer.from(lines.join('\r\n')));
  assert.ok(parsed.type === 'ok' && parsed.message.type === 'request');
  return parsed.message;
};

const noDatabase: Queryable = { query: () => Promise.reject(new Error('no store in this test')) } as unknown as Queryable;

function handler(verdict: DigestVerdict) {
  return createMwiSubscriptions({
    stack: { sendInDialog: () => ({ type: 'error', detail: 'not in this test' }) },
    authenticator: { verify: () => Promise.resolve(verdict), challenge: () => ({ status: 401, headers: { 'www-authenticate': ['Digest realm="parley"'] } }) },
    database: noDatabase, logger: { warn: () => undefined, debug: () => undefined }, accountHost: 'pbx', contact: 'sip:pbx:5060',
  });
}
const incoming = (request: sipMessage.SipRequest) => ({ request, source: { transport: 'udp' as const, address: '10.0.0.2', port: 5060 }, transactionId: 't1' });
const as1002: DigestVerdict = { type: 'authenticated', username: '1002', realm: 'parley', algorithm: 'MD5' };

describe('SUBSCRIBE message-summary', () => {
  it('MUST answer 489 Bad Event with Allow-Events for another event package', async () => {
    const response = await handler(as1002).onSubscribe(incoming(subscribe({ Event: 'presence' })));
    assert.deepEqual([response.status, sipMessage.getHeader(response, 'allow-events')], [489, 'message-summary']);
  });

  it('MUST challenge a SUBSCRIBE without credentials (401)', async () => {
    const response = await handler({ type: 'challenge', stale: false }).onSubscribe(incoming(subscribe({ Event: 'message-summary' })));
    assert.equal(response.status, 401);
  });

  it("MUST refuse a line subscribing to another user's AOR (403)", async () => {
    const response = await handler({ ...as1002, username: '1001' }).onSubscribe(incoming(subscribe({ Event: 'message-summary' })));
    assert.equal(response.status, 403);
  });

  it('MUST answer 423 with Min-Expires for a lifetime under the minimum', async () => {
    const response = await handler(as1002).onSubscribe(incoming(subscribe({ Event: 'message-summary', Expires: '5' })));
    assert.deepEqual([response.status, sipMessage.getHeader(response, 'min-expires')], [423, '60']);
  });

  it('MUST answer 481 to a refresh (To tag) of a subscription it does not know', async () => {
    const request = subscribe({ Event: 'message-summary' });
    const refresh = { ...request, headers: { ...request.headers, to: ['<sip:1002@pbx>;tag=gone'] } };
    const response = await handler(as1002).onSubscribe(incoming(refresh));
    assert.equal(response.status, 481);
  });
});
