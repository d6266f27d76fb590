/**
 * The SIP message model shared by the parser, the transaction layer, dialogs and the registrar.
 *
 * @remarks
 * Messages are plain data (no classes, no Dates) so that they survive structured clone and
 * msgpack between threads and nodes. Header names are stored in lower case, compact forms
 * expanded to their long names (`v` → `via`). Each header value is one element: a header line
 * carrying a comma-separated list (`Via: a, b`) becomes two elements, in order, and several lines
 * of the same header keep their order. Headers whose grammar does not allow a comma list
 * (WWW-Authenticate, Authorization, Date, …) are kept whole.
 * https://www.rfc-editor.org/rfc/rfc3261#section-7.3
 */

/** Lower-case long header name → ordered single values. */
export type SipHeaders = Readonly<Record<string, readonly string[]>>;

export interface SipRequest {
  readonly type: 'request';
  /** Case-sensitive method token (RFC 3261 §7.1): `INVITE`, `REGISTER`, or an extension method. */
  readonly method: string;
  /** The Request-URI exactly as received (not normalised). */
  readonly uri: string;
  readonly headers: SipHeaders;
  readonly body: Uint8Array;
}

export interface SipResponse {
  readonly type: 'response';
  /** 100–699. */
  readonly status: number;
  readonly reason: string;
  readonly headers: SipHeaders;
  readonly body: Uint8Array;
}

export type SipMessage = SipRequest | SipResponse;

/** A parsed SIP or SIPS URI (RFC 3261 §19.1). */
export interface SipUri {
  readonly scheme: 'sip' | 'sips' | 'tel';
  /** Unescaped user part, or undefined when the URI has none. */
  readonly user?: string;
  readonly password?: string;
  /** Host as written, lower-cased; IPv6 references keep their brackets. */
  readonly host: string;
  readonly port?: number;
  /** URI parameters, names lower-cased; a parameter without value maps to `null`. */
  readonly params: Readonly<Record<string, string | null>>;
  /** URI headers (`?a=b&c=d`), unescaped. */
  readonly headers: Readonly<Record<string, string>>;
}

/** `"Display" <uri>;tag=x` as used by From, To, Contact, Route, Record-Route (RFC 3261 §20.10). */
export interface NameAddress {
  readonly displayName?: string;
  /** The URI text inside the angle brackets (or the bare addr-spec). */
  readonly uri: string;
  /** Header parameters after the address, names lower-cased; no value maps to `null`. */
  readonly params: Readonly<Record<string, string | null>>;
}

/** One Via value (RFC 3261 §20.42). */
export interface Via {
  /** Upper-case transport token: UDP, TCP, TLS, WS, WSS, SCTP … */
  readonly transport: string;
  readonly host: string;
  readonly port?: number;
  /** Names lower-cased; `rport` without a value maps to `null`. */
  readonly params: Readonly<Record<string, string | null>>;
}

export interface CSeq {
  readonly sequence: number;
  readonly method: string;
}

/** Parameters of a Digest challenge or credentials header (RFC 7616 §3.3, §3.4). */
export interface DigestParams {
  readonly scheme: string;
  /** Parameter names lower-cased, values unquoted. */
  readonly params: Readonly<Record<string, string>>;
}
