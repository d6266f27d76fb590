import '../../test/support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRtpPortAllocator } from './rtp-port-allocator.ts';

describe('RTP port allocation', () => {
  it('MUST hand out even ports only, leaving the odd port above for RTCP', () => {
    const allocator = createRtpPortAllocator({ start: 10_001, end: 10_010 }, { firstPair: 0 });
    const ports = [allocator.allocate(), allocator.allocate(), allocator.allocate(), allocator.allocate()];
    assert.deepEqual(ports, [10_002, 10_004, 10_006, 10_008]);
  });

  it('MUST reserve a given pair once, only inside the range and on an even port, and never hand it out meanwhile', () => {
    const allocator = createRtpPortAllocator({ start: 10_000, end: 10_005 }, { firstPair: 0 });
    assert.deepEqual([allocator.reserve(10_002), allocator.reserve(10_002), allocator.reserve(10_003), allocator.reserve(10_006), allocator.reserve(9_998)], [true, false, false, false, false]);
    assert.deepEqual([allocator.allocate(), allocator.allocate(), allocator.allocate()], [10_000, 10_004, undefined]);
  });

  it('MUST answer undefined when the range is exhausted, never a port twice', () => {
    const allocator = createRtpPortAllocator({ start: 10_000, end: 10_003 }, { firstPair: 0 });
    assert.deepEqual([allocator.allocate(), allocator.allocate(), allocator.allocate()], [10_000, 10_002, undefined]);
  });

  it('MUST NOT reuse a released port at once when others are free (late packets of an ended call)', () => {
    const allocator = createRtpPortAllocator({ start: 10_000, end: 10_009 });
    const first = allocator.allocate() ?? -1;
    allocator.release(first);
    assert.notEqual(allocator.allocate(), first);
  });

  it('MUST start its round at the pair it is given, wrapping at the end of the range', () => {
    const allocator = createRtpPortAllocator({ start: 10_000, end: 10_007 }, { firstPair: 3 });
    assert.deepEqual([allocator.allocate(), allocator.allocate()], [10_006, 10_000]);
  });

  it('MUST start at a random pair by default, so nodes sharing a range do not try the same ports first', () => {
    const firsts = new Set(Array.from({ length: 20 }, () => createRtpPortAllocator({ start: 10_000, end: 19_999 }).allocate()));
    assert.ok(firsts.size > 1, `20 allocators all started at ${[...firsts].join()}`);
  });

  it('never hands out a port in use, whatever the order of allocations and releases', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant<'allocate'>('allocate'), fc.nat(20)), { maxLength: 200 }), (steps) => {
        const allocator = createRtpPortAllocator({ start: 20_000, end: 20_019 });
        const held: number[] = [];
        for (const step of steps) {
          if (step === 'allocate') {
            const port = allocator.allocate();
            if (port === undefined) assert.equal(held.length, allocator.capacity());
            else {
              assert.ok(!held.includes(port));
              held.push(port);
            }
          } else if (held.length > 0) {
            allocator.release(held.splice(step % held.length, 1)[0] ?? -1);
          }
          assert.equal(allocator.inUse(), held.length);
        }
      }),
    );
  });
});
