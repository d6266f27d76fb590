/**
 * The conference rooms of a node (seed CF-17): spawns a room's actor on its first join (under the
 * `conferences` supervisor), routes the calls' joins and leaves, the mixers' talk detection and
 * calld's orders to it, keeps each room's last snapshot for calld, and publishes the rooms' events.
 *
 * @remarks
 * Rooms live on the node where their participants' calls are (docs/decisions.md: one node per room;
 * in master/slave every call is on the master). A room stays once spawned. calld's verbs are
 * checked against the room's last snapshot, then sent: their outcome is the one calld answers.
 * A room that crashes is not restarted with its participants: its mixer is destroyed and each
 * participant's call is told it was kicked; the next join starts the room afresh.
 */
import { actorAddress, call, conference, type ActorSystem, type Supervisor } from '../../actors/index.ts';
import type { ConferenceControlPort, ConferenceVerbResult } from '../../api/index.ts';
import type { MediaEvent } from '../../media-workers/index.ts';
import type { BusEvent } from '../bus/event-bus.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import { conferenceIdOfMixer, type ConferenceMixers } from './conference-mixers.ts';

export interface ConferenceRoomsOptions {
  readonly system: ActorSystem;
  readonly mixers: ConferenceMixers;
  readonly publish: (event: BusEvent) => void;
  readonly nodeUuid: string;
  readonly logger: NodeLogger;
  /** The tenant of a conference configured in confd, undefined when there is none (calld's 404). */
  readonly findConference?: (conferenceId: number) => Promise<{ readonly tenantUuid: string } | undefined>;
  readonly now?: () => number;
}

export interface ConferenceRooms {
  /** What calls use to join and leave. */
  readonly calls: NonNullable<call.CallPorts['conferences']>;
  /** calld's conference verbs. */
  readonly control: ConferenceControlPort;
  /** Takes the media pool's events: talk detection reaches the rooms. */
  onMediaEvent(event: MediaEvent): void;
  close(): Promise<void>;
}

