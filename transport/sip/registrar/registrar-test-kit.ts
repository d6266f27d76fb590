/**
 * Builders shared by the registrar tests: REGISTER requests, a fake authenticator, a manual clock
 * and an event recorder.
 */
import type { DigestAuthenticator, DigestVerdict } from '../auth/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import { getHeaders, parseNameAddress } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import { manualClock, type ManualClock } from './location-store.contract.ts';

export { manualClock };
import { createMemoryLocationStore } from './memory-location-store.ts';
import { createRegistrar, type Registrar, type RegistrarOptions } from './registrar.ts';
import type { RegistrarEvent } from './registrar-events.ts';

export const DOMAIN = 'pbx.example.com';
export const ALICE_AOR = `sip:alice@${DOMAIN}`;
export const PHONE: SipEndpoint = { transport: 'udp', address: '203.0.113.5', port: 40_123 };

/** What a test REGISTER carries; every field has a sensible default. */
export interface RegisterShape {
  readonly user?: string;
  readonly authenticatedAs?: string | null;
  readonly contacts?: readonly string[];
  readonly expires?: string;
  readonly callId?: string;
  readonly cseq?: number;
  readonly uri?: string;
  readonly to?: string;
  readonly headers?: Readonly<Record<string, readonly string[]>>;
}

/** A REGISTER as the parser would deliver it. */
export function registerRequest(shape: RegisterShape = {}): SipRequest {
  const user = shape.user ?? 'alice';
  const authenticatedAs = shape.authenticatedAs === undefined ? user : shape.authenticatedAs;
  const headers: Record<string, readonly string[]> = {
    via: ['SIP/2.0/UDP 203.0.113.5:40123;branch=z9hG4bK-test'],
    from: [`<sip:${user}@${DOMAIN}>;tag=from-tag`],
    to: [shape.to ?? `<sip:${user}@${DOMAIN}>`],
    'call-id': [shape.callId ?? 'call-1@203.0.113.5'],
    cseq: [`${shape.cseq ?? 1} REGISTER`],
    contact: shape.contacts ?? [`<sip:${user}@192.168.1.20:5060>`],
    ...(shape.expires === undefined ? {} : { expires: [shape.expires] }),
    ...(authenticatedAs === null ? {} : { authorization: [`Fake ${authenticatedAs}`] }),
    ...shape.headers,
  };
  return { type: 'request', method: 'REGISTER', uri: shape.uri ?? `sip:${DOMAIN}`, headers, body: new Uint8Array(0) };
}

/**
 * An authenticator that trusts `Authorization: Fake <user>` (and refuses `Fake-bad <user>`), so
 * registrar tests need no Digest round trips; the Digest path has its own tests.
 */
export const fakeAuthenticator: Pick<DigestAuthenticator, 'challenge' | 'verify'> = {
  challenge: (_request, options = {}) => ({
    status: 401,
    headers: { 'www-authenticate': [`Fake realm="test"${options.stale === true ? ', stale=TRUE' : ''}`] },
  }),
  verify: async (request): Promise<DigestVerdict> => {
    const [value] = getHeaders(request, 'authorization');
    const [scheme, username] = (value ?? '').split(' ');
    if (scheme === 'Fake' && username !== undefined) {
      return { type: 'authenticated', username, realm: 'test', algorithm: 'MD5' };
    }
    if (scheme === 'Fake-bad' && username !== undefined) {
      return { type: 'forbidden', reason: 'invalid-credentials', username };
    }
    return { type: 'challenge', stale: false };
  },
};

/** A registrar over a memory store, with the limits the tests assume unless overridden. */
export interface RegistrarHarness {
  readonly registrar: Registrar;
  readonly clock: ManualClock;
  readonly events: RegistrarEvent[];
}

export function registrarHarness(overrides: Partial<RegistrarOptions> = {}, clock = manualClock()): RegistrarHarness {
  const events: RegistrarEvent[] = [];
  const registrar = createRegistrar({
    store: createMemoryLocationStore({ clock }),
    authenticator: fakeAuthenticator,
    clock,
    minExpiresS: 60,
    maxExpiresS: 3600,
    defaultExpiresS: 1800,
    maxContactsPerAor: 3,
    isLocalDomain: (host) => host === DOMAIN,
    onEvent: (event) => events.push(event),
    ...overrides,
  });
  return { registrar, clock, events };
}

/** The Contact values of a response as `uri expires` strings, sorted. */
export function listedContacts(response: SipResponse): string[] {
  return getHeaders(response, 'contact')
    .map((value) => {
      const address = parseNameAddress(value);
      return `${address?.uri ?? '?'} ${address?.params['expires'] ?? '-'}`;
    })
    .sort();
}
