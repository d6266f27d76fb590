/**
 * An established INVITE session as plain data, so that another node can carry it on: the dialog
 * (RFC 3261 §12: Call-ID, tags, sequence numbers, URIs, remote target, route set), where the peer is
 * reached, the SDP we last sent and the session timer with its deadline.
 *
 * @remarks
 * Only a confirmed dialog with no INVITE transaction in progress is portable: transactions belong
 * to the node that started them (a half-done re-INVITE is not carried over). A replica is read
 * back from outside the process (Redis), so {@link readSessionSnapshot} checks every field.
 * https://www.rfc-editor.org/rfc/rfc3261#section-12
 */
import type { Dialog } from '../dialogs/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { NegotiatedTimer } from './session-timer.ts';

/** A portable established session. */
export interface SessionSnapshot {
  readonly v: 1;
  readonly dialog: Dialog;
  /** Where the peer's messages came from; a TCP or WebSocket connection id does not survive a move. */
  readonly learned: SipEndpoint;
  readonly localSdp?: string;
  readonly peerAllowsUpdate: boolean;
  /** The session timer in force and when it fires, epoch ms (RFC 4028 §10). */
  readonly timer?: NegotiatedTimer & { readonly dueAtMs: number };
}

/** Why a replica cannot be resumed. */
export type SessionSnapshotRefusal = { readonly type: 'error'; readonly code: 'invalid-snapshot'; readonly detail: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isSequence = (value: unknown): boolean => value === undefined || (Number.isInteger(value) && (value as number) >= 0 && (value as number) < 2 ** 31);

/** Checks a replica read from outside the process; the snapshot, or why it is unusable. */
export function readSessionSnapshot(value: unknown): { readonly type: 'ok'; readonly snapshot: SessionSnapshot } | SessionSnapshotRefusal {
  const refuse = (detail: string): SessionSnapshotRefusal => ({ type: 'error', code: 'invalid-snapshot', detail });
  if (!isObject(value) || value['v'] !== 1) return refuse('not a version 1 session snapshot');
  const { dialog, learned, localSdp, peerAllowsUpdate, timer } = value;
  if (!isObject(dialog) || !isObject(dialog['id'])) return refuse('dialog: missing');
  const id = dialog['id'];
  if (!isString(id['callId']) || id['callId'] === '' || !isString(id['localTag']) || !isString(id['remoteTag'])) return refuse('dialog.id: Call-ID and tags must be strings');
  if (dialog['state'] !== 'confirmed') return refuse('dialog.state: only a confirmed dialog can be resumed');
  if (dialog['role'] !== 'uac' && dialog['role'] !== 'uas') return refuse('dialog.role: uac or uas');
  if (!isSequence(dialog['localSequence']) || !isSequence(dialog['remoteSequence'])) return refuse('dialog: sequence numbers must be integers below 2^31');
  if (!isObject(dialog['localAddress']) || !isObject(dialog['remoteAddress'])) return refuse('dialog: local and remote addresses');
  if (!isString(dialog['remoteTarget']) || !Array.isArray(dialog['routeSet']) || !dialog['routeSet'].every(isString)) return refuse('dialog: remote target and route set');
  if (!isObject(learned) || !['udp', 'tcp', 'ws'].includes(learned['transport'] as string) || !isString(learned['address']) || !Number.isInteger(learned['port'])) return refuse('learned: transport, address and port');
  if (localSdp !== undefined && !isString(localSdp)) return refuse('localSdp: a string');
  if (typeof peerAllowsUpdate !== 'boolean') return refuse('peerAllowsUpdate: a boolean');
  if (timer !== undefined && (!isObject(timer) || !Number.isFinite(timer['intervalSeconds']) || typeof timer['weRefresh'] !== 'boolean' || !Number.isFinite(timer['dueAtMs']))) {
    return refuse('timer: interval, refresher and deadline');
  }
  return { type: 'ok', snapshot: value as unknown as SessionSnapshot };
}

/**
 * How far ahead of the last replicated CSeq a resumed dialog starts its own requests.
 *
 * @remarks The replica may lag the old node by a request or two (a re-INVITE sent after the last
 * write); "the CSeq ... MUST be incremented by one" from the last (RFC 3261 §12.2.1.1) is about
 * ordering, and the peer only checks that a new CSeq is higher (§12.2.2), so a margin keeps our
 * requests in order whatever the lag.
 */
export const RESUMED_SEQUENCE_MARGIN = 100;
