/**
 * The behaviour every {@link LocationStore} must show, as a test suite each implementation runs.
 *
 * @remarks Not a test file itself: `memory-location-store.test.ts` and
 * `redis-location-store.test.ts` call {@link describeLocationStoreContract} with their factory.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Binding } from './binding.ts';
import type { LocationStore } from './location-store.ts';

/** A clock the tests move by hand. */
export interface ManualClock {
  nowMs: number;
  now(): number;
}

/** Creates a clock reading `startMs` until moved. */
export function manualClock(startMs = 1_000_000): ManualClock {
  return {
    nowMs: startMs,
    now() {
      return this.nowMs;
    },
  };
}

/** Builds a fresh, empty store using `clock`. */
export type LocationStoreFactory = (clock: ManualClock) => Promise<LocationStore>;

const AOR = 'sip:alice@pbx.example.com';

function binding(contact: string, overrides: Partial<Binding> = {}): Binding {
  return {
    aor: AOR,
    contact,
    expiresAtMs: 1_060_000,
    callId: 'call-1',
    cseq: 1,
    path: [],
    received: { transport: 'udp', address: '192.0.2.10', port: 5060 },
    updatedAtMs: 1_000_000,
    ...overrides,
  };
}

function contacts(bindings: readonly Binding[]): string[] {
  return bindings.map((each) => each.contact).sort();
}

