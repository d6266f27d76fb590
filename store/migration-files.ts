import { readFile, readdir } from 'node:fs/promises';
import { MigrationInvalidError } from './errors.ts';

/** One versioned schema change. */
export interface Migration {
  /** The number the file name starts with; migrations run in increasing order. */
  readonly version: number;
  /** The rest of the file name, e.g. `foundation`. */
  readonly name: string;
  /** The SQL script. */
  readonly sql: string;
}

/** `0001-foundation.sql`: four digits, a dash, a kebab-case name. */
const MIGRATION_FILE_PATTERN = /^(\d{4})-([a-z0-9]+(?:-[a-z0-9]+)*)\.sql$/;

/**
 * The directory the migrations ship in, found beside this module.
 *
 * @remarks
 * Resolved from `import.meta.url` rather than the working directory, so it holds whatever
 * directory the node is started from.
 */
export const MIGRATIONS_DIRECTORY = new URL('./migrations/', import.meta.url);

/**
 * Reads the migrations of a directory, sorted by version.
 *
 * @remarks
 * Throws `MigrationInvalidError` for an `.sql` file whose name does not follow the pattern, for
 * two files with one version, and for an empty directory: each is a broken release.
 */
export async function loadMigrations(directory: URL = MIGRATIONS_DIRECTORY): Promise<readonly Migration[]> {
  const fileNames = (await readdir(directory)).filter((fileName) => fileName.endsWith('.sql')).sort();
  const migrations = await Promise.all(fileNames.map((fileName) => readMigration(directory, fileName)));
  checkVersions(migrations);
  return migrations;
}

async function readMigration(directory: URL, fileName: string): Promise<Migration> {
  const match = MIGRATION_FILE_PATTERN.exec(fileName);
  const [, versionText, name] = match ?? [];
  if (versionText === undefined || name === undefined) {
    throw new MigrationInvalidError(`migration file ${fileName} must be named like 0001-some-name.sql`);
  }
  const sql = await readFile(new URL(fileName, directory), 'utf8');
  return { version: Number.parseInt(versionText, 10), name, sql };
}

/**
 * Checks that versions are positive and unique, and sorted.
 *
 * @remarks
 * Exported for migrations built in code (tests) as well as read from files.
 */
export function checkVersions(migrations: readonly Migration[]): void {
  if (migrations.length === 0) throw new MigrationInvalidError('no migration found');
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (!Number.isSafeInteger(migration.version) || migration.version < 1) {
      throw new MigrationInvalidError(`migration ${migration.name} has an invalid version ${migration.version}`);
    }
    if (previous !== undefined && previous.version >= migration.version) {
      throw new MigrationInvalidError(
        `migrations ${previous.name} and ${migration.name} have versions out of order or equal (${previous.version}, ${migration.version})`,
      );
    }
  });
}
