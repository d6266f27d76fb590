import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSipStack, type SipStack } from '../../sip-stack.ts';
import { createUasDialog } from '../dialogs/index.ts';
import { createResponse, getHeader, parseMessage, type SipRequest } from '../message/index.ts';
import type { IncomingRequest } from './sip-core.ts';

const base = { address: '127.0.0.1', port: 0, handlers: {}, serverName: 'parley-test', transports: ['udp' as const] };

describe('a NOTIFY within a subscription dialog (RFC 6665 §4.2.2)', () => {
  const received: IncomingRequest[] = [];
  let node: SipStack;
  let phone: SipStack;

  before(async () => {
    node = await createSipStack(base);
    phone = await createSipStack({ ...base, serverName: 'phone', handlers: { NOTIFY: (incoming) => (received.push(incoming), createResponse(incoming.request, 200)) } });
  });
  after(async () => {
    await node.close();
    await phone.close();
  });

  /** The SUBSCRIBE the phone sent, and the node's 200 with its tag. */
  function subscription() {
    const text = [
      `SUBSCRIBE sip:1002@127.0.0.1:${node.local.port} SIP/2.0`, 'Via: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bK-s1', 'From: <sip:1002@pbx>;tag=phone-tag',
      'To: <sip:1002@pbx>', 'Call-ID: sub-1', 'CSeq: 7 SUBSCRIBE', `Contact: <sip:1002@127.0.0.1:${phone.local.port}>`, 'Event: message-summary', 'Content-Length: 0', '', '',
    ].join('\r\n');
    const parsed = parseMessage(Buffer.from(text));
    assert.ok(parsed.type === 'ok' && parsed.message.type === 'request');
    const request: SipRequest = parsed.message;
    const created = createUasDialog(request, createResponse(request, 200, { toTag: 'node-tag' }), { overTls: false });
    assert.ok(created.type === 'ok');
    return created.dialog;
  }

  it("MUST reach the subscriber's contact with the dialog's Call-ID and tags, and CSeq moving on from request to request", async () => {
    const destination = { transport: 'udp' as const, address: '127.0.0.1', port: phone.local.port };
    const first = node.sendInDialog({ dialog: subscription(), method: 'NOTIFY', destination, headers: { event: ['message-summary'] } });
    assert.ok(first.type === 'sent');
    assert.equal((await first.result).type, 'answered');
    const second = node.sendInDialog({ dialog: first.dialog, method: 'NOTIFY', destination, headers: { event: ['message-summary'] } });
    assert.ok(second.type === 'sent');
    await second.result;
    const [one, two] = received.map((incoming) => incoming.request);
    assert.deepEqual([getHeader(one!, 'call-id'), getHeader(one!, 'from'), getHeader(one!, 'to')], ['sub-1', '<sip:1002@pbx>;tag=node-tag', '<sip:1002@pbx>;tag=phone-tag']);
    assert.equal(Number(getHeader(two!, 'cseq')?.split(' ')[0]), Number(getHeader(one!, 'cseq')?.split(' ')[0]) + 1);
  });

  it('MUST refuse to send an INVITE this way', () => {
    const destination = { transport: 'udp' as const, address: '127.0.0.1', port: phone.local.port };
    assert.equal(node.sendInDialog({ dialog: subscription(), method: 'INVITE', destination }).type, 'error');
  });
});
