import type { CallLogId, LineId, TenantUuid, UserUuid } from '../ids.ts';

/** Which way a call went, from the PBX's point of view. */
export type CallDirection = 'internal' | 'inbound' | 'outbound';

/** Whether a participant placed the call or was called. */
export type CallLogParticipantRole = 'source' | 'destination';

/** A user a call involved, with the line it involved. */
export interface CallLogParticipant {
  readonly userUuid: UserUuid;
  /** Null when the call did not reach one of the user's lines (forwarded, say). */
  readonly lineId: LineId | null;
  readonly role: CallLogParticipantRole;
  /** Whether this participant answered (for a destination) or was connected (for the source). */
  readonly answered: boolean;
  /** The user's userfield, split at its commas; see `splitUserfield`. */
  readonly tags: readonly string[];
}

/**
 * The fields of a call log that describe the call: who called whom, asking for what, and how
 * it ended.
 *
 * @remarks
 * Names and numbers come from SIP headers (display names, user parts). The hangup cause is the
 * final SIP status (https://www.rfc-editor.org/rfc/rfc3261#section-21) and the Q.850 cause
 * carried by a Reason header (https://www.rfc-editor.org/rfc/rfc3326#section-2).
 */
export interface CallLogParties {
  readonly direction: CallDirection;
  readonly sourceName?: string | null;
  readonly sourceExten?: string | null;
  /** The caller's line, `protocol/name` (`sip/1001`). */
  readonly sourceLineIdentity?: string | null;
  /** The number dialled, before forwards and pickups changed where the call went. */
  readonly requestedExten?: string | null;
  readonly requestedContext?: string | null;
  readonly destinationName?: string | null;
  readonly destinationExten?: string | null;
  readonly destinationLineIdentity?: string | null;
  readonly hangupSipStatus?: number | null;
  readonly hangupQ850Cause?: number | null;
  /** The calling user's userfield. */
  readonly userField?: string | null;
}

/**
 * A call log to write, when the call has ended (or when its supervisor writes it after a crash).
 *
 * @remarks
 * Times are epoch milliseconds from the engine's clock: `startedAtMs <= answeredAtMs <= endedAtMs`
 * when set (`call_log_date_answer_check`, `call_log_date_end_check`).
 */
export interface NewCallLog extends CallLogParties {
  /** The engine's id of the call; one log per call id. */
  readonly callId: string;
  /** The default tenant when absent, as Wazo falls back on its master tenant. */
  readonly tenantUuid?: TenantUuid;
  /** When the call began (`call_log.date`). */
  readonly startedAtMs: number;
  /** When it was answered (`date_answer`); absent for a call nobody answered. */
  readonly answeredAtMs?: number | null;
  /** When it ended (`date_end`); absent when the writer does not know (a crash). */
  readonly endedAtMs?: number | null;
  readonly participants?: readonly CallLogParticipant[];
}

/** A stored call log, with its derived fields and its participants. */
export interface CallLogRow extends Required<CallLogParties> {
  readonly id: CallLogId;
  readonly callId: string;
  readonly tenantUuid: TenantUuid;
  readonly startedAtMs: number;
  readonly answeredAtMs: number | null;
  readonly endedAtMs: number | null;
  /** Derived: the call has an answer time. */
  readonly answered: boolean;
  /** Derived: talk time, from answer to end; 0 for an unanswered call, null while the end is unknown. */
  readonly durationMs: number | null;
  readonly participants: readonly CallLogParticipant[];
}

/** What `insertCallLog` did: wrote the log, or found the call's log already written. */
export interface CallLogInsert {
  readonly created: boolean;
  readonly id: CallLogId;
}
