import { InvalidStoreOptionsError } from './errors.ts';

/**
 * What a schema name given to `openDatabase` may look like.
 *
 * @remarks
 * Lower-case letters, digits and underscores, starting with a letter or underscore, at most 63
 * bytes (NAMEDATALEN - 1, https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS).
 * Such a name needs no quoting, so it can go into a connection's startup options and into DDL
 * without any escaping to get wrong.
 */
const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Names PostgreSQL reserves for itself; a schema of ours must not shadow them. */
const RESERVED_PREFIX = 'pg_';

/**
 * Checks a schema name and returns it, or throws `InvalidStoreOptionsError`.
 *
 * @remarks
 * The name comes from code (tests, configuration), not from users: a bad one is a bug.
 */
export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME_PATTERN.test(schema) || schema.startsWith(RESERVED_PREFIX)) {
    throw new InvalidStoreOptionsError(
      `schema name ${JSON.stringify(schema)} must match ${String(SCHEMA_NAME_PATTERN)} and not start with "pg_"`,
    );
  }
  return schema;
}
