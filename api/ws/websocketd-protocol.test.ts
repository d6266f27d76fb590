import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAclCheck } from '../auth/acl.ts';
import { deliverEvent, openWebsocketd, receiveFrame, renewToken, tokenGone, type WebsocketdState, type WebsocketdStep } from './websocketd-protocol.ts';

const ALICE = '2e752722-0864-4665-887d-a78a024cf7c7';
const BOB = '7f3b1b2a-1111-4222-8333-944455556666';
const token = (acls: string[], expiresAtMs = 100_000) => ({ acl: createAclCheck(acls, ALICE), expiresAtMs });
const userToken = token(['websocketd', 'events.calls.me']);
const stateOf = (step: WebsocketdStep): WebsocketdState => step.state;
const closeCode = (step: WebsocketdStep) => (step.type === 'close' ? step.code : undefined);
const started = (names: string[]) => names.reduce((state, name) => stateOf(receiveFrame(state, JSON.stringify({ op: 'subscribe', data: { event_name: name } }))), stateOf(openWebsocketd('t', userToken, 0)));
const run = (names: string[]) => stateOf(receiveFrame(started(names), '{"op":"start"}'));
const callCreated = (userUuid: string) => ({ name: 'call_created', origin_uuid: 'node', required_acl: `events.calls.${userUuid}`, data: { user_uuid: userUuid } });

describe('websocketd protocol (seed API-05)', () => {
  it('MUST close 4001 without a token, 4002 for an unknown, expired or websocketd-less token, and send init otherwise', () => {
    assert.deepEqual(
      [openWebsocketd(undefined, undefined, 0), openWebsocketd('', undefined, 0), openWebsocketd('t', undefined, 0), openWebsocketd('t', token(['websocketd'], 10), 10), openWebsocketd('t', token(['confd.#']), 0)].map(closeCode),
      [4001, 4001, 4002, 4002, 4002],
    );
    const opened = openWebsocketd('t', userToken, 0);
    assert.deepEqual(opened.type === 'send' ? opened.messages : [], [{ op: 'init', code: 0, data: { version: 2 } }]);
  });

  it('MUST answer subscribe and start with code 0, and close 4004 on anything it does not understand', () => {
    const state = stateOf(openWebsocketd('t', userToken, 0));
    const subscribed = receiveFrame(state, '{"op":"subscribe","data":{"event_name":"call_created"}}');
    assert.deepEqual(subscribed.type === 'send' ? subscribed.messages : [], [{ op: 'subscribe', code: 0, data: null }]);
    const startedStep = receiveFrame(subscribed.state, '{"op":"start"}');
    assert.deepEqual(startedStep.type === 'send' ? startedStep.messages : [], [{ op: 'start', code: 0, data: null }]);
    const pong = receiveFrame(state, '{"op":"ping","data":{"payload":"pong"}}');
    assert.deepEqual(pong.type === 'send' ? pong.messages : [], [{ op: 'pong', code: 0, data: { payload: 'pong' } }]);
    for (const frame of ['{"op":"ping"}', '{"op":"ping","data":{"payload":1}}', '{"op":"token"}', '{"op":"token","data":{"token":""}}', 'not json', '[]', 'null', '"start"', '{"op":"stop"}', '{}', '{"op":"subscribe"}', '{"op":"subscribe","data":{}}', '{"op":"subscribe","data":{"event_name":7}}']) {
      assert.equal(closeCode(receiveFrame(state, frame)), 4004, frame);
    }
  });

  it('MUST deliver nothing before start, then only subscribed events (or all with *) in the event envelope', () => {
    const event = callCreated(ALICE);
    assert.deepEqual(deliverEvent(started(['call_created']), event, 1), { type: 'send', state: started(['call_created']), messages: [] });
    const delivered = deliverEvent(run(['call_created']), event, 1);
    assert.deepEqual(delivered.type === 'send' ? delivered.messages : [], [{ op: 'event', code: 0, data: event, event }]);
    const other = deliverEvent(run(['call_ended']), event, 1);
    assert.deepEqual(other.type === 'send' ? other.messages.length : -1, 0);
    const all = deliverEvent(run(['*']), event, 1);
    assert.deepEqual(all.type === 'send' ? all.messages.length : -1, 1);
  });

  it("MUST NOT deliver another user's call events, MUST deliver required_acl null to all, and a missing required_acl to no one", () => {
    const state = run(['*']);
    const count = (event: { name: string; required_acl?: string | null }) => {
      const step = deliverEvent(state, event, 1);
      return step.type === 'send' ? step.messages.length : -1;
    };
    assert.deepEqual([count(callCreated(BOB)), count({ name: 'x', required_acl: null }), count({ name: 'x' })], [0, 1, 0]);
  });

  it('MUST close 4003 when the token expires or is deleted during the session', () => {
    assert.equal(closeCode(deliverEvent(run(['*']), callCreated(ALICE), 100_000)), 4003);
    assert.equal(closeCode(tokenGone(run(['*']))), 4003);
  });

  it('MUST swap the token on a token frame once the new one resolves, and close 4002 when it fails', () => {
    const state = run(['*']);
    const asked = receiveFrame(state, '{"op":"token","data":{"token":"renewed"}}');
    assert.deepEqual(asked, { type: 'resolve', state, tokenId: 'renewed' });
    const renewed = renewToken(state, token(['websocketd', 'events.calls.me'], 500_000), 1);
    assert.deepEqual(renewed.type === 'send' ? renewed.messages : [], [{ op: 'token', code: 0, data: null }]);
    assert.equal(closeCode(deliverEvent(renewed.state, callCreated(ALICE), 200_000)), undefined, 'the new expiry holds');
    assert.deepEqual([renewToken(state, undefined, 1), renewToken(state, token(['websocketd'], 1), 1), renewToken(state, token(['events.#']), 1)].map(closeCode), [4002, 4002, 4002]);
  });
});
