import type { SipRequest, SipResponse } from '../message/index.ts';
import { getHeader, getHeaders, parseCSeq, parseNameAddress, parseUri } from '../message/index.ts';
import type { DigestAuthenticator, DigestVerdict } from '../auth/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import { addressOfRecord } from './address-of-record.ts';
import type { Binding, ExpiredBinding } from './binding.ts';
import { planContactUpdate, planWildcardRemoval, type BindingPlan, type RegistrationContext } from './binding-plan.ts';
import { createKeyedSerializer, type KeyedSerializer } from './keyed-serializer.ts';
import type { Clock, LocationStore } from './location-store.ts';
import { readRegisterContacts, type ContactsReading, type ExpiryPolicy } from './register-contacts.ts';
import type { RegistrarEvent } from './registrar-events.ts';
import { registerOk, registerResponse } from './registrar-response.ts';

/** Option tags this registrar supports in Require (RFC 3327 Path). */
export const SUPPORTED_OPTION_TAGS: readonly string[] = ['path'];

/** Inputs of {@link createRegistrar}. */
export interface RegistrarOptions extends ExpiryPolicy {
  readonly store: LocationStore;
  readonly authenticator: Pick<DigestAuthenticator, 'challenge' | 'verify'>;
  readonly clock: Clock;
  readonly maxContactsPerAor: number;
  /** Whether this registrar serves `host`; every domain when absent. */
  readonly isLocalDomain?: (host: string) => boolean;
  readonly onEvent?: (event: RegistrarEvent) => void;
}

/** The registrar of RFC 3261 §10.3 and the location lookups of the call code. */
export interface Registrar {
  /**
   * Processes a REGISTER that arrived from `source` and resolves to the response to send; rejects
   * only when the location store or the credential lookup fails (I/O).
   */
  handleRegister(request: SipRequest, source: SipEndpoint): Promise<SipResponse>;
  /** Removes the lapsed bindings and reports each as `registration.expired`; run it on a timer. */
  sweepExpired(): Promise<readonly ExpiredBinding[]>;
  /** The current bindings of a canonical AOR (see `addressOfRecord`), highest q first, then newest. */
  lookup(aor: string): Promise<readonly Binding[]>;
  /** The expiry limits REGISTERs are held to now. */
  expiryPolicy(): ExpiryPolicy;
  /**
   * Holds the REGISTERs processed from now on to new expiry limits; bindings already granted keep
   * their expiry until their next refresh. Throws `RangeError` for limits that are not positive
   * integers with min ≤ default ≤ max (a caller's bug).
   */
  setExpiryPolicy(policy: ExpiryPolicy): void;
}

type Sequence = { readonly callId: string; readonly cseq: number };

/**
 * Creates the registrar: RFC 3261 §10.3 steps 1–8 in order, on top of a location store.
 *
 * @remarks
 * Step 1, the Request-URI names a domain we serve (else 404, "returned if the domain in the
 * Request-URI does not match any of the domains handled by the recipient", §21.4.5); step 2,
 * Require lists only supported extensions (else 420 with Unsupported); step 3, Digest
 * authentication (401, or 403 for bad credentials); step 4, the authenticated user is the AOR's
 * user, as Asterisk requires (else 403); step 5, the AOR is ours (else 404); steps 6–7, contacts,
 * intervals (400, 423) and the bindings; step 8, 200 OK with every binding. REGISTERs of one AOR
 * are processed one at a time in this process; in a cluster only the active node handles SIP.
 * https://www.rfc-editor.org/rfc/rfc3261#section-10.3
 */
export function createRegistrar(options: RegistrarOptions): Registrar {
  checkOptions(options);
  const { store, clock } = options;
  const context: RegistrarContext = {
    options,
    policy: expiryPolicyOf(options),
    serializer: createKeyedSerializer(),
    isLocalDomain: options.isLocalDomain ?? (() => true),
    emit: (event) => options.onEvent?.(event),
  };
  return {
    async handleRegister(request, source) {
      if (request.method !== 'REGISTER') throw new RangeError(`handleRegister given a ${request.method}`);
      return processRegister(context, request, source);
    },
    async sweepExpired() {
      const expired = await store.expireDue(clock.now());
      for (const { aor, binding } of expired) {
        context.emit({ type: 'registration.expired', aor, contact: binding.contact, received: binding.received });
      }
      return expired;
    },
    async lookup(aor) {
      return byPreference(await store.bindings(aor));
    },
    expiryPolicy: () => context.policy,
    setExpiryPolicy(policy) {
      checkExpiryPolicy(policy);
      context.policy = expiryPolicyOf(policy);
    },
  };
}