export async function createConferenceRooms(options: ConferenceRoomsOptions): Promise<ConferenceRooms> {
  const { system, mixers } = options;
  const log = options.logger.child({ component: 'conferences' });
  const now = options.now ?? Date.now;
  const snapshots = new Map<number, conference.ConferenceSnapshot>();
  const starting = new Map<number, Promise<boolean>>();

  const ports = (room: call.ConferenceRoom): conference.ConferencePorts => ({
    mixer: mixers.forRoom(room.conferenceId, room.tenantUuid),
    publish: (event) => options.publish({ name: event.name, origin_uuid: options.nodeUuid, required_acl: `events.${event.routingKey}`, tenant_uuid: room.tenantUuid, data: event.data }),
  });

  const rooms: Supervisor = await system.startSupervisor(
    {
      name: 'conferences', strategy: 'oneForOne', maxRestarts: 1_000, withinMs: 1_000,
      onChildCrashed: (_spec, snapshot, error) => {
        const last = snapshot?.data as conference.ConferenceSnapshot | undefined;
        log.error({ err: error, conferenceId: last?.conferenceId }, 'conference room crashed: its participants are put out');
        if (last === undefined) return;
        forget(last.conferenceId);
        if (last.participants.length > 0) ports(last.room).mixer({ type: 'mixer.destroy' });
        for (const participant of last.participants) {
          system.send(actorAddress('call', participant.id), { type: 'call.conference_update', conferenceId: last.conferenceId, update: 'kicked' } satisfies call.CallMessage);
        }
      },
    },
    [],
  );

  const forget = (conferenceId: number): void => {
    snapshots.delete(conferenceId);
    starting.delete(conferenceId);
  };

  /** The room's actor, spawned on first use; false when it could not start. */
  const ensureRoom = (room: call.ConferenceRoom): Promise<boolean> => {
    const { conferenceId } = room;
    const known = starting.get(conferenceId);
    if (known !== undefined) return known;
    const data = conference.newConference(room);
    const started = rooms.startChild({
      id: `conference-${conferenceId}`, restart: 'temporary', shutdownMs: 5_000,
      start: () => system.spawn(conference.conferenceSpec({
        conferenceId, ports: ports(room), from: { type: 'initial', epoch: 1, data },
        hooks: { onStableTransition: (snapshot) => void (starting.has(conferenceId) && snapshots.set(conferenceId, snapshot.data)), onDeactivate: () => forget(conferenceId) },
      })),
    }).then((result) => {
      if (result.type === 'error') {
        log.error({ conferenceId, code: result.code }, 'conference room not started');
        starting.delete(conferenceId);
        return false;
      }
      snapshots.set(conferenceId, data);
      return true;
    });
    starting.set(conferenceId, started);
    return started;
  };

  const sendToRoom = (conferenceId: number, message: conference.ConferenceMessage): void => system.send(conference.conferenceAddress(conferenceId), message);

  const calls: ConferenceRooms['calls'] = {
    join(callId, request) {
      const { room } = request;
      ensureRoom(room).then(
        (started) => {
          if (!started) return system.send(actorAddress('call', callId), { type: 'call.conference_update', conferenceId: room.conferenceId, update: 'refused' } satisfies call.CallMessage);
          const participant: conference.JoiningParticipant = {
            callId, callerIdName: request.callerIdName, callerIdNum: request.callerIdNum, admin: request.admin, language: request.language,
            ...(request.userUuid === undefined ? {} : { userUuid: request.userUuid }),
          };
          sendToRoom(room.conferenceId, { type: 'conference.join', room, participant });
        },
        (error: unknown) => log.error({ err: error, callId }, 'conference join failed'),
      );
    },
    leave(callId, conferenceId) {
      // A join still spawning its room is followed by its leave, in order.
      void starting.get(conferenceId)?.then((started) => started && sendToRoom(conferenceId, { type: 'conference.leave', callId }));
    },
    toggleMute(callId, conferenceId) {
      if (snapshots.has(conferenceId)) sendToRoom(conferenceId, { type: 'conference.toggle_mute', participantId: callId });
    },
  };

  /** A participant verb: no participant (404) unless the room has it. */
  const participantVerb = (conferenceId: number, participantId: string, message: conference.ConferenceMessage): ConferenceVerbResult => {
    const snapshot = snapshots.get(conferenceId);
    if (snapshot?.participants.some((participant) => participant.id === participantId) !== true) return { type: 'no-participant' };
    sendToRoom(conferenceId, message);
    return { type: 'done' };
  };

  const control: ConferenceControlPort = {
    async conference(conferenceId) {
      const snapshot = snapshots.get(conferenceId);
      const configured = snapshot === undefined ? await options.findConference?.(conferenceId) : { tenantUuid: snapshot.room.tenantUuid };
      if (configured === undefined) return undefined;
      const at = now();
      const participants = (snapshot?.participants ?? []).map((participant) => ({ model: conference.participantModel(conferenceId, participant, at), userUuid: participant.userUuid ?? null }));
      return { tenantUuid: configured.tenantUuid, participants };
    },
    mute: async (conferenceId, participantId, muted) => participantVerb(conferenceId, participantId, { type: 'conference.mute', participantId, muted }),
    kick: async (conferenceId, participantId) => participantVerb(conferenceId, participantId, { type: 'conference.kick', participantId }),
    async record(conferenceId, on) {
      const snapshot = snapshots.get(conferenceId);
      if (snapshot === undefined || snapshot.participants.length === 0) return { type: 'refused', message: `conference ${conferenceId} has no participants` };
      if (snapshot.recording === on) return { type: 'refused', message: on ? `conference ${conferenceId} is already being recorded` : `conference ${conferenceId} is not being recorded` };
      sendToRoom(conferenceId, { type: 'conference.record', on });
      return { type: 'done' };
    },
  };

  return {
    calls,
    control,
    onMediaEvent(event) {
      mixers.onMediaEvent(event);
      if (event.type !== 'mixer.talk') return;
      const conferenceId = conferenceIdOfMixer(event.mixerId);
      if (conferenceId !== undefined && snapshots.has(conferenceId)) sendToRoom(conferenceId, { type: 'conference.talk', participantId: event.sessionId, talking: event.talking });
    },
    close: () => rooms.stop('shutdown'),
  };
}
