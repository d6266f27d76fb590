import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import type { VerifiedToken } from '../auth/verified-token.ts';
import { builtInCommands, controlCommand } from './control-commands.ts';
import type { ControlEvent, ServerFrame } from './control-frames.ts';
import { transition, type ControlEnv, type ControlInput, type ControlOutput, type ControlState, type ControlStep } from './control-protocol.ts';

const ALICE = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const env: ControlEnv = {
  commands: {
    ...builtInCommands({ now: () => 7 }),
    'calls.hangup': controlCommand({ acl: (args: { call_id: string }) => `calld.calls.${args.call_id}.delete`, args: z.object({ call_id: z.string() }), summary: '', run: () => ({ type: 'ok', result: null }) }),
  },
  limits: { maxEvents: 5, maxBytes: 1_000, softBytes: 100, hardBytes: 1_000, hardPendingEvents: 3, hardPendingBytes: 1_000 },
};
const token = (acl: string[], authId = ALICE, expiresAtMs = 1_000_000): VerifiedToken => ({ token: `t-${authId}`, tenantUuid: 'tenant', authId, userUuid: authId, acl, issuedAtMs: 0, expiresAtMs });

const run = (state: ControlState, ...inputs: ControlInput[]): ControlStep => {
  let current: ControlStep = { state, outputs: [] };
  for (const input of inputs) current = transition(current.state, input, env);
  return current;
};
const frames = (step: ControlStep): ServerFrame[] => step.outputs.flatMap((output) => (output.type === 'send' ? [output.frame] : []));
const closeCode = (step: ControlStep) => step.outputs.find((output): output is Extract<ControlOutput, { type: 'close' }> => output.type === 'close')?.code;
const errorCode = (step: ControlStep) => frames(step).map((frame) => ('error' in frame ? frame.error.code : undefined)).find((code) => code !== undefined);
const frame = (value: unknown): ControlInput => ({ type: 'frame', frame: { type: 'valid', frame: value as never } });
const event = (n: number, bufferedBytes = 0, bytes = 10): ControlInput => ({ type: 'event', event: { name: 'e', origin_uuid: 'n', required_acl: null, data: { n } } satisfies ControlEvent, bytes, bufferedBytes, nowMs: 1 });
const sequences = (step: ControlStep) => frames(step).flatMap((sent) => (sent.type === 'event' ? [sent.sequence] : []));

const authenticated = (acl = ['websocketd'], sessionId = 's1', authId = ALICE): ControlStep =>
  run({ type: 'unauthenticated' }, { type: 'opened', tokenId: 'x' }, { type: 'token.resolved', token: token(acl, authId), sessionId, nowMs: 1 });
const subscribed = (acl?: string[], sessionId?: string, authId?: string): ControlState =>
  run(authenticated(acl, sessionId, authId).state, frame({ type: 'command', id: 1, name: 'subscriptions.add', args: {} })).state;

describe("control protocol: in 'unauthenticated' and 'authenticating'", () => {
  it('MUST resolve the token given at the upgrade or in an authenticate frame, and close 4001 on any other first frame', () => {
    assert.deepEqual(run({ type: 'unauthenticated' }, { type: 'opened', tokenId: 'abc' }).outputs, [{ type: 'resolve-token', tokenId: 'abc' }]);
    assert.deepEqual([closeCode(run({ type: 'unauthenticated' }, frame({ type: 'command', id: 1, name: 'ping' }))), closeCode(run({ type: 'unauthenticated' }, { type: 'frame', frame: { type: 'invalid', id: undefined, message: 'not JSON' } }))], [4001, 4001]);
  });

  it('MUST close 4002 on an unknown, expired or websocketd-less token, and welcome a valid one with its session', () => {
    const resolving = run({ type: 'unauthenticated' }, { type: 'opened', tokenId: 'x' }).state;
    const resolved = (value: VerifiedToken | undefined, nowMs = 1) => run(resolving, { type: 'token.resolved', token: value, sessionId: 's', nowMs });
    assert.deepEqual([resolved(undefined), resolved(token(['websocketd']), 2_000_000), resolved(token(['events.#']))].map(closeCode), [4002, 4002, 4002]);
    assert.deepEqual(frames(authenticated())[0], { type: 'welcome', protocol: 'parley.control.v1', session: 's1', last_sequence: 0, token_expires_at_ms: 1_000_000 });
  });
});

