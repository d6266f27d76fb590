import type { SipEndpoint } from '../sip-endpoint.ts';

/**
 * One binding of the location service: an address of record reachable at a contact.
 *
 * @remarks
 * Plain data (no Dates, no class instances) so it can be stored as JSON, replicated and sent
 * between threads. `contact` is the Contact URI exactly as the user agent sent it and is the
 * binding's key within its AOR; `received` is where the REGISTER really came from, which is
 * where requests must go when the phone sits behind NAT (the Contact then names a private
 * address, RFC 3261 §10.3 leaves this to the registrar's policy; Asterisk's `rewrite_contact`
 * solves the same problem). RFC 5626 `+sip.instance` and `reg-id` are kept for later outbound
 * and GRUU support.
 * https://www.rfc-editor.org/rfc/rfc3261#section-10.3
 */
export interface Binding {
  /** The canonical address of record (`sip:user@domain`). */
  readonly aor: string;
  /** The Contact URI as sent, without angle brackets or header parameters. */
  readonly contact: string;
  /** When the binding lapses, epoch milliseconds. */
  readonly expiresAtMs: number;
  /** Call-ID of the REGISTER that last wrote the binding (RFC 3261 §10.3 step 7). */
  readonly callId: string;
  /** CSeq number of the REGISTER that last wrote the binding. */
  readonly cseq: number;
  /** The Contact `q` parameter, 0 … 1, when given. */
  readonly qValue?: number;
  /** The `+sip.instance` Contact parameter, unquoted (`<urn:uuid:…>`), RFC 5626 §4.1. */
  readonly instanceId?: string;
  /** The `reg-id` Contact parameter, RFC 5626 §4.2. */
  readonly regId?: number;
  /** Path header values of the REGISTER, in order (RFC 3327). */
  readonly path: readonly string[];
  readonly userAgent?: string;
  /** Transport, address, port (and connection) the REGISTER arrived from. */
  readonly received: SipEndpoint;
  /** When the binding was last written, epoch milliseconds. */
  readonly updatedAtMs: number;
}

/**
 * A change to the bindings of one AOR: write a binding (keyed by its contact) or remove the
 * binding of a contact.
 */
export type BindingChange =
  | { readonly type: 'upsert'; readonly binding: Binding }
  | { readonly type: 'remove'; readonly contact: string };

/** A binding removed because it lapsed, with its AOR. */
export interface ExpiredBinding {
  readonly aor: string;
  readonly binding: Binding;
}
