/**
 * What a mailbox consultation does to messages (seed CF-18): play one to the caller, move one
 * listened to from the inbox to `old`, delete one with its recording. Each change is told to every
 * user of the mailbox (`user_voicemail_message_updated|deleted`, ACL
 * `events.users.<user uuid>.voicemails`), none when no user is associated.
 */
import { rm } from 'node:fs/promises';
import type { call, Logger } from '../../actors/index.ts';
import { deleteVoicemailMessage, findEnabledVoicemail, findVoicemailMessage, moveVoicemailMessage, type Queryable, type VoicemailMessageRow } from '../../store/index.ts';
import type { BusEvent } from '../bus/event-bus.ts';

export interface VoicemailMessagesOptions {
  readonly database: Queryable;
  /** Plays a file to a call's caller as prompt `playId` (the media port's). */
  readonly playFile: (callId: string, playId: number, file: string, onFinished: () => void) => void;
  readonly publish: (event: BusEvent) => void;
  readonly nodeUuid: string;
  readonly logger: Pick<Logger, 'warn' | 'error'>;
}

type MessagesPort = Pick<NonNullable<call.CallPorts['voicemail']>, 'playMessage' | 'markHeard' | 'deleteMessage'>;

/** The calld view of each folder a message can be in. */
export const FOLDER_VIEWS = {
  inbox: { id: 1, name: 'inbox', type: 'new' },
  old: { id: 2, name: 'old', type: 'old' },
  urgent: { id: 3, name: 'urgent', type: 'urgent' },
} as const;

/** The `message` of the seed's voicemail message events and of calld's mailbox. */
export function messageView(message: VoicemailMessageRow): Record<string, unknown> {
  return {
    id: message.id, timestamp: message.timestamp, caller_id_num: message.callerIdNum, caller_id_name: message.callerIdName,
    duration: message.duration, folder: FOLDER_VIEWS[message.folder],
  };
}

/** Tells each user of the mailbox about a message (`user_voicemail_message_<change>`). */
export async function tellMessageUsers(options: Pick<VoicemailMessagesOptions, 'database' | 'publish' | 'nodeUuid'>, change: 'created' | 'updated' | 'deleted', message: VoicemailMessageRow): Promise<void> {
  const users = (await findEnabledVoicemail(options.database, message.voicemailId))?.users ?? [];
  for (const user of users) {
    options.publish({
      name: `user_voicemail_message_${change}`, origin_uuid: options.nodeUuid, required_acl: `events.users.${user.uuid}.voicemails`, tenant_uuid: message.tenantUuid,
      data: { voicemail_id: message.voicemailId, user_uuid: user.uuid, message_id: message.id, message: messageView(message) },
    });
  }
}

export function createVoicemailMessages(options: VoicemailMessagesOptions): MessagesPort {
  const failed = (what: string, messageId: string) => (error: unknown) => options.logger.error({ messageId, error: String(error) }, `voicemail message not ${what}`);
  return {
    playMessage(callId, playId, mailbox, messageId, onFinished) {
      findVoicemailMessage(options.database, mailbox.voicemailId, messageId).then(
        (message) => {
          if (message === undefined) {
            options.logger.warn({ callId, messageId }, 'voicemail message gone: it counts as played');
            onFinished();
          } else options.playFile(callId, playId, message.file, onFinished);
        },
        (error: unknown) => {
          failed('played', messageId)(error);
          onFinished();
        },
      );
    },
    markHeard(mailbox, messageId) {
      const move = async () => {
        const message = await findVoicemailMessage(options.database, mailbox.voicemailId, messageId);
        if (message === undefined || message.folder === 'old') return;
        const moved = await moveVoicemailMessage(options.database, mailbox.voicemailId, messageId, 'old');
        if (moved !== undefined) await tellMessageUsers(options, 'updated', moved);
      };
      move().catch(failed('moved to old', messageId));
    },
    deleteMessage(mailbox, messageId) {
      const remove = async () => {
        const deleted = await deleteVoicemailMessage(options.database, mailbox.voicemailId, messageId);
        if (deleted === undefined) return;
        await rm(deleted.file, { force: true });
        await tellMessageUsers(options, 'deleted', deleted);
      };
      remove().catch(failed('deleted', messageId));
    },
  };
}
