/**
 * Netstring framing (`<length>:<bytes>,`), the framing of baresip's `ctrl_tcp` control socket.
 *
 * @remarks https://cr.yp.to/proto/netstrings.txt
 */

/** Frames one message. */
export function encodeNetstring(text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`, 'ascii'), body, Buffer.from(',', 'ascii')]);
}

/** What a read of the buffered bytes gave: whole messages, the bytes left over, or a framing error. */
export type NetstringRead =
  | { readonly type: 'ok'; readonly messages: readonly string[]; readonly rest: Buffer }
  | { readonly type: 'error'; readonly reason: string };

/** The longest message accepted; a control socket never sends more. */
const MAX_MESSAGE_BYTES = 1 << 20;

/** Splits buffered bytes into the whole netstrings they hold; an incomplete tail is kept as `rest`. */
export function readNetstrings(buffered: Buffer): NetstringRead {
  const messages: string[] = [];
  let offset = 0;
  for (;;) {
    const colon = buffered.indexOf(0x3a, offset);
    if (colon === -1) {
      if (buffered.length - offset > 10) return { type: 'error', reason: 'netstring length prefix too long' };
      return { type: 'ok', messages, rest: buffered.subarray(offset) };
    }
    const prefix = buffered.subarray(offset, colon).toString('ascii');
    if (!/^(0|[1-9][0-9]{0,9})$/.test(prefix)) return { type: 'error', reason: `bad netstring length '${prefix}'` };
    const length = Number(prefix);
    if (length > MAX_MESSAGE_BYTES) return { type: 'error', reason: `netstring of ${length} bytes is too long` };
    const end = colon + 1 + length;
    if (buffered.length < end + 1) return { type: 'ok', messages, rest: buffered.subarray(offset) };
    if (buffered[end] !== 0x2c) return { type: 'error', reason: 'netstring does not end with a comma' };
    messages.push(buffered.subarray(colon + 1, end).toString('utf8'));
    offset = end + 1;
  }
}
