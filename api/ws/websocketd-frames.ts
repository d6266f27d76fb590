/**
 * The text of websocketd's server messages. An event is serialized once per bus event and the same
 * text goes to every client that may see it, so that a thousand subscribers cost one
 * `JSON.stringify`, not a thousand.
 */
import type { WebsocketdMessage } from './websocketd-protocol.ts';

/** Any message of the machine as its JSON text. */
export function encodeMessage(message: WebsocketdMessage): string {
  return JSON.stringify(message);
}

/** The event message `{"op":"event","code":0,"data":<event>,"event":<event>}` of one bus event. */
export function encodeEventFrame(event: unknown): string {
  const body = JSON.stringify(event);
  return `{"op":"event","code":0,"data":${body},"event":${body}}`;
}
