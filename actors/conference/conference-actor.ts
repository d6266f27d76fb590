/**
 * The conference room actor's shell: the room machine plus the runners of its ports (the room's
 * mixer and the event bus), implemented by the composition root (`supervisors/conferences/`) for
 * each room (a room's id and tenant never change).
 */
import { actorAddress, type ActorAddress, type ActorHooks, type ActorSpec, type SpawnOrigin } from '../kernel/index.ts';
import { conferenceMachine } from './conference-machine.ts';
import type { ConferenceEffect, ConferenceEvent, ConferenceMessage, MixerEffect } from './conference-messages.ts';
import type { ConferenceSnapshot } from './conference-snapshot.ts';

/** What a room asks of the node. Calls return at once; a mixer failure is the port's to log. */
export interface ConferencePorts {
  /** Runs an order on the room's mixer. */
  mixer(effect: MixerEffect): void;
  /** Publishes a room event: its ACL is `events.<routingKey>`, its tenant the room's. */
  publish(event: Omit<ConferenceEvent, 'type'>): void;
}

export type ConferenceSpec = ActorSpec<ConferenceSnapshot, ConferenceMessage, ConferenceEffect, Record<never, never>>;

/** The address of room `conferenceId`. */
export function conferenceAddress(conferenceId: number): ActorAddress {
  return actorAddress('conference', String(conferenceId));
}

/** The spec that spawns a room actor. */
export function conferenceSpec(options: {
  readonly from: SpawnOrigin<ConferenceSnapshot>;
  readonly conferenceId: number;
  readonly ports: ConferencePorts;
  readonly hooks?: ActorHooks<ConferenceSnapshot>;
}): ConferenceSpec {
  const { ports } = options;
  const mixer = (effect: MixerEffect): void => ports.mixer(effect);
  return {
    address: conferenceAddress(options.conferenceId),
    machine: conferenceMachine,
    env: {},
    from: options.from,
    ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
    runners: {
      'mixer.create': mixer,
      'mixer.join': mixer,
      'mixer.leave': mixer,
      'mixer.mute': mixer,
      'mixer.play': mixer,
      'mixer.record': mixer,
      'mixer.stop_record': mixer,
      'mixer.destroy': mixer,
      'conference.publish': (effect) => ports.publish({ name: effect.name, routingKey: effect.routingKey, data: effect.data }),
    },
  };
}
