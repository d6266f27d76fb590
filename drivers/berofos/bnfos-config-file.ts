/** Reads a bnfos.conf from disk (see bnfos-config.ts). */
import { readFile } from 'node:fs/promises';
import { MAX_BNFOS_CONFIG_BYTES, parseBnfosConfig, type BnfosConfigResult } from './bnfos-config.ts';

/**
 * Reads and checks the bnfos.conf at `path`; never throws.
 *
 * @remarks
 * A file that cannot be read (missing, a directory, no permission) is a problem at line 0 with the
 * code `PBX_ERR_BEROFOS_CONFIG_UNREADABLE`.
 */
export async function readBnfosConfigFile(path: string): Promise<BnfosConfigResult> {
  try {
    const bytes = await readFile(path);
    if (bytes.byteLength > MAX_BNFOS_CONFIG_BYTES) return { type: 'invalid', problems: [{ code: 'PBX_ERR_BEROFOS_CONFIG_SYNTAX', line: 0, message: `larger than ${MAX_BNFOS_CONFIG_BYTES} bytes` }] };
    return parseBnfosConfig(bytes.toString('utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { type: 'invalid', problems: [{ code: 'PBX_ERR_BEROFOS_CONFIG_UNREADABLE', line: 0, message: `cannot be read: ${reason}` }] };
  }
}
