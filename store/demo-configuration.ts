import { lockForTransaction } from './advisory-lock.ts';
import type { Database, Queryable } from './database.ts';
import { DemoConflictError } from './errors.ts';
import { associateLineExtension, associateUserLine } from './repositories/associations.ts';
import { createContext, findContext } from './repositories/contexts.ts';
import { createExtension } from './repositories/extensions.ts';
import { createSipLine } from './repositories/lines.ts';
import { countUsers, createUser } from './repositories/users.ts';
import type { WriteResult } from './write-result.ts';

/** A SIP username and the password chosen for it. */
export interface DemoCredentials {
  readonly username: string;
  readonly password: string;
}

/** What `ensureDemoConfiguration` did. */
export interface DemoConfigurationResult {
  /** False when the database already had users, in which case nothing was written. */
  readonly created: boolean;
  /** The credentials of the lines created, to print once; empty when nothing was created. */
  readonly credentials: readonly DemoCredentials[];
}

/** The numbers of the demo users; each is also the SIP username and extension. */
export const DEMO_NUMBERS = ['1001', '1002'] as const;

/** The internal context the demo users are in. */
export const DEMO_CONTEXT = 'default';

/**
 * Gives an empty installation two users who can call each other: users 1001 and 1002, SIP lines
 * with those usernames, and extensions 1001 and 1002 in the internal context `default`.
 *
 * @remarks
 * Idempotent: it writes nothing when the database has any user, so it is safe at every start.
 * It runs in one transaction under an advisory lock, so two nodes starting on one empty database
 * create it once. Passwords come from the caller (`password(username)`), who prints them: the
 * store never logs a secret. Throws `DemoConflictError` when rows already present (an extension
 * 1001 without users, say) collide with the demo.
 */
export function ensureDemoConfiguration(
  database: Database,
  options: { readonly password: (username: string) => string },
): Promise<DemoConfigurationResult> {
  return database.transaction(async (tx) => {
    await lockForTransaction(tx, 'demoConfiguration');
    if ((await countUsers(tx)) > 0) return { created: false, credentials: [] };
    await ensureDemoContext(tx);
    const credentials: DemoCredentials[] = [];
    for (const number of DEMO_NUMBERS) {
      const password = options.password(number);
      await createDemoUser(tx, number, password);
      credentials.push({ username: number, password });
    }
    return { created: true, credentials };
  });
}

async function ensureDemoContext(tx: Queryable): Promise<void> {
  if ((await findContext(tx, DEMO_CONTEXT)) !== undefined) return;
  expectCreated(await createContext(tx, { name: DEMO_CONTEXT, label: 'Default', type: 'internal' }), 'context default');
}

async function createDemoUser(tx: Queryable, number: string, password: string): Promise<void> {
  const user = expectCreated(
    await createUser(tx, { firstname: 'User', lastname: number, callerId: `"User ${number}" <${number}>` }),
    `user ${number}`,
  );
  const line = expectCreated(
    await createSipLine(tx, { username: number, secret: password, context: DEMO_CONTEXT }),
    `SIP line ${number}`,
  );
  const extension = expectCreated(
    await createExtension(tx, { exten: number, context: DEMO_CONTEXT, type: 'user', typeval: String(user.id) }),
    `extension ${number}@${DEMO_CONTEXT}`,
  );
  expectCreated(await associateUserLine(tx, { userId: user.id, lineId: line.id }), `user ${number} to its line`);
  expectCreated(await associateLineExtension(tx, { lineId: line.id, extensionId: extension.id }), `line ${number} to its extension`);
}

function expectCreated<Value>(result: WriteResult<Value>, what: string): Value {
  if (result.type === 'ok') return result.value;
  throw new DemoConflictError(
    `cannot create the demo ${what}: ${result.message} (${result.code}); remove the colliding rows or add a user yourself`,
  );
}
