import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sipMessage } from '../../transport/index.ts';
import { outboundFrom, outboundIdentityHeaders, trunkCaller } from './caller-privacy.ts';

const withheld = { name: 'Anonymous', number: 'anonymous', withheld: { name: 'Alice', number: '+33123456789' } };
const shown = { name: 'Alice', number: '+33123456789' };

function invite(headers: string[]): sipMessage.SipMessage {
  const text = ['INVITE sip:1000@127.0.0.1 SIP/2.0', 'Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK1', 'Call-ID: c1', 'CSeq: 1 INVITE', 'To: <sip:1000@127.0.0.1>', 'Max-Forwards: 70', ...headers, 'Content-Length: 0', '', ''].join('\r\n');
  const parsed = sipMessage.parseMessage(Buffer.from(text));
  assert.ok(parsed.type === 'ok', parsed.type === 'error' ? parsed.reason : '');
  return parsed.message;
}

describe('caller privacy out', () => {
  it('MUST send a withheld caller from anonymous@anonymous.invalid with Privacy: id and no identity to an untrusted trunk', () => {
    assert.equal(outboundFrom(withheld, 'pbx.example'), '"Anonymous" <sip:anonymous@anonymous.invalid>');
    assert.deepEqual(outboundIdentityHeaders(withheld, { sendPai: true, trustOutbound: false }, 'pbx.example'), { Privacy: ['id'] });
    assert.deepEqual(outboundIdentityHeaders(withheld, undefined, 'pbx.example'), { Privacy: ['id'] });
  });

  it('MUST assert the real identity of a withheld caller only to a trunk that sends PAI and is trusted outbound', () => {
    assert.deepEqual(outboundIdentityHeaders(withheld, { sendPai: true, trustOutbound: true }, 'pbx.example'), { Privacy: ['id'], 'P-Asserted-Identity': ['"Alice" <sip:+33123456789@pbx.example>'] });
    assert.deepEqual(outboundIdentityHeaders(withheld, { sendPai: false, trustOutbound: true }, 'pbx.example'), { Privacy: ['id'] });
  });

  it('MUST show a caller who withholds nothing as usual, asserting it when the trunk sends PAI', () => {
    assert.equal(outboundFrom(shown, 'pbx.example'), '"Alice" <sip:+33123456789@pbx.example>');
    assert.deepEqual(outboundIdentityHeaders(shown, undefined, 'pbx.example'), {});
    assert.deepEqual(outboundIdentityHeaders(shown, { sendPai: true, trustOutbound: false }, 'pbx.example'), { 'P-Asserted-Identity': ['"Alice" <sip:+33123456789@pbx.example>'] });
  });
});

describe('caller privacy in', () => {
  const from = 'From: "Anonymous" <sip:anonymous@anonymous.invalid>;tag=1';
  const pai = 'P-Asserted-Identity: "Bob" <sip:0123456789@provider.example>, <tel:0123456789>';

  it('MUST take the caller ID from the P-Asserted-Identity of a trunk trusted inbound, else from the From', () => {
    assert.deepEqual(trunkCaller(invite([from, pai]), true), { name: 'Bob', number: '0123456789', withheld: false });
    assert.deepEqual(trunkCaller(invite([from, pai]), false), { name: 'Anonymous', number: 'anonymous', withheld: false });
    assert.deepEqual(trunkCaller(invite(['From: <sip:%41%zz@h>;tag=1']), true), { name: '', number: '', withheld: false }, 'an unreadable From shows no number');
  });

  it('MUST read Privacy id, header or user as a withheld caller, and none or session as not', () => {
    for (const value of ['id', 'id;critical', 'header', 'user', 'ID']) assert.equal(trunkCaller(invite([from, pai, `Privacy: ${value}`]), true).withheld, true, value);
    for (const value of ['none', 'session']) assert.equal(trunkCaller(invite([from, `Privacy: ${value}`]), true).withheld, false, value);
  });
});
