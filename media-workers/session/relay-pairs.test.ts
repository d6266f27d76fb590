import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bridgedPair, isPartiesPair, relayPartner } from './relay-pairs.ts';

describe('relay pairs', () => {
  it('MUST accept any two distinct legs of A, B and C, in either order, as one canonical pair', () => {
    assert.deepEqual([bridgedPair(['B', 'A']), bridgedPair(['C', 'A']), bridgedPair(['B', 'C'])], [['A', 'B'], ['A', 'C'], ['B', 'C']]);
  });

  it('MUST refuse a leg paired with itself, an unknown leg, or a count other than two', () => {
    assert.deepEqual([bridgedPair(['A', 'A']), bridgedPair(['A', 'D']), bridgedPair(['A']), bridgedPair(['A', 'B', 'C'])], [undefined, undefined, undefined, undefined]);
  });

  it('MUST give each leg of the pair the other as partner and none to the leg outside it', () => {
    assert.deepEqual([relayPartner(['B', 'C'], 'B'), relayPartner(['B', 'C'], 'C'), relayPartner(['B', 'C'], 'A')], ['C', 'B', undefined]);
  });

  it('MUST recognise the default A↔B pair', () => {
    assert.deepEqual([isPartiesPair(['A', 'B']), isPartiesPair(['A', 'C'])], [true, false]);
  });
});
