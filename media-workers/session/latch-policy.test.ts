import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideLatch, RELATCH_PACKETS } from './latch-policy.ts';
import type { LatchState } from './latch-policy.ts';

const PHONE = { address: '192.0.2.10', port: 40000 };
const REMAPPED = { address: '192.0.2.10', port: 40002 };
const ATTACKER = { address: '198.51.100.66', port: 5004 };
const LATCHED: LatchState = { type: 'latched', remote: PHONE, ssrc: 0x11111111 };

function feed(state: LatchState, source: typeof PHONE, ssrc: number, firstSequence: number, count: number, declared?: typeof PHONE): ReturnType<typeof decideLatch> {
  let decision = decideLatch(state, source, ssrc, firstSequence, declared);
  for (let index = 1; index < count; index += 1) decision = decideLatch(decision.state, source, ssrc, (firstSequence + index) & 0xffff, declared);
  return decision;
}

describe('symmetric RTP latching', () => {
  it('while open, MUST latch to the first packet’s source and SSRC', () => {
    const decision = decideLatch({ type: 'open' }, PHONE, 7, 100);
    assert.deepEqual([decision.accept, decision.latched], [true, PHONE]);
  });

  it('once latched, MUST accept packets from the latched source without re-latching', () => {
    const decision = decideLatch(LATCHED, PHONE, 0x11111111, 5);
    assert.deepEqual([decision.accept, decision.latched], [true, undefined]);
  });

  it('once latched, MUST drop packets from another source with another SSRC', () => {
    const decision = feed(LATCHED, ATTACKER, 0x22222222, 1, 50);
    assert.deepEqual([decision.accept, decision.state], [false, LATCHED]);
  });

  it(`MUST re-latch after ${RELATCH_PACKETS} consecutive packets with the latched SSRC from a new port (NAT re-mapping)`, () => {
    const decision = feed(LATCHED, REMAPPED, 0x11111111, 500, RELATCH_PACKETS);
    assert.deepEqual([decision.accept, decision.latched], [true, REMAPPED]);
  });

  it('MUST NOT re-latch on packets with the latched SSRC whose sequence numbers do not follow', () => {
    let state: LatchState = LATCHED;
    for (const sequenceNumber of [10, 20, 30, 40]) state = decideLatch(state, REMAPPED, 0x11111111, sequenceNumber).state;
    assert.equal(state.type === 'latched' ? state.remote : undefined, PHONE);
  });

  it('once latched to a stray source, MUST latch at once to a packet from the address the far end declared in its SDP', () => {
    const strayLatched: LatchState = { type: 'latched', remote: ATTACKER, ssrc: 0x22222222 };
    const decision = decideLatch(strayLatched, PHONE, 0x11111111, 9, PHONE);
    assert.deepEqual([decision.accept, decision.state], [true, { type: 'latched', remote: PHONE, ssrc: 0x11111111 }]);
  });

  it('once latched to the declared address, MUST still drop a stream from any other source', () => {
    const decision = feed(LATCHED, ATTACKER, 0x22222222, 1, 50, PHONE);
    assert.deepEqual([decision.accept, decision.state], [false, LATCHED]);
  });

  it('MUST follow a new SSRC from the latched source (the phone restarted its stream)', () => {
    const decision = decideLatch(LATCHED, PHONE, 0x33333333, 1);
    assert.deepEqual(decision.state, { type: 'latched', remote: PHONE, ssrc: 0x33333333 });
  });
});