describe("control protocol: commands in 'live'", () => {
  it('MUST answer unknown_command, invalid_arguments and forbidden itself, and hand a permitted command to the shell with parsed arguments', () => {
    const state = authenticated(['websocketd', 'calld.calls.c1.delete']).state;
    const codes = [run(state, frame({ type: 'command', id: 1, name: 'nope' })), run(state, frame({ type: 'command', id: 2, name: 'calls.hangup', args: { call_id: 5 } })), run(state, frame({ type: 'command', id: 3, name: 'calls.hangup', args: { call_id: 'c2' } }))].map(errorCode);
    assert.deepEqual(codes, ['unknown_command', 'invalid_arguments', 'forbidden']);
    assert.deepEqual(run(state, frame({ type: 'command', id: 4, name: 'calls.hangup', args: { call_id: 'c1' } })).outputs.map((output) => output.type === 'run' && output.args), [{ call_id: 'c1' }]);
  });

  it('MUST answer the session commands itself: subscriptions.add, list, remove (unknown_subscription once gone) and session.info', () => {
    const added = run(authenticated().state, frame({ type: 'command', id: 1, name: 'subscriptions.add', args: { events: ['call_created'], user: ALICE } }));
    const listed = run(added.state, frame({ type: 'command', id: 2, name: 'subscriptions.list' }), frame({ type: 'command', id: 3, name: 'session.info' }));
    assert.deepEqual(frames(listed), [{ type: 'reply', id: 3, ok: true, result: { session: 's1', last_sequence: 0, token_expires_at_ms: 1_000_000, subscriptions: 1 } }]);
    const removed = run(added.state, frame({ type: 'command', id: 4, name: 'subscriptions.remove', args: { subscription: 's1' } }), frame({ type: 'command', id: 5, name: 'subscriptions.remove', args: { subscription: 's1' } }));
    assert.equal(errorCode(removed), 'unknown_subscription');
  });

  it('MUST NOT look up inherited names such as toString or __proto__ as commands', () => {
    const state = authenticated().state;
    assert.deepEqual(['toString', '__proto__', 'constructor'].map((name) => errorCode(run(state, frame({ type: 'command', id: 1, name })))), ['unknown_command', 'unknown_command', 'unknown_command']);
  });
});

describe("control protocol: events in 'live', 'slow' and 'detached'", () => {
  it('MUST number delivered events from 1 and write them while the socket is below the soft bound', () => {
    assert.deepEqual(sequences(run(subscribed(), event(1))), [1]);
    assert.deepEqual(sequences(run(subscribed(), event(1), event(2))), [2]);
  });

  it('MUST deliver nothing to a session without subscriptions', () => {
    assert.deepEqual(run(authenticated().state, event(1)).outputs, []);
  });

  it("past the soft bound, MUST send 'slow' instead of the event, hold events back, and write them in order once drained", () => {
    const slow = run(subscribed(), event(1), event(2, 500));
    assert.deepEqual([slow.state.type, frames(slow).map((sent) => sent.type)], ['slow', ['slow']]);
    const drained = run(slow.state, event(3, 500), { type: 'drained', bufferedBytes: 0 });
    assert.deepEqual([drained.state.type, sequences(drained)], ['live', [2, 3]]);
  });

  it('MUST close 4008 when the socket already queues more than the hard bound of bytes', () => {
    assert.equal(closeCode(run(subscribed(), event(1, 1_000))), 4008);
  });

  it('MUST close 4008 past the hard bound of held-back events, and keep the session for a resume', () => {
    const closed = run(subscribed(), event(1, 500), event(2, 500), event(3, 500), event(4, 500));
    assert.deepEqual([closeCode(closed), closed.state.type], [4008, 'detached']);
  });

  it('MUST buffer events while detached, and end the session when the grace period is over', () => {
    const detached = run(subscribed(), event(1), { type: 'disconnected', nowMs: 2 }, event(2));
    assert.equal(detached.state.type === 'detached' && detached.state.session.lastSequence, 2);
    assert.deepEqual(run(detached.state, { type: 'grace.expired' }).outputs, [{ type: 'session.ended', session: 's1' }]);
  });

  it('MUST close 4003 when the bus says the token was deleted, or at the first event after it lapsed', () => {
    const deleted = run(subscribed(), { type: 'event', event: { name: 'auth_token_deleted', origin_uuid: 'n', data: { token: `t-${ALICE}` } }, bytes: 1, bufferedBytes: 0, nowMs: 1 });
    const lapsed = run(subscribed(), { ...(event(1) as Extract<ControlInput, { type: 'event' }>), nowMs: 1_000_000 });
    assert.deepEqual([closeCode(deleted), closeCode(lapsed)], [4003, 4003]);
  });
});

describe('control protocol: resume', () => {
  const stored = (): ControlState => run(subscribed(), event(1), event(2), event(3), { type: 'disconnected', nowMs: 5 }, event(4)).state;
  const session = (state: ControlState) => (state.type === 'detached' || state.type === 'live' ? state.session : undefined);

  it('MUST replay exactly the events after after_sequence, then go live on the resumed session', () => {
    const resumed = run(authenticated(undefined, 's2').state, { type: 'session.found', afterSequence: 2, session: session(stored()) });
    assert.deepEqual([frames(resumed)[0]?.type, sequences(resumed), resumed.state.type], ['resumed', [3, 4], 'live']);
    assert.deepEqual(resumed.outputs[0], { type: 'session.adopted', session: 's1', replaces: 's2' });
  });

  it("MUST refuse an unknown session, another user's session, a gap older than the buffer, and a sequence from the future", () => {
    const fresh = authenticated(undefined, 's2').state;
    const old = run(subscribed(), ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => event(n))).state;
    const codes = [
      run(fresh, { type: 'session.found', afterSequence: 0, session: undefined }),
      run(authenticated(undefined, 's3', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb').state, { type: 'session.found', afterSequence: 0, session: session(stored()) }),
      run(fresh, { type: 'session.found', afterSequence: 1, session: session(old) }),
      run(fresh, { type: 'session.found', afterSequence: 9, session: session(stored()) }),
    ].map(errorCode);
    assert.deepEqual(codes, ['unknown_session', 'resume_forbidden', 'resume_gap_too_old', 'resume_ahead']);
  });
});
