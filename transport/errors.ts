/**
 * The stable error codes of the transport layer.
 *
 * @remarks
 * Expected outcomes (a malformed message, an unreachable destination) are values; these errors are
 * thrown only for failed I/O that the caller cannot go on without, such as a port that cannot be
 * bound at start-up. Branch on `code` or the brand, never on the message text.
 */
export const TRANSPORT_ERROR_CODES = {
  bindFailed: 'PBX_ERR_TRANSPORT_BIND_FAILED',
  uwsNativeMissing: 'PBX_ERR_TRANSPORT_UWS_NATIVE_MISSING',
} as const;

export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[keyof typeof TRANSPORT_ERROR_CODES];

/** Base of every error thrown by transport/. */
export class TransportError extends Error {
  readonly code: TransportErrorCode;
  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.code = code;
    Object.defineProperty(this, Symbol.for(`pbx.error.${code}`), { value: true });
  }
}

/** A listening socket could not be opened (address in use, permission, bad address). */
export class TransportBindError extends TransportError {
  constructor(what: string, cause: unknown) {
    super(TRANSPORT_ERROR_CODES.bindFailed, `cannot listen on ${what}: ${describe(cause)}`, { cause });
    this.name = 'TransportBindError';
  }
}

/** The uWebSockets.js native binary did not load (the pure-JS fallback lacks pub/sub and more). */
export class UwsNativeMissingError extends TransportError {
  constructor(detail: string) {
    super(TRANSPORT_ERROR_CODES.uwsNativeMissing, `uWebSockets.js native binary not loaded: ${detail}`);
    this.name = 'UwsNativeMissingError';
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
