import type { WriteResult } from './write-result.ts';

/**
 * Returns the written row, or throws when the write was refused.
 *
 * @remarks
 * For tests and fixtures, where a refusal means the test itself is wrong; production code
 * branches on `result.type` instead.
 */
export function expectWritten<Value>(result: WriteResult<Value>): Value {
  if (result.type === 'ok') return result.value;
  throw new Error(`write refused: ${result.code} on ${result.constraint ?? 'no constraint'}: ${result.message}`);
}
