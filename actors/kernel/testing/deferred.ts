/**
 * A promise with its resolver outside, for tests that hold an effect or a hook open and release it
 * when they choose.
 */

/** A promise and the function that resolves it. */
export interface Deferred<Value> {
  readonly promise: Promise<Value>;
  resolve(value: Value): void;
}

/** Creates an unresolved deferred. */
export function createDeferred<Value = void>(): Deferred<Value> {
  let resolve: (value: Value) => void = () => undefined;
  const promise = new Promise<Value>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
