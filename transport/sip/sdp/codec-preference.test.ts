import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { orderAnswerCodecs } from './codec-preference.ts';
import type { LocalCodec } from './local-codec.ts';
import type { Codec } from './session-description.ts';

const OFFERED: readonly Codec[] = [
  { name: 'PCMU', pt: 0, clockRate: 8000 },
  { name: 'G729', pt: 18, clockRate: 8000, fmtp: 'annexb=yes' },
  { name: 'PCMA', pt: 8, clockRate: 8000 },
];

const ALAW_FIRST: readonly LocalCodec[] = [
  { name: 'PCMA', clockRate: 8000 },
  { name: 'G722', clockRate: 8000 },
  { name: 'G729', clockRate: 8000, fmtp: 'annexb=no' },
  { name: 'PCMU', clockRate: 8000 },
];

function names(codecs: readonly Codec[]): string[] {
  return codecs.map((codec) => `${codec.pt} ${codec.name}`);
}

describe('orderAnswerCodecs (Asterisk 13: preferred, joint in offer order, others)', () => {
  it('puts our preferred joint codec first, then the joint ones in the offer order', () => {
    assert.deepEqual(names(orderAnswerCodecs(OFFERED, ALAW_FIRST).joint), ['8 PCMA', '0 PCMU', '18 G729']);
  });

  it('lists our other codecs apart, with their static payload type when free', () => {
    assert.deepEqual(names(orderAnswerCodecs(OFFERED, ALAW_FIRST).others), ['9 G722']);
  });

  it('gives an unoffered codec a dynamic type when its static type is used by the offer', () => {
    const offered: readonly Codec[] = [{ name: 'PCMU', pt: 0, clockRate: 8000 }, { name: 'opus', pt: 9, clockRate: 48000, channels: 2 }];
    assert.deepEqual(names(orderAnswerCodecs(offered, [{ name: 'PCMU', clockRate: 8000 }, { name: 'G722', clockRate: 8000 }]).others), ['96 G722']);
  });

  it('follows an explicit preferred codec (the other leg) over our list order', () => {
    assert.deepEqual(names(orderAnswerCodecs(OFFERED, ALAW_FIRST, { name: 'G729', clockRate: 8000 }).joint), ['18 G729', '0 PCMU', '8 PCMA']);
  });

  it('ignores an explicit preferred codec the offer lacks', () => {
    assert.deepEqual(names(orderAnswerCodecs(OFFERED, ALAW_FIRST, { name: 'G722', clockRate: 8000 }).joint), ['0 PCMU', '18 G729', '8 PCMA']);
  });

  it("carries our fmtp, not the offerer's, on a joint codec", () => {
    assert.equal(orderAnswerCodecs(OFFERED, ALAW_FIRST).joint.find((codec) => codec.name === 'G729')?.fmtp, 'annexb=no');
  });

  it('does not match a codec at another clock rate or channel count', () => {
    const offered: readonly Codec[] = [{ name: 'opus', pt: 96, clockRate: 48000, channels: 2 }, { name: 'speex', pt: 97, clockRate: 16000 }];
    assert.deepEqual(orderAnswerCodecs(offered, [{ name: 'opus', clockRate: 48000 }, { name: 'speex', clockRate: 8000 }]).joint, []);
  });
});
