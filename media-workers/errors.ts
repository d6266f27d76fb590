/**
 * The stable error codes of the media workers.
 *
 * @remarks
 * Media failures that a caller can expect (a port already in use, an unknown session, a sound file
 * that cannot be read, a request that timed out) cross the worker boundary as plain data
 * `{ type: 'error', code, message }` and are never thrown across it; {@link MediaError} exists for
 * the few places where throwing is right (failed I/O inside the worker, before it is turned into a
 * value). Branch on `code` or the `Symbol.for('pbx.error.<code>')` brand, never on message text.
 */
export const MEDIA_ERROR_CODES = {
  portInUse: 'PBX_ERR_MEDIA_PORT_IN_USE',
  bindFailed: 'PBX_ERR_MEDIA_BIND_FAILED',
  sessionExists: 'PBX_ERR_MEDIA_SESSION_EXISTS',
  sessionNotFound: 'PBX_ERR_MEDIA_SESSION_NOT_FOUND',
  legExists: 'PBX_ERR_MEDIA_LEG_EXISTS',
  legNotFound: 'PBX_ERR_MEDIA_LEG_NOT_FOUND',
  invalidCommand: 'PBX_ERR_MEDIA_INVALID_COMMAND',
  soundFileUnreadable: 'PBX_ERR_MEDIA_SOUND_FILE_UNREADABLE',
  soundFileFormat: 'PBX_ERR_MEDIA_SOUND_FILE_FORMAT',
  recordingFailed: 'PBX_ERR_MEDIA_RECORDING_FAILED',
  mohClassEmpty: 'PBX_ERR_MEDIA_MOH_CLASS_EMPTY',
  requestTimeout: 'PBX_ERR_MEDIA_REQUEST_TIMEOUT',
  workerUnavailable: 'PBX_ERR_MEDIA_WORKER_UNAVAILABLE',
  poolClosed: 'PBX_ERR_MEDIA_POOL_CLOSED',
  mixerExists: 'PBX_ERR_MEDIA_MIXER_EXISTS',
  mixerNotFound: 'PBX_ERR_MEDIA_MIXER_NOT_FOUND',
  alreadyMember: 'PBX_ERR_MEDIA_ALREADY_MEMBER',
  notMember: 'PBX_ERR_MEDIA_NOT_MEMBER',
  alreadyRecording: 'PBX_ERR_MEDIA_ALREADY_RECORDING',
} as const;

/** One of the media error codes. */
export type MediaErrorCode = (typeof MEDIA_ERROR_CODES)[keyof typeof MEDIA_ERROR_CODES];

/**
 * A media failure as plain data, the form in which errors cross the worker boundary.
 *
 * @remarks
 * Plain data survives structured clone between worker threads (style guide §7.5, §7.7).
 */
export type MediaFailure = { readonly type: 'error'; readonly code: MediaErrorCode; readonly message: string };

/** Builds a {@link MediaFailure} value. */
export function mediaFailure(code: MediaErrorCode, message: string): MediaFailure {
  return { type: 'error', code, message };
}

/**
 * A media failure thrown inside a worker (failed I/O), turned into a {@link MediaFailure} before
 * it leaves the worker.
 */
export class MediaError extends Error {
  readonly code: MediaErrorCode;
  constructor(code: MediaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MediaError';
    this.code = code;
    Object.defineProperty(this, Symbol.for(`pbx.error.${code}`), { value: true });
  }
}

/**
 * Maps a socket bind error to a media failure: `EADDRINUSE` becomes `PBX_ERR_MEDIA_PORT_IN_USE`,
 * anything else (permission, address not available, out of file descriptors) `PBX_ERR_MEDIA_BIND_FAILED`.
 */
export function bindFailure(what: string, cause: unknown): MediaFailure {
  const errorCode = cause instanceof Error && 'code' in cause ? String(cause.code) : '';
  const detail = cause instanceof Error ? cause.message : String(cause);
  return errorCode === 'EADDRINUSE'
    ? mediaFailure(MEDIA_ERROR_CODES.portInUse, `${what} is already in use`)
    : mediaFailure(MEDIA_ERROR_CODES.bindFailed, `cannot bind ${what}: ${detail}`);
}

/** Whether a result is a {@link MediaFailure} (and not the value it stands in for). */
export function isMediaFailure(value: unknown): value is MediaFailure {
  return typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && (value as { type?: unknown }).type === 'error' && 'code' in value;
}
