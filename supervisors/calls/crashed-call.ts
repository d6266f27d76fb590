/**
 * A call actor that crashed is ended from its last snapshot, through the same ports its actor used:
 * BYE or CANCEL to every leg still up, the media released, its call log and its events, and its
 * queue told (an abandon, or the end of a member's call).
 */
import { call, channel } from '../../actors/index.ts';

/** Runs the cleanup of a crashed call through the same ports its actor used. */
export function endCrashedCall(snapshot: call.CallSnapshot, ports: call.CallPorts, send: (channelId: string, message: channel.ChannelMessage) => void): void {
  for (const effect of call.crashedCallCleanup(snapshot, Date.now())) {
    switch (effect.type) {
      case 'send':
        send(effect.to.id, effect.message as channel.ChannelMessage);
        break;
      case 'media.release':
        ports.media.release(snapshot.callId);
        break;
      case 'call_log.write':
        ports.writeCallLog(effect.log);
        break;
      case 'event.publish':
        ports.publish(effect.name, effect.userUuid, effect.data, effect.requiredAcl);
        break;
      // The queue learns that its waiting caller is gone, or that its member's call ended.
      case 'queue.abandon':
        ports.queues?.abandon(snapshot.callId, effect.queueId);
        break;
      case 'queue.call_ended':
        ports.queues?.callEnded(snapshot.callId, effect.queueId, effect.memberId, effect.by);
        break;
      default:
        break;
    }
  }
}
