import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SipRequest } from '../../transport/sip/message/index.ts';
import { createSessionHarness, PEER, peerResponse, sdp, type SessionHarness } from '../../transport/sip/ua-core/testing/session-harness.ts';
import type { SessionEvent } from '../../transport/sip/ua-core/session-events.ts';
import type { InviteClientSession } from '../../transport/sip/ua-core/invite-client-session.ts';

type Action =
  | { readonly type: 'response'; readonly status: 100 | 180 | 200 | 486 | 487; readonly toTag: 'a' | 'b' }
  | { readonly type: 'cancel' | 'sendBye' }
  | { readonly type: 'advance'; readonly ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ type: fc.constant('response' as const), status: fc.constantFrom(100 as const, 180 as const, 200 as const, 486 as const, 487 as const), toTag: fc.constantFrom('a' as const, 'b' as const) }),
  fc.constantFrom<Action>({ type: 'cancel' }, { type: 'sendBye' }),
  fc.integer({ min: 1, max: 40_000 }).map((ms): Action => ({ type: 'advance', ms })),
);

interface Run {
  readonly harness: SessionHarness;
  readonly session: InviteClientSession;
  readonly invite: SipRequest;
  readonly events: SessionEvent[];
  provisionalSeen: boolean;
  terminatedAt: number;
}

function start(): Run {
  const harness = createSessionHarness();
  const started = harness.core.startInvite({ requestUri: 'sip:carol@192.0.2.10', from: '<sip:bob@example.com>', to: '<sip:carol@example.com>', sdp: sdp(), destination: PEER });
  if (started.type !== 'started') throw new Error(started.detail);
  const events: SessionEvent[] = [];
  const invite = harness.wire.requests('INVITE')[0];
  if (invite === undefined) throw new Error('no INVITE');
  const run: Run = { harness, session: started.session, invite, events, provisionalSeen: false, terminatedAt: 0 };
  started.session.listen((event) => {
    events.push(event);
    if (event.type === 'terminated') run.terminatedAt = harness.clock.now();
  });
  return run;
}

function apply(run: Run, step: Action): void {
  if (step.type === 'response') {
    if (step.status < 200) run.provisionalSeen = true;
    run.harness.receive(peerResponse(run.invite, step.status, { toTag: step.toTag, body: step.status === 200 ? sdp() : '' }));
  } else if (step.type === 'cancel') run.session.cancel();
  else if (step.type === 'sendBye') run.session.sendBye();
  else if (step.type === 'advance') run.harness.clock.advance(step.ms);
}

describe('InviteClientSession under any order of responses and commands', () => {
  it('MUST NOT send CANCEL before a provisional, MUST ACK a 2xx arriving up to 64·T1 after the end, and report terminated once, last', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 25 }), (actions) => {
        const run = start();
        let successes = 0;
        for (const step of actions) {
          const terminatedAt = run.events.some((event) => event.type === 'terminated') ? run.terminatedAt : undefined;
          const watched = terminatedAt === undefined || run.harness.clock.now() < terminatedAt + 64 * 500;
          if (step.type === 'response' && step.status === 200 && watched) successes++;
          apply(run, step);
          assert.ok(run.harness.wire.requests('CANCEL').length === 0 || run.provisionalSeen, 'CANCEL before any provisional');
        }
        run.harness.clock.advance(100_000);
        assert.ok(run.harness.wire.requests('ACK').length >= Math.min(successes, 1));
        const types = run.events.map((event) => event.type);
        const terminated = types.filter((type) => type === 'terminated').length;
        assert.ok(terminated <= 1 && (terminated === 0 || types.at(-1) === 'terminated'), types.join(', '));
      }),
    );
  });
});
