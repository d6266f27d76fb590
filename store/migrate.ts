import { lockForTransaction } from './advisory-lock.ts';
import type { Database, Queryable } from './database.ts';
import { MigrationFailedError, MigrationMismatchError, SchemaTooNewError, formatVersion } from './errors.ts';
import { checkVersions, loadMigrations, type Migration } from './migration-files.ts';

/** A migration recorded in `schema_migrations`. */
export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
}

/** What `migrate` did. */
export interface MigrationReport {
  /** The migrations this call applied, in order; empty when the schema was up to date. */
  readonly applied: readonly AppliedMigration[];
  /** The schema version after the call. */
  readonly version: number;
}

type Step = { readonly type: 'applied'; readonly migration: AppliedMigration } | { readonly type: 'upToDate'; readonly version: number };

const CREATE_HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Brings the schema up to the newest migration the code knows.
 *
 * @remarks
 * Each migration runs in its own transaction together with its `schema_migrations` row, so a
 * failure leaves the schema at the previous version. Every transaction first takes an advisory
 * lock, so nodes starting together migrate one at a time and the later ones find the work done.
 * Refuses, before changing anything, a database migrated by newer code (`SchemaTooNewError`) or by
 * a different history (`MigrationMismatchError`).
 */
export async function migrate(database: Database, migrations?: readonly Migration[]): Promise<MigrationReport> {
  const known = migrations ?? (await loadMigrations());
  checkVersions(known);
  const applied: AppliedMigration[] = [];
  for (;;) {
    const step = await database.transaction((tx) => applyNext(tx, known));
    if (step.type === 'upToDate') return { applied, version: step.version };
    applied.push(step.migration);
  }
}

async function applyNext(tx: Queryable, known: readonly Migration[]): Promise<Step> {
  await lockForTransaction(tx, 'migrations');
  await tx.executeScript(CREATE_HISTORY_TABLE);
  const { rows: recorded } = await tx.query<AppliedMigration>('SELECT version, name FROM schema_migrations ORDER BY version');
  checkHistory(recorded, known);
  const next = known[recorded.length];
  if (next === undefined) return { type: 'upToDate', version: recorded.at(-1)?.version ?? 0 };
  try {
    await tx.executeScript(next.sql);
  } catch (error) {
    throw new MigrationFailedError(next.version, next.name, error);
  }
  await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [next.version, next.name]);
  return { type: 'applied', migration: { version: next.version, name: next.name } };
}

/**
 * Checks that the recorded history is a prefix of the code's migrations.
 *
 * @remarks
 * A newer recorded version than any known one means newer code migrated this database; any other
 * difference means the history was edited or came from another line of development.
 */
function checkHistory(recorded: readonly AppliedMigration[], known: readonly Migration[]): void {
  const newestRecorded = recorded.at(-1)?.version ?? 0;
  const newestKnown = known.at(-1)?.version ?? 0;
  if (newestRecorded > newestKnown) throw new SchemaTooNewError(newestRecorded, newestKnown);
  recorded.forEach((entry, index) => {
    const expected = known[index];
    if (expected === undefined || expected.version !== entry.version || expected.name !== entry.name) {
      const wanted = expected === undefined ? 'nothing' : `${formatVersion(expected.version)}-${expected.name}`;
      throw new MigrationMismatchError(
        `the database records migration ${formatVersion(entry.version)}-${entry.name} where this code has ${wanted}`,
      );
    }
  });
}
