/**
 * The public surface of the media workers: the pool the main thread drives and the plain-data
 * protocol it speaks.
 *
 * @remarks
 * Everything else in this folder runs inside the worker threads; other folders import only this
 * file (style guide §7.1–7.2).
 */
export { createMediaPool, MediaPool } from './media-client.ts';
export type { MediaPoolOptions } from './media-client.ts';
export { MEDIA_ERROR_CODES } from './errors.ts';
export { goertzelCoefficient, goertzelPower } from './detectors/goertzel.ts';
export type * from './media-protocol.ts';
