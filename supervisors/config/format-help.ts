import { CONFIG_FILE_NAME } from './config-error.ts';
import { CONFIG_KEYS } from './config-keys.ts';

const INDENT = '  ';
const DETAIL_INDENT = '        ';

/**
 * The text `--help` prints, generated from the key table.
 *
 * @remarks
 * Generated rather than written, so a new key is documented the moment it exists.
 */
export function formatHelp(): string {
  const heads = CONFIG_KEYS.map((entry) => `${entry.flag} ${entry.placeholder}`);
  const width = Math.max(...heads.map((head) => head.length)) + 2;
  const options = CONFIG_KEYS.flatMap((entry, index) => [
    `${INDENT}${(heads[index] ?? '').padEnd(width)}${entry.env}`,
    `${DETAIL_INDENT}${entry.description} Default: ${entry.default}.`,
  ]);
  return [
    'Usage: parley [options]',
    '',
    'Starts a node of the parley call engine.',
    `Each option can also be set by its environment variable or in ${CONFIG_FILE_NAME}. A flag wins over`,
    `the environment variable, which wins over ${CONFIG_FILE_NAME}, which wins over the built-in default.`,
    'An empty value unsets an optional setting.',
    '',
    'Options:',
    ...options,
    `${INDENT}-h, --help`,
    `${DETAIL_INDENT}Print this help and exit.`,
    '',
  ].join('\n');
}
