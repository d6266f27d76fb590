/**
 * Every property test runs from one printed seed, so a failure seen once can be replayed:
 * `PARLEY_PROPERTY_SEED=<seed> npm test`. Import this module first in a property test file.
 */
import fc from 'fast-check';

function chooseSeed(): number {
  const given = process.env['PARLEY_PROPERTY_SEED'];
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isSafeInteger(seed)) throw new Error(`PARLEY_PROPERTY_SEED must be an integer, got ${JSON.stringify(given)}`);
    return seed;
  }
  return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
}

export const PROPERTY_SEED = chooseSeed();
fc.configureGlobal({ seed: PROPERTY_SEED });
process.stdout.write(`# property seed: ${PROPERTY_SEED} (replay with PARLEY_PROPERTY_SEED=${PROPERTY_SEED})\n`);
