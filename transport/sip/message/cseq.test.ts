import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatCSeq, parseCSeq } from './cseq.ts';

describe('parseCSeq', () => {
  it('reads the sequence number and the method', () => {
    assert.deepEqual(parseCSeq('4711 INVITE'), { sequence: 4711, method: 'INVITE' });
  });

  it('accepts leading zeros and any LWS between the elements (RFC 4475 wsinv)', () => {
    assert.deepEqual(parseCSeq('  0009 \t INVITE '), { sequence: 9, method: 'INVITE' });
  });

  it('accepts the whole 32-bit unsigned range', () => {
    assert.deepEqual(parseCSeq('4294967295 ACK'), { sequence: 4294967295, method: 'ACK' });
  });

  it('MUST reject a number beyond 32 bits (RFC 4475 scalar02)', () => {
    assert.equal(parseCSeq('4294967296 ACK'), undefined);
    assert.equal(parseCSeq('36893488147419103232 REGISTER'), undefined);
  });

  it('MUST reject a missing method, a missing number, or trailing garbage', () => {
    assert.deepEqual([parseCSeq('12'), parseCSeq('INVITE'), parseCSeq('1 INVITE x'), parseCSeq('-1 INVITE')], [
      undefined, undefined, undefined, undefined,
    ]);
  });

  it('keeps the method case-sensitive', () => {
    assert.equal(parseCSeq('1 invite')?.method, 'invite');
  });
});

describe('formatCSeq', () => {
  it('writes "<sequence> <METHOD>"', () => {
    assert.equal(formatCSeq({ sequence: 7, method: 'BYE' }), '7 BYE');
  });
});
