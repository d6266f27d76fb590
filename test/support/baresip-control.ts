/**
 * The messages of baresip's `ctrl_tcp` control socket: responses to commands
 * (`{"response":true,"ok":true,"data":"…","token":"t1"}`) and asynchronous events
 * (`{"event":true,"type":"CALL_ESTABLISHED",…}`), read from untrusted JSON.
 */

/** An asynchronous event of baresip's control socket (`{"event":true,"type":"CALL_ESTABLISHED",…}`). */
export interface BaresipEvent {
  readonly type: string;
  readonly class?: string;
  readonly param?: string;
  readonly peeruri?: string;
  readonly id?: string;
}

/** The answer to a control command. */
export interface BaresipResponse {
  readonly ok: boolean;
  readonly data: string;
}

type ControlMessage =
  | { readonly type: 'response'; readonly token: string; readonly response: BaresipResponse }
  | { readonly type: 'event'; readonly event: BaresipEvent }
  | { readonly type: 'other' };

/** Reads one control message; anything that is not a response or an event is kept out. */
export function parseControlMessage(message: string): ControlMessage {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return { type: 'other' };
  }
  if (typeof value !== 'object' || value === null) return { type: 'other' };
  const record = value as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof record[key] === 'string' ? record[key] : undefined);
  if (record['response'] === true) {
    return { type: 'response', token: text('token') ?? '', response: { ok: record['ok'] === true, data: text('data') ?? '' } };
  }
  const type = text('type');
  if (record['event'] === true && type !== undefined) {
    const optional = (key: 'class' | 'param' | 'peeruri' | 'id') => (text(key) === undefined ? {} : { [key]: text(key) });
    return { type: 'event', event: { type, ...optional('class'), ...optional('param'), ...optional('peeruri'), ...optional('id') } };
  }
  return { type: 'other' };
}
