import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sameContactUri } from './sip-uri-equivalence.ts';

/** The examples of RFC 3261 §19.1.4. https://www.rfc-editor.org/rfc/rfc3261#section-19.1.4 */
const EQUIVALENT: readonly (readonly [string, string])[] = [
  ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
  ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
  ['sip:carol@chicago.com', 'sip:carol@chicago.com;security=on'],
  [
    'sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com',
    'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com',
  ],
  [
    'sip:alice@atlanta.com?subject=project%20x&priority=urgent',
    'sip:alice@atlanta.com?priority=urgent&subject=project%20x',
  ],
];

const DIFFERENT: readonly (readonly [string, string])[] = [
  ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP'],
  ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'],
  ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp'],
  ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp'],
  ['sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting'],
  ['sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4'],
  ['sip:carol@chicago.com;newparam=5', 'sip:carol@chicago.com;newparam=6'],
  ['sip:alice@atlanta.com', 'sips:alice@atlanta.com'],
];

describe('SIP URI equivalence (RFC 3261 §19.1.4)', () => {
  it('MUST find the RFC examples of equivalent URIs equivalent', () => {
    assert.deepEqual(EQUIVALENT.map(([left, right]) => sameContactUri(left, right)), EQUIVALENT.map(() => true));
  });

  it('MUST find the RFC examples of different URIs different', () => {
    assert.deepEqual(DIFFERENT.map(([left, right]) => sameContactUri(left, right)), DIFFERENT.map(() => false));
  });

  it('MUST compare unparseable URIs by their exact text', () => {
    assert.deepEqual([sameContactUri('urn:x', 'urn:x'), sameContactUri('urn:x', 'URN:x')], [true, false]);
  });
});
