import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeG711, encodeG711, transcodeG711 } from './g711.ts';

describe('G.711 (ITU-T G.711 tables)', () => {
  it('MUST encode silence as 0xD5 in A-law and 0xFF in µ-law', () => {
    assert.deepEqual([encodeG711('PCMA', Int16Array.of(0))[0], encodeG711('PCMU', Int16Array.of(0))[0]], [0xd5, 0xff]);
  });

  it('MUST decode the A-law codes 0xD5 and 0x55 to +8 and −8', () => {
    assert.deepEqual([...decodeG711('PCMA', Uint8Array.of(0xd5, 0x55))], [8, -8]);
  });

  it('MUST decode the µ-law full-scale codes 0x80 and 0x00 to +32124 and −32124', () => {
    assert.deepEqual([...decodeG711('PCMU', Uint8Array.of(0x80, 0x00))], [32124, -32124]);
  });

  it('MUST decode the A-law full-scale codes 0xAA and 0x2A to +32256 and −32256', () => {
    assert.deepEqual([...decodeG711('PCMA', Uint8Array.of(0xaa, 0x2a))], [32256, -32256]);
  });

  it('MUST keep every code when decoded and re-encoded in the same law', () => {
    const codes = Uint8Array.from({ length: 256 }, (_, code) => code);
    assert.deepEqual(encodeG711('PCMA', decodeG711('PCMA', codes)), codes);
  });

  it('MUST transcode A-law to µ-law within one µ-law step of the A-law level', () => {
    const codes = Uint8Array.from({ length: 256 }, (_, code) => code);
    const transcoded = new Uint8Array(256);
    transcodeG711('PCMA', 'PCMU', codes, transcoded);
    const before = decodeG711('PCMA', codes);
    const after = decodeG711('PCMU', transcoded);
    const worst = Math.max(...before.map((sample, index) => Math.abs(sample - (after[index] ?? 0)) / Math.max(16, Math.abs(sample) / 16)));
    assert.ok(worst <= 1, `worst relative error ${worst}`);
  });

  it('MUST leave bytes unchanged when both legs use the same law', () => {
    const bytes = Uint8Array.of(1, 2, 3);
    transcodeG711('PCMU', 'PCMU', bytes);
    assert.deepEqual([...bytes], [1, 2, 3]);
  });
});
