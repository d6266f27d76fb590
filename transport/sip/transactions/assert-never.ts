/**
 * Exhaustiveness check closing every `switch` over a union.
 *
 * @remarks Reaching it is a bug (a union member without a branch), so it throws.
 */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value) ?? String(value)}`);
}
