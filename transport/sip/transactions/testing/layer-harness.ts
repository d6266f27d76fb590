/**
 * A transaction layer wired to a simulated clock, a recording transport and a recording TU.
 *
 * @remarks Not exported by the folder's index: tests import it directly.
 */
import type { SipRequest, SipResponse } from '../../message/index.ts';
import type { SipEndpoint } from '../../sip-endpoint.ts';
import { createSimulatedClock, type SimulatedClock } from '../sip-clock.ts';
import { createTransactionLayer, type TransactionLayer, type TransactionLayerOptions } from '../transaction-layer.ts';
import type { ServerTransaction } from '../server-transaction.ts';
import type { ClientTransactionDelegate } from '../client-transaction.ts';
import type { ServerTransactionFailure, TransactionUser } from '../transaction-user.ts';
import { createRecordingSender, type RecordingSender } from './sip-fakes.ts';

/** What the recording TU saw. */
export interface RecordingTransactionUser extends TransactionUser {
  readonly requests: ServerTransaction[];
  readonly acks: { readonly request: SipRequest; readonly source: SipEndpoint }[];
  readonly straySuccesses: SipResponse[];
  readonly failures: { readonly transaction: ServerTransaction; readonly failure: ServerTransactionFailure }[];
  /** Runs inside `onRequest`, e.g. to answer at once. */
  whenRequest: (transaction: ServerTransaction) => void;
}

/** Everything a layer test needs. */
export interface LayerHarness {
  readonly layer: TransactionLayer;
  readonly clock: SimulatedClock;
  readonly wire: RecordingSender;
  readonly tu: RecordingTransactionUser;
}

/** Builds a layer on fakes; `options` override the layer options. */
export function createLayerHarness(options: Partial<TransactionLayerOptions> = {}): LayerHarness {
  const clock = createSimulatedClock();
  const wire = createRecordingSender(() => clock.now());
  const tu: RecordingTransactionUser = {
    requests: [],
    acks: [],
    straySuccesses: [],
    failures: [],
    whenRequest: () => undefined,
    onRequest(transaction) {
      this.requests.push(transaction);
      this.whenRequest(transaction);
    },
    onAck(request, source) {
      this.acks.push({ request, source });
    },
    onStraySuccess(response) {
      this.straySuccesses.push(response);
    },
    onServerTransactionFailed(transaction, failure) {
      this.failures.push({ transaction, failure });
    },
  };
  let counter = 0;
  const layer = createTransactionLayer({
    sender: wire.sender,
    clock,
    transactionUser: tu,
    randomBytes: (size) => new Uint8Array(size).fill(++counter % 256),
    ...options,
  });
  return { layer, clock, wire, tu };
}

/** One call a client transaction made to its delegate. */
export type DelegateCall =
  | { readonly type: 'provisional' | 'final' | 'additional'; readonly status: number; readonly atMs: number }
  | { readonly type: 'timeout' | 'transport-error'; readonly atMs: number };

/** A delegate that records its calls with the time. */
export function recordingDelegate(clock: { now(): number }): { readonly delegate: ClientTransactionDelegate; readonly calls: DelegateCall[] } {
  const calls: DelegateCall[] = [];
  return {
    calls,
    delegate: {
      onProvisional: (response) => calls.push({ type: 'provisional', status: response.status, atMs: clock.now() }),
      onFinal: (response) => calls.push({ type: 'final', status: response.status, atMs: clock.now() }),
      onAdditionalSuccess: (response) => calls.push({ type: 'additional', status: response.status, atMs: clock.now() }),
      onTimeout: () => calls.push({ type: 'timeout', atMs: clock.now() }),
      onTransportError: () => calls.push({ type: 'transport-error', atMs: clock.now() }),
    },
  };
}
