import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACTOR_ERROR_CODES,
  ActorDuplicateError,
  ActorError,
  ActorEscalatedError,
  ActorSnapshotError,
  ActorSystemStoppedError,
  assertNever,
  InvalidEffectError,
  StateTransitionError,
} from './errors.ts';

const samples = [
  new StateTransitionError({ kind: 'call', from: 'terminated', to: 'established' }),
  new InvalidEffectError('media.play', 'no runner'),
  new ActorEscalatedError('calls', { maxRestarts: 1, withinMs: 10 }, new Error('boom')),
  new ActorDuplicateError('call/c1'),
  new ActorSnapshotError('kind mismatch'),
  new ActorSystemStoppedError('n1'),
];

describe('actor errors', () => {
  it('MUST give every code of the table exactly one class', () => {
    assert.deepEqual(samples.map((error) => error.code).sort(), [...ACTOR_ERROR_CODES].sort());
  });

  it("MUST brand each error with Symbol.for('pbx.error.<code>')", () => {
    for (const error of samples) assert.equal((error as unknown as Record<symbol, unknown>)[Symbol.for(`pbx.error.${error.code}`)], true);
  });

  it('MUST answer instanceof through the brand, for the base and for the own class only', () => {
    const error = new StateTransitionError({ kind: 'call', from: 'a', to: 'b' });
    assert.equal(error instanceof ActorError && error instanceof StateTransitionError, true);
    assert.equal(error instanceof InvalidEffectError, false);
  });

  it('MUST recognise an error branded by another copy of the module', () => {
    const foreign = Object.assign(new Error('x'), { code: 'PBX_ERR_ACTOR_ESCALATED' });
    Object.defineProperty(foreign, Symbol.for('pbx.error.PBX_ERR_ACTOR_ESCALATED'), { value: true });
    assert.equal(foreign instanceof ActorEscalatedError, true);
  });

  it('MUST keep the cause', () => {
    const cause = new Error('child failed');
    assert.equal(new ActorEscalatedError('s', { maxRestarts: 0, withinMs: 1 }, cause).cause, cause);
  });

  it('assertNever MUST throw with the type of the unexpected value', () => {
    assert.throws(() => assertNever({ type: 'call.weird' } as never), /call\.weird/);
  });
});
