/**
 * Property, for every actor kind: moving an actor through its snapshot changes nothing. A random
 * sequence of the kind's messages and clock advances, run on one node, and run again with the actor
 * stopped at random points, its snapshot (timers as deadlines included) carried through JSON as a
 * replica is and spawned on a fresh node, ends in the same snapshot, with the same effects asked
 * of its ports at the same times and the same messages sent to its peers.
 */
import '../support/property-seed.ts';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { MIGRATION_CASES } from '../support/actor-kinds/index.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

function actorShells(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return actorShells(path);
    return name.endsWith('-actor.ts') ? [relative(ROOT, path)] : [];
  });
}

describe('actor migration through snapshots', () => {
  it('MUST cover every *-actor.ts under actors/, each once', () => {
    const covered = MIGRATION_CASES.map((kind) => kind.file).sort();
    assert.deepEqual(covered, actorShells(join(ROOT, 'actors')).sort());
  });

  for (const kind of MIGRATION_CASES) {
    it(`${kind.kind}: an actor moved midway through its snapshot MUST end as on one node, with the same effects`, () => kind.assertProperty());
  }
});
