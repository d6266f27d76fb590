/**
 * The live calls of the console's "Calls" view without the DOM (calls-model.js, a plain module the
 * page loads as is): events and `calls.details` answers feed one Map by call id, the store says
 * which channels changed, and a late answer never brings back a channel an event ended.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
// @ts-expect-error: a plain ES module of the page, without types.
import { calldTimeMs, createCallStore, lossText, matches } from './calls-model.js';

const model = (callId: string, fields: Record<string, unknown> = {}) => ({
  call_id: callId, caller_id_name: 'Alice', caller_id_number: '1001', peer_caller_id_name: '', peer_caller_id_number: '1002', dialed_extension: '1002',
  status: 'Up', on_hold: false, creation_time: '2026-01-01T00:00:00.000+0000', talking_to: {}, ...fields,
});

describe('the calls store', () => {
  it('MUST add a channel on call_created and report it changed once', () => {
    const store = createCallStore();
    store.fromEvent('call_created', model('c1'));
    assert.deepEqual([[...store.takeChanges()], [...store.takeChanges()]], [['c1'], []]);
  });

  it('MUST not report a channel whose shown fields did not change', () => {
    const store = createCallStore();
    store.fromEvent('call_created', model('c1'));
    store.takeChanges();
    store.fromEvent('call_updated', model('c1', { talking_to: { c2: '' } }));
    assert.equal(store.takeChanges().size, 0);
  });

  it('MUST drop a channel on call_ended and keep a late details answer from bringing it back', () => {
    const store = createCallStore();
    store.fromEvent('call_created', model('c1'));
    const mark = store.asking();
    store.fromEvent('call_ended', model('c1'));
    store.fromDetails({ items: [{ ...model('c1'), codec: 'PCMU' }] }, mark, true);
    assert.equal(store.entries.has('c1'), false);
  });

  it('MUST keep a channel created while a full answer travelled, and drop those the answer lacks', () => {
    const store = createCallStore();
    store.fromEvent('call_created', model('old'));
    const mark = store.asking();
    store.fromEvent('call_created', model('new'));
    store.fromDetails({ items: [] }, mark, true);
    assert.deepEqual([...store.entries.keys()], ['new']);
  });

  it('MUST merge details into the channel and count its duration on the server clock', () => {
    let nowMs = Date.parse('2026-01-01T00:10:00.000Z');
    const store = createCallStore(() => nowMs);
    // The server said 90 s when the local clock read 10 min after creation: the local clock is 8.5 min ahead.
    store.fromDetails({ items: [{ ...model('c1'), codec: 'PCMU', duration_seconds: 90 }] }, store.asking(), true);
    nowMs += 5_000;
    const { call } = store.entries.get('c1');
    assert.deepEqual([call.codec, store.durationOf(call)], ['PCMU', 95]);
  });
});

describe('search and formats', () => {
  it('MUST match caller, callee, call id, state and node, every word, ignoring case', () => {
    const call = { ...model('1767225600.7'), node_name: 'alpha' };
    assert.deepEqual([matches(call, 'ALICE up'), matches(call, '1002 alpha'), matches(call, '1767225600.7'), matches(call, 'ringing')], [true, true, true, false]);
  });

  it('MUST read calld times with a numeric offset and show an unknown loss as a dash', () => {
    assert.deepEqual([calldTimeMs('2026-01-01T00:00:01.000+0000'), lossText(null), lossText(1.5)], [Date.parse('2026-01-01T00:00:01.000Z'), '—', '1.50 %']);
  });
});
