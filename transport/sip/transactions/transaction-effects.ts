/**
 * What a transaction machine asks its runner to do, and the shape of one machine step.
 *
 * @remarks
 * Machines are pure: `transition(snapshot, event, env)` returns the next snapshot and a list of
 * effects, and the runner performs them (send bytes, arm or disarm a timer, call the TU). Timers
 * live in the snapshot as deadlines, so a snapshot alone says which timers must be armed.
 */
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { SipTimerConfig, TimerName } from './timer-values.ts';
import type { WireBytes } from './wire-bytes.ts';

/** Armed timers: name → deadline in epoch ms. */
export type ArmedTimers = Readonly<Partial<Record<TimerName, number>>>;

/** One thing for the runner to do. */
export type TransactionEffect =
  /** Pass a serialized message to the transport, to the transaction's fixed destination. */
  | { readonly type: 'message.send'; readonly bytes: WireBytes; readonly retransmission: boolean }
  | { readonly type: 'timer.start'; readonly name: TimerName; readonly delayMs: number }
  | { readonly type: 'timer.stop'; readonly name: TimerName }
  | { readonly type: 'tu.passProvisional'; readonly response: SipResponse }
  /** The one final response of a client transaction. */
  | { readonly type: 'tu.passFinal'; readonly response: SipResponse }
  /** A 2xx after the first one, in the INVITE client's Accepted state (RFC 6026 §8.4). */
  | { readonly type: 'tu.passAdditionalSuccess'; readonly response: SipResponse }
  /** An ACK matched the INVITE server transaction in its Accepted state (RFC 6026 §7.1). */
  | { readonly type: 'tu.passAck'; readonly request: SipRequest; readonly source: SipEndpoint }
  | { readonly type: 'tu.reportTimeout'; readonly timer: TimerName }
  | { readonly type: 'tu.reportTransportError' }
  /** A retransmission from the peer was absorbed by the transaction. */
  | { readonly type: 'log.absorbed'; readonly detail: string }
  /** An event the current state does not act on. */
  | { readonly type: 'log.ignored'; readonly reason: string }
  /** A TU request the current state refuses (e.g. a second final response). */
  | { readonly type: 'log.rejected'; readonly reason: string };

/** One machine step: the next snapshot and the effects to run, in order. */
export interface TransactionTransition<Snapshot> {
  readonly snapshot: Snapshot;
  readonly effects: readonly TransactionEffect[];
}

/** What a machine may read besides its snapshot and the event. */
export interface TransactionEnv {
  /** Epoch ms, from the injected clock. */
  readonly now: number;
}

/** The four kinds of transaction. */
export type TransactionKind = 'invite-client' | 'non-invite-client' | 'invite-server' | 'non-invite-server';

/**
 * The fields every transaction snapshot has, in every state.
 *
 * @remarks Each machine's snapshot is a union with one member per group of states, and a member
 * holds only what its states still use: a transaction waiting out Timer J, K, D, I or L keeps its
 * deadlines and the bytes it may have to re-send, not the request, the response objects or the
 * timer configuration. Up to 64·T1 of traffic sits in those states, so this is most of the layer's
 * memory. https://www.rfc-editor.org/rfc/rfc3261#section-17
 */
export interface TransactionSnapshotBase<State extends string> {
  readonly state: State;
  readonly timers: ArmedTimers;
  /** Set once the TU was told of a transport error, so it is told only once. */
  readonly transportErrorReported: boolean;
}

/** What a state that still arms timers from the configuration needs. */
export interface TimedSnapshotFields {
  /** TCP or WebSocket: no retransmissions, zero-length wait timers. */
  readonly reliable: boolean;
  readonly timerConfig: SipTimerConfig;
}

/** What a state that retransmits with back-off needs. */
export interface RetransmittingSnapshotFields extends TimedSnapshotFields {
  /** The interval the retransmission timer (A, E or G) was last armed with. */
  readonly retransmitIntervalMs: number;
}

/** The snapshot of any machine once terminated: nothing is left to match or to send. */
export interface TerminatedSnapshot<Kind extends TransactionKind> extends TransactionSnapshotBase<'terminated'> {
  readonly kind: Kind;
}

/** The timer events, transport failures and abandonment every machine accepts. */
export type CommonTransactionEvent =
  | { readonly type: 'sys.timer.fired'; readonly name: TimerName }
  /** The transport could not send one of this transaction's messages (RFC 3261 §17.1.4, §17.2.4). */
  | { readonly type: 'transport.failed' }
  /** The TU gives the transaction up (e.g. an INVITE whose CANCEL got no answer, RFC 3261 §9.1). */
  | { readonly type: 'tu.abandoned' };
