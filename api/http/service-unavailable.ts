/**
 * A port that cannot answer now (the node serving it is away, a reply did not come in time): the
 * route answers 503, as a proxy answers for an upstream that does not respond, and the client may
 * retry.
 */
const BRAND = Symbol.for('pbx.error.service-unavailable');

export class ServiceUnavailableError extends Error {
  readonly [BRAND] = true;
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'ServiceUnavailableError';
  }
}

/** Whether `error` is a {@link ServiceUnavailableError}, also one from another copy of this module. */
export function isServiceUnavailable(error: unknown): error is ServiceUnavailableError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}
