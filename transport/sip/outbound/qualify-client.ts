/**
 * The shell of the qualify machine: it sends each OPTIONS probe as a non-INVITE client transaction
 * (abandoned at the qualify timeout), arms the period and probe timers and reports each change of
 * reachability.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-11
 */
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { ClientTransaction, SipClock, TimerHandle, TransactionLayer } from '../transactions/index.ts';
import { buildOutboundRequest, outboundVia, randomHex } from './outbound-request.ts';
import {
  DEFAULT_QUALIFY_POLICY,
  INITIAL_QUALIFY_STATE,
  stepQualify,
  type QualifyEffect,
  type QualifyEvent,
  type QualifyPolicy,
  type QualifyState,
} from './qualify-machine.ts';

export interface QualifyClientOptions {
  readonly layer: TransactionLayer;
  readonly clock: SipClock;
  readonly destination: SipEndpoint;
  /** The Request-URI and To of the probes: `sip:peer.example[:port]`. */
  readonly targetUri: string;
  /** Our address in From: `sip:parley@our-host`. */
  readonly fromUri: string;
  readonly sentBy: string;
  readonly policy?: Partial<QualifyPolicy>;
  readonly userAgent?: string;
  readonly randomBytes?: (size: number) => Uint8Array;
  /** Each new state whose reachability differs from the previous one. */
  readonly onReachability?: (state: QualifyState) => void;
}

export interface QualifyClient {
  start(): void;
  stop(): void;
  state(): QualifyState;
}

export function createQualifyClient(options: QualifyClientOptions): QualifyClient {
  const policy: QualifyPolicy = { ...DEFAULT_QUALIFY_POLICY, ...options.policy };
  const random = options.randomBytes ?? ((size: number) => new Uint8Array(cryptoRandomBytes(size)));
  const callId = randomHex(random, 16);
  let sequence = 0;
  let state: QualifyState = INITIAL_QUALIFY_STATE;
  let probeTimer: TimerHandle | undefined;
  let periodTimer: TimerHandle | undefined;
  let probe: ClientTransaction | undefined;

  const dispatch = (event: QualifyEvent): void => {
    const previous = state.reachability;
    const step = stepQualify(state, event, options.clock.now(), policy);
    state = step.state;
    for (const effect of step.effects) run(effect);
    if (state.reachability !== previous) options.onReachability?.(state);
  };

  const clear = (handle: TimerHandle | undefined): undefined => {
    if (handle !== undefined) options.clock.clearTimer(handle);
    return undefined;
  };

  const run = (effect: QualifyEffect): void => {
    switch (effect.type) {
      case 'send-options':
        send();
        return;
      case 'set-probe-timer':
        probeTimer = clear(probeTimer);
        probeTimer = options.clock.setTimer(effect.delayMs, () => {
          probeTimer = undefined;
          dispatch({ type: 'timeout' });
        });
        return;
      case 'clear-probe-timer':
        probeTimer = clear(probeTimer);
        return;
      case 'set-period-timer':
        periodTimer = clear(periodTimer);
        periodTimer = options.clock.setTimer(effect.delayMs, () => {
          periodTimer = undefined;
          dispatch({ type: 'period' });
        });
        return;
      case 'clear-period-timer':
        periodTimer = clear(periodTimer);
        return;
      case 'abandon-probe':
        if (probe !== undefined) options.layer.abandon(probe);
        probe = undefined;
        return;
    }
  };

  const send = (): void => {
    sequence += 1;
    const request = buildOutboundRequest({
      method: 'OPTIONS', requestUri: options.targetUri, from: `<${options.fromUri}>`, fromTag: randomHex(random, 6), to: `<${options.targetUri}>`,
      callId: `${callId}-${String(sequence)}`, sequence, via: outboundVia(options.destination.transport, options.sentBy, options.layer.createBranch()),
      headers: { accept: ['application/sdp'], ...(options.userAgent === undefined ? {} : { 'user-agent': [options.userAgent] }) },
    });
    let transaction: ClientTransaction | undefined;
    const settle = (event: QualifyEvent): void => {
      if (transaction === undefined || probe !== transaction) return;
      probe = undefined;
      dispatch(event);
    };
    const started = options.layer.sendRequest(request, options.destination, {
      onFinal: (response) => settle({ type: 'response', status: response.status }),
      onTimeout: () => settle({ type: 'timeout' }),
      onTransportError: () => settle({ type: 'timeout' }),
    });
    if (started.type === 'error') return;
    transaction = started.transaction;
    probe = transaction;
  };

  return {
    start: () => dispatch({ type: 'start' }),
    stop: () => dispatch({ type: 'stop' }),
    state: () => state,
  };
}
