/**
 * One control session, the part of the protocol that outlives a connection: its token, its
 * subscriptions, the sequence of the events it received and the buffer a resume replays from.
 * Pure functions over a value; the protocol machine (control-protocol.ts) calls them.
 *
 * @remarks
 * Every event a session's filters and token let through gets the next sequence number (1, 2, …)
 * and enters the buffer, whether or not it can be written to the socket now. `sentThrough` is the
 * last sequence written; the events after it are pending (the client is slow, or gone for now).
 */
import { createAclCheck, type AclCheck } from '../auth/acl.ts';
import type { VerifiedToken } from '../auth/verified-token.ts';
import type { ControlCaller } from './control-commands.ts';
import { appendEvent, bufferedAfter, emptyEventBuffer, oldestSequence, type EventBuffer, type EventBufferLimits, type EventFrame } from './control-event-buffer.ts';
import type { ControlEvent } from './control-frames.ts';
import { anySubscriptionMatches, tokenMaySee, type Subscription } from './control-subscriptions.ts';

export interface ControlToken {
  readonly tokenId: string;
  readonly authId: string;
  readonly tenantUuid: string;
  readonly userUuid: string | undefined;
  readonly acl: AclCheck;
  readonly expiresAtMs: number;
  readonly visibleTenants: ReadonlySet<string>;
}

export interface SessionState {
  readonly id: string;
  readonly token: ControlToken;
  readonly subscriptions: readonly Subscription[];
  readonly nextSubscription: number;
  /** The sequence of the last event the session received (0: none yet). */
  readonly lastSequence: number;
  /** The sequence of the last event written to the client's socket. */
  readonly sentThrough: number;
  /**
   * Events (and their bytes) held back since the client became slow: what the hard bound counts.
   * A resume's replay is not counted: the client asked for it and it is written as the socket drains.
   */
  readonly heldEvents: number;
  readonly heldBytes: number;
  readonly buffer: EventBuffer;
}

export function controlToken(token: VerifiedToken, visibleTenants: readonly string[]): ControlToken {
  return {
    tokenId: token.token,
    authId: token.authId,
    tenantUuid: token.tenantUuid,
    userUuid: token.userUuid,
    acl: createAclCheck(token.acl, token.userUuid),
    expiresAtMs: token.expiresAtMs,
    visibleTenants: new Set(visibleTenants),
  };
}

export function newSession(id: string, token: ControlToken): SessionState {
  return { id, token, subscriptions: [], nextSubscription: 1, lastSequence: 0, sentThrough: 0, heldEvents: 0, heldBytes: 0, buffer: emptyEventBuffer() };
}

export function callerOf(session: SessionState): ControlCaller {
  const { token } = session;
  return { tokenId: token.tokenId, authId: token.authId, tenantUuid: token.tenantUuid, visibleTenantUuids: [...token.visibleTenants], userUuid: token.userUuid, session: session.id };
}

/** Whether the event ends the session: its token was deleted (`auth_token_deleted`) or has lapsed. */
export function tokenEnded(session: SessionState, event: ControlEvent, nowMs: number): boolean {
  if (nowMs >= session.token.expiresAtMs) return true;
  if (event.name !== 'auth_token_deleted' || typeof event.data !== 'object' || event.data === null) return false;
  return (event.data as { token?: unknown }).token === session.token.tokenId;
}

/** Numbers and buffers the event if the session takes it; undefined when its token or filters leave it out. */
export function acceptEvent(session: SessionState, event: ControlEvent, bytes: number, limits: EventBufferLimits): { session: SessionState; frame: EventFrame } | undefined {
  // Tenant isolation first (D-042): no ACL reaches another tenant's events.
  if (event.tenant_uuid !== undefined && !session.token.visibleTenants.has(event.tenant_uuid)) return undefined;
  if (!tokenMaySee(session.token.acl, event) || !anySubscriptionMatches(session.subscriptions, event)) return undefined;
  const sequence = session.lastSequence + 1;
  const frame: EventFrame = { type: 'event', sequence, name: event.name, origin_uuid: event.origin_uuid, data: event.data };
  const buffer = appendEvent(session.buffer, { frame, bytes }, limits);
  return { session: { ...session, lastSequence: sequence, buffer }, frame };
}

/** Whether some event not yet written was dropped from the buffer: the client can no longer catch up. */
export function pendingLost(session: SessionState): boolean {
  const oldest = oldestSequence(session.buffer);
  return session.lastSequence > session.sentThrough && oldest !== undefined && oldest > session.sentThrough + 1;
}

/**
 * The pending events to write now, oldest first, up to `budgetBytes` (at least one); `done` when
 * none is left pending, and then the held-back counts start again from zero.
 */
export function flushPending(session: SessionState, budgetBytes: number): { session: SessionState; frames: EventFrame[]; done: boolean } {
  const frames: EventFrame[] = [];
  let spent = 0;
  for (const entry of bufferedAfter(session.buffer, session.sentThrough)) {
    if (frames.length > 0 && spent + entry.bytes > budgetBytes) break;
    frames.push(entry.frame);
    spent += entry.bytes;
  }
  const sentThrough = frames.at(-1)?.sequence ?? session.lastSequence;
  const done = sentThrough >= session.lastSequence;
  return { session: { ...session, sentThrough, ...(done ? { heldEvents: 0, heldBytes: 0 } : {}) }, frames, done };
}

export type ResumeCheck =
  | { readonly type: 'replay'; readonly count: number }
  | { readonly type: 'refused'; readonly code: 'resume_forbidden' | 'resume_gap_too_old' | 'resume_ahead'; readonly message: string };

/** What a resume after `afterSequence` of `stored`, asked with `token`, gets. */
export function checkResume(stored: SessionState, token: ControlToken, afterSequence: number): ResumeCheck {
  if (stored.token.authId !== token.authId || stored.token.tenantUuid !== token.tenantUuid) {
    return { type: 'refused', code: 'resume_forbidden', message: 'the session belongs to another user' };
  }
  if (afterSequence > stored.lastSequence) {
    return { type: 'refused', code: 'resume_ahead', message: `after_sequence ${afterSequence} is past the last sequence ${stored.lastSequence}` };
  }
  const oldest = oldestSequence(stored.buffer) ?? stored.lastSequence + 1;
  if (afterSequence < oldest - 1) {
    return { type: 'refused', code: 'resume_gap_too_old', message: `events after ${afterSequence} are no longer kept (oldest kept: ${oldest}); start afresh` };
  }
  return { type: 'replay', count: stored.lastSequence - afterSequence };
}
