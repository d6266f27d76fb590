/**
 * The configuration store as a service: opens the database (PostgreSQL when a URL is configured,
 * the embedded PGlite otherwise), applies the migrations and, on the first start of the embedded
 * default, creates the demo configuration. On every kind of database, the first start creates the
 * administrator `admin` of the APIs (its password from `PARLEY_ADMIN_PASSWORD`, else generated and
 * shown once).
 */
import { randomBytes } from 'node:crypto';
import { deleteExpiredAuthTokens, ensureDemoConfiguration, migrate, openDatabase, type Database, type DemoCredentials } from '../../store/index.ts';
import { ensureAdministrator } from '../../api/index.ts';
import type { NodeLogger } from '../logging/create-logger.ts';

export interface StoreServiceOptions {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** `PARLEY_DEMO_PASSWORD`: the demo users' password when set. */
  readonly demoPassword: string | undefined;
  /** `PARLEY_ADMIN_PASSWORD`: the password of the administrator `admin` made at first start. */
  readonly adminPassword: string | undefined;
  readonly logger: NodeLogger;
  /** Where the generated demo passwords are shown once (stdout by default). */
  readonly announce: (text: string) => void;
}

export interface StoreService {
  readonly database: Database;
  close(): Promise<void>;
}

/** Opens, migrates and (embedded, first start) seeds the store. */
export async function startStoreService(options: StoreServiceOptions): Promise<StoreService> {
  const database = await openDatabase(
    options.databaseUrl === undefined
      ? { dataDir: options.dataDir }
      : { url: options.databaseUrl, onBackgroundError: (error) => options.logger.error({ code: error.code, err: error }, 'database connection error') },
  );
  try {
    const report = await migrate(database);
    options.logger.info({ database: database.kind, applied: report.applied.map((migration) => migration.version) }, 'store ready');
    if (options.databaseUrl === undefined) await seedDemo(database, options);
    const administrator = await ensureAdministrator(database, { password: options.adminPassword });
    if (administrator.type === 'created') {
      options.logger.info({ username: 'admin' }, 'administrator created');
      if (administrator.generatedPassword !== undefined) {
        options.announce(`parley: administrator created: username admin  password ${administrator.generatedPassword}\n` +
          'parley: this password is shown only once; set PARLEY_ADMIN_PASSWORD before the first start to choose it.\n');
      }
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  // Lapsed tokens are refused as soon as they lapse; the sweep only keeps the table small.
  const sweep = setInterval(() => {
    deleteExpiredAuthTokens(database, Date.now()).then(
      (count) => count > 0 && options.logger.debug({ count }, 'lapsed tokens swept'),
      (error: unknown) => options.logger.warn({ err: error }, 'sweeping lapsed tokens failed'),
    );
  }, TOKEN_SWEEP_INTERVAL_MS);
  sweep.unref();
  return {
    database,
    close: () => {
      clearInterval(sweep);
      return database.close();
    },
  };
}

const TOKEN_SWEEP_INTERVAL_MS = 60_000;

async function seedDemo(database: Database, options: StoreServiceOptions): Promise<void> {
  const generated = options.demoPassword === undefined;
  const result = await ensureDemoConfiguration(database, {
    password: () => options.demoPassword ?? generatePassword(),
  });
  if (!result.created) return;
  options.logger.info({ users: result.credentials.map((credential) => credential.username) }, 'demo configuration created');
  if (generated) options.announce(formatCredentials(result.credentials));
}

/** 16 random bytes, base64url: 128 bits, and only characters every phone's keypad UI accepts. */
function generatePassword(): string {
  return randomBytes(16).toString('base64url');
}

function formatCredentials(credentials: readonly DemoCredentials[]): string {
  const lines = credentials.map((credential) => `  user ${credential.username}  password ${credential.password}`);
  return [
    'parley: demo configuration created (context "default", users and SIP lines 1001 and 1002).',
    'parley: their generated passwords are shown this once; set PARLEY_DEMO_PASSWORD to choose them:',
    ...lines,
    '',
  ].join('\n');
}