/** Registers the contract tests of a location store implementation. */
export function describeLocationStoreContract(name: string, createStore: LocationStoreFactory): void {
  const setup = async (): Promise<{ store: LocationStore; clock: ManualClock }> => {
    const clock = manualClock();
    return { store: await createStore(clock), clock };
  };

  describe(`${name} (location store contract)`, () => {
    it('MUST return no binding for an unknown AOR', async () => {
      const { store } = await setup();
      assert.deepEqual(await store.bindings(AOR), []);
    });

    it('MUST return what apply wrote, field for field', async () => {
      const { store } = await setup();
      const full = binding('sip:alice@192.0.2.10:5060;transport=tcp', {
        qValue: 0.5,
        instanceId: '<urn:uuid:00000000-0000-1000-8000-000a95a0e128>',
        regId: 1,
        path: ['<sip:edge.example.com;lr>'],
        userAgent: 'Phone/1.0',
        received: { transport: 'tcp', address: '198.51.100.7', port: 40_000, connectionId: 'c-42' },
      });
      await store.apply(AOR, [{ type: 'upsert', binding: full }]);
      assert.deepEqual(await store.bindings(AOR), [full]);
    });

    it('MUST answer apply with the bindings after the change', async () => {
      const { store } = await setup();
      await store.apply(AOR, [{ type: 'upsert', binding: binding('sip:a@192.0.2.1') }]);
      const after = await store.apply(AOR, [{ type: 'upsert', binding: binding('sip:b@192.0.2.2') }]);
      assert.deepEqual(contacts(after), ['sip:a@192.0.2.1', 'sip:b@192.0.2.2']);
    });

    it('MUST replace the binding of a contact written again', async () => {
      const { store } = await setup();
      await store.apply(AOR, [{ type: 'upsert', binding: binding('sip:a@192.0.2.1') }]);
      await store.apply(AOR, [{ type: 'upsert', binding: binding('sip:a@192.0.2.1', { cseq: 2 }) }]);
      assert.deepEqual((await store.bindings(AOR)).map((each) => each.cseq), [2]);
    });

    it('MUST apply removals and upserts of one call together', async () => {
      const { store } = await setup();
      await store.apply(AOR, [{ type: 'upsert', binding: binding('sip:a@192.0.2.1') }]);
      const after = await store.apply(AOR, [
        { type: 'remove', contact: 'sip:a@192.0.2.1' },
        { type: 'upsert', binding: binding('sip:b@192.0.2.2') },
      ]);
      assert.deepEqual(contacts(after), ['sip:b@192.0.2.2']);
    });

    it('MUST ignore the removal of a contact it does not hold', async () => {
      const { store } = await setup();
      assert.deepEqual(await store.apply(AOR, [{ type: 'remove', contact: 'sip:nobody@192.0.2.9' }]), []);
    });

    it('MUST NOT return a binding once it has expired', async () => {
      const { store, clock } = await setup();
      await store.apply(AOR, [{ type: 'upsert', binding: binding('sip:a@192.0.2.1', { expiresAtMs: 1_010_000 }) }]);
      clock.nowMs = 1_010_000;
      assert.deepEqual(await store.bindings(AOR), []);
    });

    it('MUST keep the bindings of different AORs apart', async () => {
      const { store } = await setup();
      const bob = 'sip:bob@pbx.example.com';
      await store.apply(AOR, [{ type: 'upsert', binding: binding('sip:a@192.0.2.1') }]);
      await store.apply(bob, [{ type: 'upsert', binding: binding('sip:a@192.0.2.1', { aor: bob }) }]);
      await store.removeAll(AOR);
      assert.deepEqual(contacts(await store.bindings(bob)), ['sip:a@192.0.2.1']);
    });

    it('MUST reject a binding applied to another AOR than its own', async () => {
      const { store } = await setup();
      const foreign = binding('sip:a@192.0.2.1');
      await assert.rejects(store.apply('sip:bob@pbx.example.com', [{ type: 'upsert', binding: foreign }]));
    });

    it('MUST remove every binding of an AOR with removeAll and return them', async () => {
      const { store } = await setup();
      await store.apply(AOR, [
        { type: 'upsert', binding: binding('sip:a@192.0.2.1') },
        { type: 'upsert', binding: binding('sip:b@192.0.2.2') },
      ]);
      const removed = await store.removeAll(AOR);
      assert.deepEqual([contacts(removed), await store.bindings(AOR)], [['sip:a@192.0.2.1', 'sip:b@192.0.2.2'], []]);
    });

    it('MUST hand out each due binding exactly once, expiry included', async () => {
      const { store } = await setup();
      await store.apply(AOR, [
        { type: 'upsert', binding: binding('sip:a@192.0.2.1', { expiresAtMs: 1_010_000 }) },
        { type: 'upsert', binding: binding('sip:b@192.0.2.2', { expiresAtMs: 1_020_000 }) },
      ]);
      const first = await store.expireDue(1_010_000);
      const second = await store.expireDue(1_010_000);
      assert.deepEqual([first.map((each) => each.binding.contact), second], [['sip:a@192.0.2.1'], []]);
    });

    it('MUST name the AOR of each expired binding', async () => {
      const { store } = await setup();
      await store.apply(AOR, [{ type: 'upsert', binding: binding('sip:a@192.0.2.1', { expiresAtMs: 1_010_000 }) }]);
      assert.deepEqual((await store.expireDue(2_000_000)).map((each) => each.aor), [AOR]);
    });

    it('MUST NOT expire a binding refreshed before the sweep', async () => {
      const { store } = await setup();
      await store.apply(AOR, [{ type: 'upsert', binding: binding('sip:a@192.0.2.1', { expiresAtMs: 1_010_000 }) }]);
      await store.apply(AOR, [{ type: 'upsert', binding: binding('sip:a@192.0.2.1', { expiresAtMs: 1_090_000 }) }]);
      assert.deepEqual(await store.expireDue(1_050_000), []);
    });

    it('MUST NOT expire a binding removed before the sweep', async () => {
      const { store } = await setup();
      await store.apply(AOR, [{ type: 'upsert', binding: binding('sip:a@192.0.2.1', { expiresAtMs: 1_010_000 }) }]);
      await store.apply(AOR, [{ type: 'remove', contact: 'sip:a@192.0.2.1' }]);
      assert.deepEqual(await store.expireDue(1_050_000), []);
    });

    it('MUST handle AORs and contacts holding separators and non-ASCII text', async () => {
      const { store } = await setup();
      const aor = 'sip:1:2@bücher.example';
      const contact = 'sip:x%3By@[2001:db8::1]:5060;a=b?c=d';
      await store.apply(aor, [{ type: 'upsert', binding: binding(contact, { aor, expiresAtMs: 1_010_000 }) }]);
      const expired = await store.expireDue(1_010_000);
      assert.deepEqual(expired.map((each) => [each.aor, each.binding.contact]), [[aor, contact]]);
    });

    it('MUST expire more bindings than fit in one sweep batch', async () => {
      const { store } = await setup();
      const many = Array.from({ length: 25 }, (_, index) =>
        binding(`sip:${index}@192.0.2.1`, { expiresAtMs: 1_010_000 }),
      );
      await store.apply(AOR, many.map((each) => ({ type: 'upsert' as const, binding: each })));
      assert.equal((await store.expireDue(1_010_000)).length, 25);
    });
  });
}