interface RegistrarContext {
  readonly options: RegistrarOptions;
  /** The expiry limits of now: the options' at first, then as set live. */
  policy: ExpiryPolicy;
  readonly serializer: KeyedSerializer;
  readonly isLocalDomain: (host: string) => boolean;
  readonly emit: (event: RegistrarEvent) => void;
}

async function processRegister(
  context: RegistrarContext,
  request: SipRequest,
  source: SipEndpoint,
): Promise<SipResponse> {
  const { options, emit } = context;
  const early = checkRequestUri(request, context.isLocalDomain) ?? checkRequire(request);
  if (early !== undefined) return early;
  const verdict = await options.authenticator.verify(request);
  if (verdict.type !== 'authenticated') return refuseCredentials(context, request, verdict, source);
  const target = readTarget(request, verdict.username, context.isLocalDomain);
  if (target.type === 'refused') {
    if (target.status === 403) {
      emit({ type: 'registration.auth_failed', source, username: verdict.username, reason: 'aor-mismatch' });
    }
    return registerResponse(request, target.status, { reason: target.reason });
  }
  const sequence = readSequence(request);
  if (sequence === undefined) return registerResponse(request, 400, { reason: 'Invalid Call-ID or CSeq' });
  const reading = readRegisterContacts(request, context.policy);
  if (reading.type === 'invalid') return registerResponse(request, 400, { reason: reading.reason });
  if (reading.type === 'too-brief') {
    return registerResponse(request, 423, { headers: { 'min-expires': [String(reading.minExpiresS)] } });
  }
  const aor = target.aor;
  return context.serializer.run(aor, () =>
    updateBindings(context, request, reading, registrationContext(request, source, aor, sequence, options.clock.now())),
  );
}

function refuseCredentials(
  context: RegistrarContext,
  request: SipRequest,
  verdict: Exclude<DigestVerdict, { type: 'authenticated' }>,
  source: SipEndpoint,
): SipResponse {
  if (verdict.type === 'challenge') {
    const challenge = context.options.authenticator.challenge(request, { stale: verdict.stale });
    return registerResponse(request, challenge.status, { headers: challenge.headers });
  }
  const username = verdict.username === undefined ? {} : { username: verdict.username };
  context.emit({ type: 'registration.auth_failed', source, reason: verdict.reason, ...username });
  return registerResponse(request, verdict.reason === 'invalid-credentials' ? 403 : 400);
}

/** Steps 6–8 for one AOR, run under its serializer: read, plan, apply, report, answer. */
async function updateBindings(
  context: RegistrarContext,
  request: SipRequest,
  reading: Extract<ContactsReading, { type: 'query' | 'wildcard' | 'contacts' }>,
  registration: RegistrationContext,
): Promise<SipResponse> {
  const { store, maxContactsPerAor } = context.options;
  const existing = await store.bindings(registration.aor);
  let plan: BindingPlan;
  if (reading.type === 'query') return registerOk(request, byPreference(existing), registration.nowMs);
  if (reading.type === 'wildcard') {
    plan = planWildcardRemoval(existing, registration);
  } else {
    const result = planContactUpdate(existing, reading.contacts, registration, maxContactsPerAor);
    if (result.type === 'too-many-contacts') return registerResponse(request, 403, { reason: 'Too Many Contacts' });
    plan = result.plan;
  }
  const after = plan.changes.length === 0 ? existing : await store.apply(registration.aor, plan.changes);
  plan.events.forEach(context.emit);
  return registerOk(request, byPreference(after), registration.nowMs);
}

