import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { createSipStack, type SipStack } from '../../sip-stack.ts';
import { createResponse, getHeader, parseNameAddress, parseVia, type SipRequest } from '../message/index.ts';
import type { SipTransportKind } from '../sip-endpoint.ts';
import { buildOutOfDialogRequest } from './out-of-dialog-request.ts';
import type { IncomingRequest } from './sip-core.ts';

const base = { address: '127.0.0.1', port: 0, handlers: {}, serverName: 'parley-test' };

describe('an out-of-dialog request', () => {
  it('MUST carry the fields of a UAC request and keep the caller from replacing the ones transactions match on', () => {
    const request = buildOutOfDialogRequest({
      method: 'NOTIFY', requestUri: 'sip:1002@192.0.2.7:5062', toUri: 'sip:1002@pbx.example', from: '<sip:pbx@pbx.example>', fromTag: 'f1',
      callId: 'c1', via: 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa;rport', contact: '<sip:192.0.2.1:5060>', userAgent: 'parley-test',
      headers: { event: ['talk'], 'Call-ID': ['forged'], cseq: ['9 INVITE'] },
    });
    assert.equal(request.uri, 'sip:1002@192.0.2.7:5062');
    assert.equal(getHeader(request, 'to'), '<sip:1002@pbx.example>');
    assert.equal(getHeader(request, 'from'), '<sip:pbx@pbx.example>;tag=f1');
    assert.equal(getHeader(request, 'call-id'), 'c1');
    assert.equal(getHeader(request, 'cseq'), '1 NOTIFY');
    assert.equal(getHeader(request, 'max-forwards'), '70');
    assert.equal(getHeader(request, 'event'), 'talk');
    assert.equal(request.body.length, 0);
  });
});

for (const transport of ['udp', 'tcp'] as const satisfies readonly SipTransportKind[]) {
  describe(`an out-of-dialog NOTIFY between two stacks over ${transport}`, () => {
    const received: IncomingRequest[] = [];
    let node: SipStack;
    let phone: SipStack;
    let deaf: SipStack;

    before(async () => {
      node = await createSipStack({ ...base, transports: [transport] });
      phone = await createSipStack({
        ...base, transports: [transport], serverName: 'phone',
        handlers: {
          NOTIFY: (incoming) => {
            received.push(incoming);
            return createResponse(incoming.request, getHeader(incoming.request, 'event') === 'talk' ? 200 : 489);
          },
        },
      });
      deaf = await createSipStack({ ...base, transports: [transport] });
    });
    after(async () => {
      await Promise.all([node.close(), phone.close(), deaf.close()]);
    });

    const destination = (stack: SipStack) => ({ transport, address: '127.0.0.1', port: stack.local.port });

    it('MUST resolve with the 200 of the phone, which gets a well-formed request', async () => {
      const result = await node.sendOutOfDialog({
        method: 'NOTIFY', requestUri: `sip:1002@127.0.0.1:${String(phone.local.port)}`, toUri: 'sip:1002@127.0.0.1',
        headers: { event: ['talk'] }, destination: destination(phone),
      });
      assert.equal(result.type, 'answered');
      assert.equal(result.type === 'answered' ? result.status : 0, 200);
      const request: SipRequest | undefined = received.at(-1)?.request;
      assert.ok(request !== undefined);
      assert.equal(request.method, 'NOTIFY');
      const via = parseVia(getHeader(request, 'via') ?? '');
      assert.match(via?.params['branch'] ?? '', /^z9hG4bK/);
      assert.equal(via?.transport, transport.toUpperCase());
      assert.ok(parseNameAddress(getHeader(request, 'from') ?? '')?.params['tag'], 'From has a tag');
      assert.equal(getHeader(request, 'to'), '<sip:1002@127.0.0.1>');
      assert.ok(getHeader(request, 'call-id'));
      assert.equal(getHeader(request, 'cseq'), '1 NOTIFY');
      assert.equal(getHeader(request, 'max-forwards'), '70');
      assert.match(getHeader(request, 'contact') ?? '', new RegExp(`^<sip:127\\.0\\.0\\.1:${String(node.local.port)}`));
      assert.equal(getHeader(request, 'event'), 'talk');
      assert.equal(getHeader(request, 'content-length'), '0');
    });

    it("MUST resolve with the phone's refusal as a value: 489 for an event it does not take, 405 without NOTIFY", async () => {
      const refused = await node.sendOutOfDialog({ method: 'NOTIFY', requestUri: 'sip:1002@127.0.0.1', toUri: 'sip:1002@127.0.0.1', headers: { event: ['check-sync'] }, destination: destination(phone) });
      assert.deepEqual(refused.type === 'answered' ? [refused.status, refused.reason] : refused, [489, 'Bad Event']);
      const unserved = await node.sendOutOfDialog({ method: 'NOTIFY', requestUri: 'sip:1002@127.0.0.1', toUri: 'sip:1002@127.0.0.1', headers: { event: ['talk'] }, destination: destination(deaf) });
      assert.equal(unserved.type === 'answered' ? unserved.status : unserved.type, 405);
    });
  });
}

describe('an out-of-dialog request nobody answers', () => {
  let node: SipStack;
  let silent: Socket;
  const datagrams: string[] = [];

  before(async () => {
    // T1 of 5 ms: Timer F (64·T1) fires after 320 ms.
    node = await createSipStack({ ...base, transports: ['udp'], t1Ms: 5 });
    silent = createSocket('udp4');
    silent.on('message', (bytes) => void datagrams.push(bytes.toString('utf8')));
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
  });
  after(async () => {
    silent.close();
    await node.close();
  });

  it('MUST resolve with a timeout when Timer F fires, after retransmitting the request', async () => {
    const port = silent.address().port;
    const result = await node.sendOutOfDialog({ method: 'NOTIFY', requestUri: `sip:1002@127.0.0.1:${String(port)}`, toUri: 'sip:1002@127.0.0.1', headers: { event: ['talk'] }, destination: { transport: 'udp', address: '127.0.0.1', port } });
    assert.deepEqual(result, { type: 'timeout' });
    assert.ok(datagrams.length > 1, 'Timer E retransmits over UDP');
    assert.match(datagrams[0] ?? '', /^NOTIFY sip:1002@127\.0\.0\.1:\d+ SIP\/2\.0\r\n/);
    assert.match(datagrams[0] ?? '', /\r\nContent-Length: 0\r\n\r\n$/);
  });

  it('MUST refuse INVITE, ACK and CANCEL and unreadable addresses without sending anything', async () => {
    const sent = datagrams.length;
    const destination = { transport: 'udp' as const, address: '127.0.0.1', port: silent.address().port };
    for (const method of ['INVITE', 'ACK', 'CANCEL', 'notify', '']) {
      const result = await node.sendOutOfDialog({ method, requestUri: 'sip:1002@127.0.0.1', toUri: 'sip:1002@127.0.0.1', destination });
      assert.equal(result.type === 'error' ? result.code : result.type, 'invalid-method', method);
    }
    const unreadable = await node.sendOutOfDialog({ method: 'NOTIFY', requestUri: 'not a uri', toUri: 'sip:1002@127.0.0.1', destination });
    assert.equal(unreadable.type === 'error' ? unreadable.code : unreadable.type, 'invalid-address');
    const noContact = await node.sendOutOfDialog({ method: 'NOTIFY', requestUri: 'sip:1002@127.0.0.1', toUri: 'sip:1002@127.0.0.1', destination: { ...destination, transport: 'ws' } });
    assert.equal(noContact.type === 'error' ? noContact.code : noContact.type, 'no-contact');
    assert.equal(datagrams.length, sent);
  });
});
