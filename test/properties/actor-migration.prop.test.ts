/**
 * Property, for every actor kind: moving an actor through its snapshot changes nothing. A random
 * sequence of the kind's messages and clock advances, run on one node, and run again with the actor
 * stopped at random points and spawned on a fresh node from its replica (the JSON snapshot, timers
 * as deadlines included, that its last stable transition wrote), ends in the same snapshot, with
 * the same effects asked of its ports at the same times and the same messages sent to its peers.
 * A move may leave the actor away for a while (a failover's delay): the node of the run without
 * moves then stalls as long, and the timers that fell due meanwhile are taken at once in both.
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
