/**
 * Voicemail deposits (seed CF-18): records a call's caller leg into a file of the mailbox's folder
 * and, when the recording ends, stores the message and tells each user of the mailbox.
 *
 * @remarks
 * The recording's end comes from the media pool (`leg.record_finished`), also after the call has
 * ended (the caller hung up while recording: Asterisk keeps such a message). A message shorter
 * than {@link MIN_MESSAGE_MS} is discarded with its file, as Asterisk's `minsecs`. Files go under
 * `<voicemail dir>/<tenant>/<context>/<mailbox>/`. `user_voicemail_message_created` goes out once
 * per user associated with the mailbox and not at all when none is, with the ACL
 * `events.users.<user uuid>.voicemails` (routing key `voicemails.messages.created`).
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { call, Logger } from '../../actors/index.ts';
import type { MediaEvent, MediaPool, MediaSessionId } from '../../media-workers/index.ts';
import { insertVoicemailMessage, type Queryable, type TenantUuid } from '../../store/index.ts';
import { createVoicemailMessages, FOLDER_VIEWS, messageView, tellMessageUsers } from './voicemail-messages-port.ts';
import type { BusEvent } from '../bus/event-bus.ts';

/** Messages shorter than this are discarded (Asterisk's `minsecs`, docs/decisions.md). */
export const MIN_MESSAGE_MS = 1000;
/** The longest message (Asterisk's `maxsecs` default of Wazo: 5 minutes). */
export const MAX_MESSAGE_MS = 300_000;

type Deposit = Parameters<NonNullable<call.CallPorts['voicemail']>['record']>[1];

export interface VoicemailDepositOptions {
  readonly pool: Pick<MediaPool, 'request'>;
  readonly database: Queryable;
  /** The folder mailboxes' recordings go under. */
  readonly directory: string;
  readonly publish: (event: BusEvent) => void;
  readonly nodeUuid: string;
  readonly logger: Pick<Logger, 'warn' | 'error'>;
  readonly now?: () => number;
  /** Plays a file to a call's caller (the media port's), for the messages a consultation plays. */
  readonly playFile?: (callId: string, playId: number, file: string, onFinished: () => void) => void;
}

export interface VoicemailDeposits extends NonNullable<call.CallPorts['voicemail']> {
  /** Takes the media pool's events: a recording's end stores its message. */
  onMediaEvent(event: MediaEvent): void;
}

/** The calld view of a message's folder (a new message is in the inbox). */
export const INBOX_FOLDER = FOLDER_VIEWS.inbox;

export { messageView };

export function createVoicemailDeposits(options: VoicemailDepositOptions): VoicemailDeposits {
  const pending = new Map<string, { readonly deposit: Deposit; readonly onEnded: () => void }>();
  const now = options.now ?? Date.now;

  const store = async (deposit: Deposit, file: string, durationMs: number): Promise<void> => {
    if (durationMs < MIN_MESSAGE_MS) {
      await rm(file, { force: true });
      return;
    }
    const { mailbox, caller } = deposit;
    const message = await insertVoicemailMessage(options.database, {
      voicemailId: mailbox.voicemailId, tenantUuid: mailbox.tenantUuid as TenantUuid, callerIdNum: caller.number, callerIdName: caller.name,
      timestamp: Math.floor(now() / 1000), duration: Math.round(durationMs / 1000), folder: 'inbox', file,
    });
    await tellMessageUsers(options, 'created', message);
  };

  const messages = createVoicemailMessages({ ...options, playFile: options.playFile ?? ((_callId, _playId, _file, onFinished) => onFinished()) });
  return {
    ...messages,
    record(callId, deposit, onEnded) {
      const { mailbox } = deposit;
      const file = join(options.directory, mailbox.tenantUuid, mailbox.context, mailbox.number, `${now()}-${randomUUID()}.wav`);
      pending.set(file, { deposit, onEnded });
      options.pool.request({ type: 'leg.record', sessionId: callId as MediaSessionId, leg: 'A', file, maxDurationMs: MAX_MESSAGE_MS, stopDigits: '#' }).then(
        (reply) => {
          if (reply.type !== 'error') return;
          options.logger.warn({ callId, code: reply.code, reason: reply.message }, 'voicemail recording not started');
          pending.delete(file);
          onEnded();
        },
        (error: unknown) => {
          options.logger.error({ callId, error: String(error) }, 'voicemail recording not started');
          pending.delete(file);
          onEnded();
        },
      );
    },
    onMediaEvent(event) {
      if (event.type !== 'leg.record_finished' && event.type !== 'leg.record_failed') return;
      const found = pending.get(event.file);
      if (found === undefined) return;
      pending.delete(event.file);
      found.onEnded();
      if (event.type === 'leg.record_failed') {
        options.logger.error({ file: event.file, code: event.error.code, reason: event.error.message }, 'voicemail message lost');
        return;
      }
      store(found.deposit, event.file, event.durationMs).catch((error: unknown) => options.logger.error({ file: event.file, error: String(error) }, 'voicemail message not stored'));
    },
  };
}
