/**
 * The node secret: the key of the digest nonces' HMAC (and of other node-issued tokens later).
 *
 * @remarks
 * Created at first start in the data directory with owner-only permissions and kept across
 * restarts, so a phone's nonce survives a restart of the node. `PARLEY_NODE_SECRET` (64 hex
 * characters) overrides it, which is how the nodes of a cluster share one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const SECRET_BYTES = 32;
const FILE_NAME = 'node-secret';

/** Reads the secret from the environment or the data directory, creating it on first start. */
export async function loadNodeSecret(dataDir: string, fromEnvironment: string | undefined): Promise<Uint8Array> {
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnvironment)) {
      throw new RangeError('PARLEY_NODE_SECRET must be 64 hexadecimal characters (32 bytes)');
    }
    return Buffer.from(fromEnvironment, 'hex');
  }
  const path = join(dataDir, FILE_NAME);
  try {
    const stored = await readFile(path);
    if (stored.length === SECRET_BYTES) return stored;
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(SECRET_BYTES);
  await writeFile(path, secret, { mode: 0o600 });
  return secret;
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
