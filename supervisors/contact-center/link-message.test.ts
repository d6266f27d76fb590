import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LINK_EVENT, LINK_VERSION, linkEvent, readLinkEvent, type LinkEnvelope } from './link-message.ts';

const envelope = (overrides: Partial<LinkEnvelope> = {}): LinkEnvelope => ({
  v: LINK_VERSION, to: 'node-b', from: 'node-a', epoch: 3,
  message: { type: 'call.queue_update', callId: '1700000000.1', queueId: 7, update: { type: 'entered', position: 1 } },
  ...overrides,
});

describe('contact-center link envelopes', () => {
  it('carries an envelope as an internal bus event, which websocketd gives to no client', () => {
    const event = linkEvent(envelope());
    assert.equal(event.name, LINK_EVENT);
    assert.equal('required_acl' in event, false);
    assert.equal(event.origin_uuid, 'node-a');
  });

  it('reads back the envelope addressed to this node, after a round trip through JSON', () => {
    const event = JSON.parse(JSON.stringify(linkEvent(envelope()))) as ReturnType<typeof linkEvent>;
    assert.deepEqual(readLinkEvent(event, 'node-b'), { type: 'envelope', envelope: envelope() });
  });

  it('leaves an envelope addressed to another node, and any other event, alone', () => {
    assert.deepEqual(readLinkEvent(linkEvent(envelope()), 'node-c'), { type: 'not-for-us' });
    assert.deepEqual(readLinkEvent({ name: 'call_created', origin_uuid: 'x', data: {} }, 'node-b'), { type: 'not-for-us' });
  });

  it('refuses an envelope of another version, without sender, or with a message it does not know', () => {
    assert.equal(readLinkEvent(linkEvent(envelope({ v: 99 })), 'node-b').type, 'malformed');
    assert.equal(readLinkEvent({ name: LINK_EVENT, origin_uuid: 'x', data: { v: LINK_VERSION, to: 'node-b', epoch: 0, message: { type: 'user_calls', counts: [] } } }, 'node-b').type, 'malformed');
    assert.equal(readLinkEvent(linkEvent(envelope({ message: { type: 'call.explode' } as never })), 'node-b').type, 'malformed');
    assert.equal(readLinkEvent({ name: LINK_EVENT, origin_uuid: 'x', data: null }, 'node-b').type, 'malformed');
  });

  it('refuses an agentd request for a verb the port does not have, and counts that are not integers', () => {
    const request = envelope({ message: { type: 'agentd.request', requestId: 'r1', verb: 'constructor' as never, args: [] } });
    assert.equal(readLinkEvent(linkEvent(request), 'node-b').type, 'malformed');
    const good = envelope({ message: { type: 'agentd.request', requestId: 'r1', verb: 'login', args: [{ by: 'number', number: '8001' }, [], { extension: '1001', context: 'default' }] } });
    assert.equal(readLinkEvent(linkEvent(good), 'node-b').type, 'envelope');
    const counts = envelope({ message: { type: 'user_calls', counts: [[1, 1.5]] } });
    assert.equal(readLinkEvent(linkEvent(counts), 'node-b').type, 'malformed');
  });

  it('refuses a call effect without its call or queue', () => {
    const missing = envelope({ message: { type: 'call.member_failed', callId: 'c', queueId: 1, offerId: 'o' } as never });
    assert.equal(readLinkEvent(linkEvent(missing), 'node-b').type, 'malformed');
    const ended = envelope({ message: { type: 'call.ended', callId: 'c', queueId: 1, memberId: 'agent:1', by: 'nobody' } as never });
    assert.equal(readLinkEvent(linkEvent(ended), 'node-b').type, 'malformed');
  });
});