function checkOptions(options: RegistrarOptions): void {
  if (!(Number.isSafeInteger(options.maxContactsPerAor) && options.maxContactsPerAor >= 1)) {
    throw new RangeError('registrar limits must be positive integers');
  }
  checkExpiryPolicy(options);
}

function checkExpiryPolicy(policy: ExpiryPolicy): void {
  const { minExpiresS, defaultExpiresS, maxExpiresS } = policy;
  if (![minExpiresS, defaultExpiresS, maxExpiresS].every((value) => Number.isSafeInteger(value) && value >= 1)) {
    throw new RangeError('registrar limits must be positive integers');
  }
  if (!(minExpiresS <= defaultExpiresS && defaultExpiresS <= maxExpiresS)) {
    throw new RangeError('registrar expiry limits must satisfy min ≤ default ≤ max');
  }
}

function expiryPolicyOf(policy: ExpiryPolicy): ExpiryPolicy {
  return { minExpiresS: policy.minExpiresS, maxExpiresS: policy.maxExpiresS, defaultExpiresS: policy.defaultExpiresS };
}

/** Step 1: a SIP or SIPS Request-URI naming a domain we serve. */
function checkRequestUri(request: SipRequest, isLocalDomain: (host: string) => boolean): SipResponse | undefined {
  const uri = parseUri(request.uri);
  if (uri === undefined || uri.scheme === 'tel') {
    const sipLike = /^sips?:/i.test(request.uri);
    return registerResponse(request, sipLike ? 400 : 416, sipLike ? { reason: 'Invalid Request-URI' } : {});
  }
  return isLocalDomain(uri.host) ? undefined : registerResponse(request, 404, { reason: 'Domain Not Served' });
}

/** Step 2: "the registrar MUST process the Require header field values as described for UASs". */
function checkRequire(request: SipRequest): SipResponse | undefined {
  const required = getHeaders(request, 'require').flatMap((value) => value.split(',')).map((tag) => tag.trim());
  const unsupported = required.filter((tag) => tag !== '' && !SUPPORTED_OPTION_TAGS.includes(tag.toLowerCase()));
  if (unsupported.length === 0) return undefined;
  return registerResponse(request, 420, { headers: { unsupported } });
}

type Target =
  | { readonly type: 'aor'; readonly aor: string }
  | { readonly type: 'refused'; readonly status: 400 | 403 | 404; readonly reason: string };

/** Steps 4 and 5: the To URI names the authenticated user, in a domain we serve. */
function readTarget(request: SipRequest, username: string, isLocalDomain: (host: string) => boolean): Target {
  const to = parseNameAddress(getHeader(request, 'to') ?? '');
  const uri = to === undefined ? undefined : parseUri(to.uri);
  if (uri === undefined) return { type: 'refused', status: 400, reason: 'Invalid To' };
  if (uri.user !== username) return { type: 'refused', status: 403, reason: 'Forbidden' };
  const aor = addressOfRecord(uri);
  if (aor === undefined || !isLocalDomain(uri.host)) return { type: 'refused', status: 404, reason: 'Not Found' };
  return { type: 'aor', aor };
}

function readSequence(request: SipRequest): Sequence | undefined {
  const callId = getHeader(request, 'call-id')?.trim();
  const cseq = parseCSeq(getHeader(request, 'cseq') ?? '');
  if (callId === undefined || callId === '' || cseq === undefined || cseq.method !== 'REGISTER') return undefined;
  return { callId, cseq: cseq.sequence };
}

function registrationContext(
  request: SipRequest,
  source: SipEndpoint,
  aor: string,
  sequence: Sequence,
  nowMs: number,
): RegistrationContext {
  const userAgent = getHeader(request, 'user-agent');
  return {
    aor,
    ...sequence,
    nowMs,
    received: source,
    path: getHeaders(request, 'path'),
    ...(userAgent === undefined ? {} : { userAgent }),
  };
}

/** Highest q first (an absent q counts as 1.0), then the most recently written. */
function byPreference(bindings: readonly Binding[]): Binding[] {
  return [...bindings].sort(
    (left, right) => (right.qValue ?? 1) - (left.qValue ?? 1) || right.updatedAtMs - left.updatedAtMs,
  );
}
