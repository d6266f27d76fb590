/**
 * The RFC 3264 rules that relate the direction of an answer to the direction of its offer.
 *
 * @remarks Directions are read from their writer's side: `sendonly` in an offer means the offerer
 * will only send. https://www.rfc-editor.org/rfc/rfc3264#section-6.1:
 *
 * ```
 *  offer      answer may be
 *  sendrecv   sendrecv | sendonly | recvonly | inactive
 *  sendonly   recvonly | inactive
 *  recvonly   sendonly | inactive
 *  inactive   inactive
 * ```
 */
import type { MediaDirection } from './session-description.ts';

function sends(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'sendonly';
}

function receives(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'recvonly';
}

function fromFlags(send: boolean, receive: boolean): MediaDirection {
  if (send) return receive ? 'sendrecv' : 'sendonly';
  return receive ? 'recvonly' : 'inactive';
}

/**
 * The direction to answer with, given the offered one and the one we want for ourselves.
 *
 * @remarks We send only if the offerer receives and we want to send; we receive only if the offerer
 * sends and we want to receive. So an offer `sendonly` (the peer holds us) gets `recvonly`,
 * `inactive` gets `inactive`, and with `wanted` `sendonly` (we hold the peer) a `sendrecv` offer
 * gets `sendonly`. https://www.rfc-editor.org/rfc/rfc3264#section-6.1
 */
export function answerDirection(offered: MediaDirection, wanted: MediaDirection = 'sendrecv'): MediaDirection {
  return fromFlags(receives(offered) && sends(wanted), sends(offered) && receives(wanted));
}

/**
 * Whether `answered` is a legal answer to `offered` (the table above).
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3264#section-6.1
 */
export function isAnswerDirectionAllowed(offered: MediaDirection, answered: MediaDirection): boolean {
  return (!sends(answered) || receives(offered)) && (!receives(answered) || sends(offered));
}

/** The same stream seen from the other side (`sendonly` ↔ `recvonly`). */
export function oppositeDirection(direction: MediaDirection): MediaDirection {
  return fromFlags(receives(direction), sends(direction));
}
