/**
 * Turns what we decided for an audio stream into its `m=` formats and `a=` lines.
 *
 * @remarks An rtpmap for every format, static ones included: RFC 3264 §6.1 says the answer "MUST
 * contain rtpmap attributes to define the payload type mappings for dynamic payload types, and
 * SHOULD contain mappings for static payload types". telephone-event comes last with its events
 * (https://www.rfc-editor.org/rfc/rfc4733#section-7.1.1); the direction is always written, so a
 * reader never depends on the default.
 */
import { OUR_RTP_PROFILE } from './local-endpoint.ts';
import type { OutgoingMedia } from './session-description-writer.ts';
import type { Codec, MediaDirection, TelephoneEvent } from './session-description.ts';
import { formatEventList } from './telephone-event-ranges.ts';

/** What we put in one audio stream we send. */
export interface AudioStreamPlan {
  readonly port: number;
  readonly codecs: readonly Codec[];
  readonly telephoneEvent?: TelephoneEvent;
  readonly direction: MediaDirection;
  readonly ptime?: number;
  readonly rtcpMux: boolean;
}

/** The `m=audio` section of `plan`. */
export function audioMedia(plan: AudioStreamPlan): OutgoingMedia {
  const event = plan.telephoneEvent;
  const formats = [...plan.codecs.map((codec) => String(codec.pt)), ...(event === undefined ? [] : [String(event.pt)])];
  return { kind: 'audio', port: plan.port, protocol: OUR_RTP_PROFILE, formats, attributes: audioAttributes(plan) };
}

function audioAttributes(plan: AudioStreamPlan): string[] {
  const attributes: string[] = [];
  for (const codec of plan.codecs) {
    const channels = codec.channels === undefined || codec.channels === 1 ? '' : `/${codec.channels}`;
    attributes.push(`rtpmap:${codec.pt} ${codec.name}/${codec.clockRate}${channels}`);
    if (codec.fmtp !== undefined && codec.fmtp !== '') attributes.push(`fmtp:${codec.pt} ${codec.fmtp}`);
  }
  const event = plan.telephoneEvent;
  if (event !== undefined) {
    attributes.push(`rtpmap:${event.pt} telephone-event/${event.clockRate}`, `fmtp:${event.pt} ${formatEventList(event.events)}`);
  }
  if (plan.ptime !== undefined) attributes.push(`ptime:${plan.ptime}`);
  if (plan.rtcpMux) attributes.push('rtcp-mux');
  attributes.push(plan.direction);
  return attributes;
}
