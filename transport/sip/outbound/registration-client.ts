/**
 * The shell of the outbound registration machine: it sends each REGISTER as a non-INVITE client
 * transaction, answers digest challenges with the trunk's credentials, arms the machine's timer
 * and reports each change of state.
 *
 * @remarks
 * One Call-ID for the life of the client and a CSeq that grows by one per REGISTER, as RFC 3261
 * §10.2 asks of a UA registering with one registrar. A response to a REGISTER that is no longer
 * the current one is ignored.
 * https://www.rfc-editor.org/rfc/rfc3261#section-10.2
 */
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { getHeader, getHeaders, parseDigest, parseNameAddress, type DigestParams, type SipResponse } from '../message/index.ts';
import { chooseDigestChallenge, createAuthorizationHeader } from '../auth/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { ClientTransaction, SipClock, TimerHandle, TransactionLayer } from '../transactions/index.ts';
import { buildOutboundRequest, outboundVia, randomHex } from './outbound-request.ts';
import {
  DEFAULT_REGISTRATION_POLICY,
  INITIAL_REGISTRATION_STATE,
  isRegistered,
  stepRegistration,
  type RegistrationChallenge,
  type RegistrationEffect,
  type RegistrationEvent,
  type RegistrationPolicy,
  type RegistrationState,
} from './registration-machine.ts';

export interface RegistrationClientOptions {
  readonly layer: TransactionLayer;
  readonly clock: SipClock;
  /** Where the REGISTERs go (the registrar's resolved address). */
  readonly destination: SipEndpoint;
  /** The Request-URI: the registrar's domain, `sip:provider.example[:port]`. */
  readonly registrarUri: string;
  /** The address of record, in From and To: `sip:user@provider.example`. */
  readonly addressOfRecord: string;
  /** Our Contact URI, where the provider sends calls: `sip:extension@our-host:port`. */
  readonly contact: string;
  /** Our host[:port] in the Via. */
  readonly sentBy: string;
  readonly username: string;
  readonly password: string;
  readonly policy?: Partial<RegistrationPolicy>;
  /** The User-Agent header. */
  readonly userAgent?: string;
  readonly randomBytes?: (size: number) => Uint8Array;
  /** Each new state, after the step that produced it. */
  readonly onState?: (state: RegistrationState, response?: SipResponse) => void;
}

export interface RegistrationClient {
  /** Sends the first REGISTER. */
  start(): void;
  /** Removes the binding (REGISTER with Expires 0) if there may be one; resolves once done. */
  stop(): Promise<void>;
  /** Stops at once and sends nothing more: the binding, if any, is left to expire or to its other holder. */
  abandon(): void;
  state(): RegistrationState;
  registered(): boolean;
}

