/**
 * The two encodings of the control socket: JSON text frames (the default) and msgpack binary
 * frames, chosen by the WebSocket subprotocol at the upgrade (`parley.control.v1.json` or
 * `parley.control.v1.msgpack`; none offered means JSON).
 *
 * @remarks
 * The subprotocol rather than a query parameter: it is the handshake's own negotiation, the
 * server names the one it chose, and a client that offers only protocols the server does not
 * speak is refused with 400 instead of being upgraded into a socket it cannot read.
 */
import { Packr, Unpackr } from 'msgpackr';
import { parseClientFrame, type DecodedFrame, type ServerFrame } from './control-frames.ts';

export type ControlFormat = 'json' | 'msgpack';

export const CONTROL_SUBPROTOCOLS = { json: 'parley.control.v1.json', msgpack: 'parley.control.v1.msgpack' } as const;

export type FormatChoice =
  | { readonly type: 'chosen'; readonly format: ControlFormat; readonly protocol: string | undefined }
  | { readonly type: 'refused'; readonly message: string };

/** The format for the `Sec-WebSocket-Protocol` header a client sent (empty when it offered none). */
export function negotiateFormat(header: string): FormatChoice {
  const offered = header.split(',').map((item) => item.trim().toLowerCase()).filter((item) => item !== '');
  if (offered.length === 0) return { type: 'chosen', format: 'json', protocol: undefined };
  if (offered.includes(CONTROL_SUBPROTOCOLS.msgpack)) return { type: 'chosen', format: 'msgpack', protocol: CONTROL_SUBPROTOCOLS.msgpack };
  if (offered.includes(CONTROL_SUBPROTOCOLS.json)) return { type: 'chosen', format: 'json', protocol: CONTROL_SUBPROTOCOLS.json };
  return { type: 'refused', message: `the control API speaks the subprotocols ${CONTROL_SUBPROTOCOLS.json} and ${CONTROL_SUBPROTOCOLS.msgpack}` };
}

// Plain maps and values only: no records, no extensions beyond msgpack's own types.
const packr = new Packr({ useRecords: false, mapsAsObjects: true });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes one client frame (the buffer is only valid during uWS's callback: this copies what it keeps). */
export function decodeClientFrame(message: ArrayBuffer, isBinary: boolean, format: ControlFormat): DecodedFrame {
  let value: unknown;
  try {
    if (format === 'msgpack' && isBinary) value = unpackr.unpack(Buffer.from(new Uint8Array(message)));
    else value = JSON.parse(decoder.decode(message));
  } catch {
    return { type: 'invalid', id: undefined, message: format === 'msgpack' && isBinary ? 'not msgpack' : 'not JSON' };
  }
  return parseClientFrame(value);
}

/**
 * Encodes a frame; `dataJson`, when given, is the JSON of an event frame's `data`, made once for
 * all the sessions that receive one bus event.
 */
export function encodeServerFrame(frame: ServerFrame, format: ControlFormat, dataJson?: string): string | Uint8Array {
  if (format === 'msgpack') return packr.pack(frame);
  if (frame.type !== 'event' || dataJson === undefined) return JSON.stringify(frame);
  return `{"type":"event","sequence":${frame.sequence},"name":${JSON.stringify(frame.name)},"origin_uuid":${JSON.stringify(frame.origin_uuid)},"data":${dataJson}}`;
}
