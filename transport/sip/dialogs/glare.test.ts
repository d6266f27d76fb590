import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Dialog } from './dialog.ts';
import { markInviteCompleted, markInviteSent, overlappingInviteRetryAfterSeconds, reInviteRetryDelayMs } from './glare.ts';

const base = { ownsCallId: true, pendingInvites: {} } as Pick<Dialog, 'ownsCallId' | 'pendingInvites'>;

describe('re-INVITE glare (RFC 3261 §14)', () => {
  it('the Call-ID owner MUST wait 2.1 to 4 s in 10 ms steps after a 491', () => {
    const delays = [0, 0.5, 0.999_999].map((value) => reInviteRetryDelayMs({ ...base } as Dialog, () => value));
    assert.deepEqual(delays, [2100, 3050, 4000]);
  });

  it('the other side MUST wait 0 to 2 s in 10 ms steps after a 491', () => {
    const delays = [0, 0.5, 0.999_999].map((value) => reInviteRetryDelayMs({ ...base, ownsCallId: false } as Dialog, () => value));
    assert.deepEqual(delays, [0, 1000, 2000]);
  });

  it('the Retry-After for an overlapping INVITE MUST lie between 0 and 10 s', () => {
    assert.deepEqual([0, 0.999_999].map((value) => overlappingInviteRetryAfterSeconds(() => value)), [0, 10]);
  });

  it('MUST forget an INVITE once its transaction completed', () => {
    const sent = markInviteSent({ ...base } as Dialog, 4);
    assert.deepEqual(markInviteCompleted(sent, 'local').pendingInvites, {});
  });
});