/** Builds a client; nothing is sent before `start`. */
export function createRegistrationClient(options: RegistrationClientOptions): RegistrationClient {
  const policy: RegistrationPolicy = { ...DEFAULT_REGISTRATION_POLICY, ...options.policy };
  const random = options.randomBytes ?? ((size: number) => new Uint8Array(cryptoRandomBytes(size)));
  const callId = `${randomHex(random, 16)}`;
  const fromTag = randomHex(random, 6);
  let sequence = 0;
  let state: RegistrationState = INITIAL_REGISTRATION_STATE;
  let timer: TimerHandle | undefined;
  let current: ClientTransaction | undefined;
  const stopWaiters: (() => void)[] = [];

  const dispatch = (event: RegistrationEvent, response?: SipResponse): void => {
    const step = stepRegistration(state, event, options.clock.now(), policy);
    const changed = step.state !== state;
    state = step.state;
    for (const effect of step.effects) run(effect);
    if (changed) options.onState?.(state, response);
    if (state.type === 'stopped') for (const resolve of stopWaiters.splice(0)) resolve();
  };

  const run = (effect: RegistrationEffect): void => {
    switch (effect.type) {
      case 'clear-timer':
        if (timer !== undefined) options.clock.clearTimer(timer);
        timer = undefined;
        return;
      case 'set-timer':
        if (timer !== undefined) options.clock.clearTimer(timer);
        timer = options.clock.setTimer(effect.delayMs, () => {
          timer = undefined;
          dispatch({ type: 'timer' });
        });
        return;
      case 'send-register':
        send(effect.expiresS, effect.challenge);
        return;
      case 'forget-register':
        if (current !== undefined) options.layer.abandon(current);
        current = undefined;
        return;
    }
  };

  const send = (expiresS: number, challenge: RegistrationChallenge | undefined): void => {
    if (current !== undefined) options.layer.abandon(current);
    current = undefined;
    sequence += 1;
    const headers: Record<string, readonly string[]> = { expires: [String(expiresS)], ...(options.userAgent === undefined ? {} : { 'user-agent': [options.userAgent] }) };
    if (challenge !== undefined) {
      const answer = createAuthorizationHeader(challenge.params, {
        username: options.username, password: options.password, method: 'REGISTER', uri: options.registrarUri, cnonce: randomHex(random, 8), nc: 1,
      });
      if (answer.type === 'error') {
        queueMicrotask(() => dispatch({ type: 'response', status: 403 }));
        return;
      }
      headers[challenge.proxy ? 'proxy-authorization' : 'authorization'] = [answer.value];
    }
    const request = buildOutboundRequest({
      method: 'REGISTER', requestUri: options.registrarUri, from: `<${options.addressOfRecord}>`, fromTag, to: `<${options.addressOfRecord}>`,
      callId, sequence, via: outboundVia(options.destination.transport, options.sentBy, options.layer.createBranch()), contact: `<${options.contact}>`, headers,
    });
    let transaction: ClientTransaction | undefined;
    const mine = (): boolean => transaction !== undefined && current === transaction;
    const started = options.layer.sendRequest(request, options.destination, {
      onFinal: (response) => {
        if (!mine()) return;
        current = undefined;
        dispatch(responseEvent(response, options.contact), response);
      },
      onTimeout: () => {
        if (!mine()) return;
        current = undefined;
        dispatch({ type: 'timeout' });
      },
      onTransportError: () => {
        if (!mine()) return;
        current = undefined;
        dispatch({ type: 'transport-error' });
      },
    });
    if (started.type === 'error') {
      queueMicrotask(() => dispatch({ type: 'transport-error' }));
      return;
    }
    transaction = started.transaction;
    current = transaction;
  };

  return {
    start: () => dispatch({ type: 'start' }),
    stop() {
      dispatch({ type: 'stop' });
      if (state.type === 'stopped') return Promise.resolve();
      return new Promise((resolve) => stopWaiters.push(resolve));
    },
    abandon: () => dispatch({ type: 'abandon' }),
    state: () => state,
    registered: () => isRegistered(state),
  };
}

/** The machine's view of a final response. */
export function responseEvent(response: SipResponse, contact: string): Extract<RegistrationEvent, { type: 'response' }> {
  const challenge = challengeOf(response);
  const grantedS = grantedExpiry(response, contact);
  const retryAfterS = leadingNumber(getHeader(response, 'retry-after'));
  const minExpiresS = leadingNumber(getHeader(response, 'min-expires'));
  return {
    type: 'response',
    status: response.status,
    ...(challenge === undefined ? {} : { challenge }),
    ...(grantedS === undefined ? {} : { grantedS }),
    ...(retryAfterS === undefined ? {} : { retryAfterS }),
    ...(minExpiresS === undefined ? {} : { minExpiresS }),
  };
}

function challengeOf(response: SipResponse): RegistrationChallenge | undefined {
  if (response.status !== 401 && response.status !== 407) return undefined;
  const proxy = response.status === 407;
  const values = getHeaders(response, proxy ? 'proxy-authenticate' : 'www-authenticate');
  const parsed = values.map(parseDigest).filter((value): value is DigestParams => value !== undefined);
  const params = chooseDigestChallenge(parsed);
  return params === undefined ? undefined : { proxy, params };
}

/**
 * The expiry granted to our Contact: its `expires` parameter in the 200, else the Expires header
 * (RFC 3261 §10.2.4).
 */
function grantedExpiry(response: SipResponse, contact: string): number | undefined {
  if (response.status < 200 || response.status > 299) return undefined;
  const ours = normaliseUri(contact);
  for (const value of getHeaders(response, 'contact')) {
    const address = parseNameAddress(value);
    if (address === undefined || normaliseUri(address.uri) !== ours) continue;
    const expires = leadingNumber(address.params['expires'] ?? undefined);
    if (expires !== undefined) return expires;
  }
  return leadingNumber(getHeader(response, 'expires'));
}

function normaliseUri(uri: string): string {
  return uri.trim().replace(/^<|>$/g, '').toLowerCase();
}

function leadingNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^\s*(\d{1,10})/.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
