import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SipRequest } from '../../transport/sip/message/index.ts';
import { getHeaders, parseNameAddress } from '../../transport/sip/message/index.ts';
import type { RegistrarEvent } from '../../transport/sip/registrar/index.ts';
import { createMemoryLocationStore, createRegistrar } from '../../transport/sip/registrar/index.ts';
import { fakeAuthenticator, manualClock, PHONE } from '../../transport/sip/registrar/registrar-test-kit.ts';

const AOR = 'sip:alice@pbx.example.com';
const MAX_CONTACTS = 3;

type Command =
  | { readonly kind: 'register'; readonly contact: number; readonly expires: string | undefined; readonly call: number; readonly step: number }
  | { readonly kind: 'unregister-all'; readonly call: number; readonly step: number }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'sweep' };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('register' as const),
    contact: fc.integer({ min: 0, max: 4 }),
    expires: fc.constantFrom(undefined, '0', '60', '300', '3600'),
    call: fc.integer({ min: 0, max: 1 }),
    step: fc.integer({ min: -1, max: 2 }),
  }),
  fc.record({ kind: fc.constant('unregister-all' as const), call: fc.integer({ min: 0, max: 1 }), step: fc.integer({ min: -1, max: 2 }) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 400_000 }) }),
  fc.constant({ kind: 'sweep' as const }),
);

function request(contacts: readonly string[], call: number, cseq: number, expires: string | undefined): SipRequest {
  return {
    type: 'request',
    method: 'REGISTER',
    uri: 'sip:pbx.example.com',
    headers: {
      via: ['SIP/2.0/UDP 203.0.113.5;branch=z9hG4bK-p'],
      from: ['<sip:alice@pbx.example.com>;tag=f'],
      to: ['<sip:alice@pbx.example.com>'],
      'call-id': [`call-${call}`],
      cseq: [`${cseq} REGISTER`],
      contact: contacts,
      authorization: ['Fake alice'],
      ...(expires === undefined ? {} : { expires: [expires] }),
    },
    body: new Uint8Array(0),
  };
}

/** Replays the registrar's events into the set of contacts they say are bound. */
function replay(live: Set<string>, event: RegistrarEvent): void {
  if (event.type === 'registration.added' || event.type === 'registration.refreshed') live.add(event.contact);
  if (event.type === 'registration.removed' || event.type === 'registration.expired') live.delete(event.contact);
}

describe('registrar (properties)', () => {
  it('MUST keep within the contact limit, list exactly its bindings, and report every change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 40 }), async (commands) => {
        const clock = manualClock();
        const live = new Set<string>();
        const registrar = createRegistrar({
          store: createMemoryLocationStore({ clock }),
          authenticator: fakeAuthenticator,
          clock,
          minExpiresS: 60,
          maxExpiresS: 3600,
          defaultExpiresS: 600,
          maxContactsPerAor: MAX_CONTACTS,
          onEvent: (event) => replay(live, event),
        });
        const cseqs = [1, 1];
        const nextCseq = (call: number, step: number): number => {
          const cseq = Math.max(1, (cseqs[call] ?? 1) + step);
          cseqs[call] = Math.max(cseqs[call] ?? 1, cseq);
          return cseq;
        };
        for (const each of commands) {
          if (each.kind === 'advance') clock.nowMs += each.ms;
          if (each.kind === 'sweep') await registrar.sweepExpired();
          if (each.kind === 'register' || each.kind === 'unregister-all') {
            const contacts = each.kind === 'register' ? [`<sip:alice@192.0.2.${each.contact}>`] : ['*'];
            const expires = each.kind === 'register' ? each.expires : '0';
            const response = await registrar.handleRegister(request(contacts, each.call, nextCseq(each.call, each.step), expires), PHONE);
            assert.equal(response.status, 200);
            const listed = getHeaders(response, 'contact').map((value) => parseNameAddress(value)?.uri).sort();
            assert.deepEqual(listed, (await registrar.lookup(AOR)).map((binding) => binding.contact).sort());
          }
          const bindings = await registrar.lookup(AOR);
          assert.ok(bindings.length <= MAX_CONTACTS);
          assert.ok(bindings.every((binding) => binding.expiresAtMs > clock.nowMs && live.has(binding.contact)));
          if (each.kind === 'sweep') assert.deepEqual([...live].sort(), bindings.map((binding) => binding.contact).sort());
        }
      }),
    );
  });
});
