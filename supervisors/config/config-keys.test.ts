import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONFIG_KEY_TABLE, CONFIG_KEYS, type ConfigKeyName } from './config-keys.ts';
import { formatHelp } from './format-help.ts';

const HOST = { hostname: 'pbx-1', cores: 4 };
const kebab = (name: string): string => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
const CLUSTER_ENV: Partial<Record<ConfigKeyName, string>> = { databaseUrl: 'DATABASE_URL', redisUrl: 'REDIS_URL' };

describe('CONFIG_KEYS', () => {
  it('MUST name each flag after its key in kebab case', () => {
    const mismatched = CONFIG_KEYS.filter((entry) => entry.flag !== `--${kebab(entry.key)}`);
    assert.deepEqual(mismatched, []);
  });

  it('MUST name each environment variable PARLEY_<FLAG>, but DATABASE_URL and REDIS_URL', () => {
    const expected = (entry: (typeof CONFIG_KEYS)[number]): string =>
      CLUSTER_ENV[entry.key] ?? `PARLEY_${entry.flag.slice(2).replaceAll('-', '_').toUpperCase()}`;
    assert.deepEqual(CONFIG_KEYS.filter((entry) => entry.env !== expected(entry)), []);
  });

  it('MUST give every key a description and a default text', () => {
    assert.deepEqual(CONFIG_KEYS.filter((entry) => entry.description === '' || entry.default === ''), []);
  });

  it('MUST have defaults that pass their own rules', () => {
    const failing = CONFIG_KEYS.filter((entry) => {
      const definition = CONFIG_KEY_TABLE[entry.key];
      return !definition.schema.safeParse(definition.defaultValue(HOST)).success;
    });
    assert.deepEqual(failing, []);
  });
});

describe('formatHelp', () => {
  it('MUST list every flag and every environment variable', () => {
    const help = formatHelp();
    const missing = CONFIG_KEYS.filter((entry) => !help.includes(`${entry.flag} `) || !help.includes(entry.env));
    assert.deepEqual(missing, []);
  });

  it('MUST list --help itself', () => {
    assert.match(formatHelp(), /-h, --help/);
  });
});
