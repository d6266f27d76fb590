import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { getHeader } from '../../transport/sip/message/index.ts';
import { createSessionHarness, peerAck, peerRequest, sdp, toTagOf, type SessionHarness } from '../../transport/sip/ua-core/testing/session-harness.ts';

type Action =
  | { readonly type: 'provisional' | 'accept' | 'reject' | 'sendBye' | 'cancel' | 'ack' | 'bye' | 'reinvite' }
  | { readonly type: 'advance'; readonly ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.constantFrom<Action>(
    { type: 'provisional' }, { type: 'accept' }, { type: 'reject' }, { type: 'sendBye' },
    { type: 'cancel' }, { type: 'ack' }, { type: 'bye' }, { type: 'reinvite' },
  ),
  fc.integer({ min: 1, max: 40_000 }).map((ms): Action => ({ type: 'advance', ms })),
);

function apply(harness: SessionHarness, step: Action, cseq: { next: number }): void {
  const session = harness.sessions[0]?.session;
  const ok = harness.wire.responses(200).find((response) => getHeader(response, 'cseq') === '1 INVITE');
  const toTag = ok === undefined ? 'none' : toTagOf(ok);
  switch (step.type) {
    case 'provisional': session?.provisional(180); return;
    case 'accept': session?.accept({ sdp: sdp() }); return;
    case 'reject': session?.reject(486); return;
    case 'sendBye': session?.sendBye(); return;
    case 'cancel': harness.receive(peerRequest({ method: 'CANCEL', branch: 'z9hG4bKpeerINVITE1' })); return;
    case 'ack': if (ok !== undefined) harness.receive(peerAck(ok)); return;
    case 'bye': harness.receive(peerRequest({ method: 'BYE', cseq: cseq.next++, toTag })); return;
    case 'reinvite': harness.receive(peerRequest({ cseq: cseq.next++, toTag, body: sdp('sendonly', 2) })); return;
    case 'advance': harness.clock.advance(step.ms); return;
  }
}

describe('InviteServerSession under any order of peer and call-layer actions', () => {
  it('MUST give the INVITE one kind of final response and report terminated at most once, last', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 25 }), (actions) => {
        const harness = createSessionHarness();
        harness.receive(peerRequest());
        const cseq = { next: 2 };
        for (const step of actions) apply(harness, step, cseq);
        harness.clock.advance(100_000);
        const finals = new Set(
          harness.wire.responses().filter((response) => response.status >= 200 && getHeader(response, 'cseq') === '1 INVITE').map((response) => response.status),
        );
        assert.ok(finals.size <= 1, `final responses ${[...finals].join(', ')}`);
        const types = harness.eventTypes();
        const terminated = types.filter((type) => type === 'terminated').length;
        assert.ok(terminated <= 1 && (terminated === 0 || types.at(-1) === 'terminated'), types.join(', '));
      }),
    );
  });

  it('MUST leave no INVITE tracked once it has a final response', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 25 }), (actions) => {
        const harness = createSessionHarness();
        harness.receive(peerRequest());
        const cseq = { next: 2 };
        for (const step of actions) apply(harness, step, cseq);
        const answered = harness.wire.responses().some((response) => response.status >= 200 && getHeader(response, 'cseq') === '1 INVITE');
        assert.equal(harness.core.sessionCounts().invites, answered ? 0 : 1);
      }),
    );
  });
});
