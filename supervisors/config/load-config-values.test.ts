import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigError } from './config-error.ts';
import { CONFIG_KEY_TABLE, type ConfigKeyName } from './config-keys.ts';
import { loadConfig } from './load-config.ts';

const HOST = { hostname: 'pbx-1', cores: 4 };

/** A value each key must refuse when given as text (flag or environment variable). */
const BAD_TEXT: Record<ConfigKeyName, string> = {
  nodeName: '-leading-dash',
  sipPort: '70000',
  sipAddress: 'example.com',
  sipTransports: 'udp,sctp',
  sipRealm: 'a "quoted" realm',
  sipExternalAddress: 'not a host',
  sipDigestAlgorithms: 'MD5,SHA-512',
  sipT1Ms: '5',
  sipSessionExpires: '0',
  sipMinSe: '90s',
  httpPort: '0',
  httpsPort: '70000',
  tlsCertFile: 'bad\0cert',
  tlsKeyFile: 'bad\0key',
  httpAddress: '300.1.1.1',
  rtpPorts: '20000-10000',
  dataDir: '',
  soundsDir: 'bad\0sounds',
  databaseUrl: 'http://db/parley',
  redisUrl: 'postgres://db',
  redisKeyPrefix: 'has space',
  logLevel: 'verbose',
  registrarMinExpires: '0',
  registrarMaxExpires: '1e3',
  registrarDefaultExpires: '-5',
  registrarMaxContacts: '1001',
  mediaWorkers: '2.5',
  haLeaseMs: '100',
  haFailoverDetection: 'icmp',
  haTakeoverCommand: 'two\nlines',
  haReleaseCommand: 'nul\0inside',
  haBerofosConfig: 'bnfos\0.conf',
};

/** A value each key must refuse in cluster.config.ts, where values are typed. */
const BAD_FILE_VALUE: Record<ConfigKeyName, unknown> = {
  nodeName: 42,
  sipPort: '5060',
  sipAddress: '::g',
  sipTransports: ['udp', 'udp'],
  sipRealm: '',
  sipExternalAddress: 12,
  sipDigestAlgorithms: [],
  sipT1Ms: 500.5,
  sipSessionExpires: 86_401,
  sipMinSe: '90',
  httpPort: 65_536,
  httpsPort: -1,
  tlsCertFile: 7,
  tlsKeyFile: ['key.pem'],
  httpAddress: '',
  rtpPorts: { start: 10_001, end: 20_000 },
  dataDir: 'bad\0path',
  soundsDir: 3,
  databaseUrl: 'postgres//missing-colon',
  redisUrl: 'redis',
  redisKeyPrefix: '',
  logLevel: 'INFO',
  registrarMinExpires: Number.NaN,
  registrarMaxExpires: 604_801,
  registrarDefaultExpires: null,
  registrarMaxContacts: 0,
  mediaWorkers: 257,
  haLeaseMs: 60_001,
  haFailoverDetection: 'ping',
  haTakeoverCommand: 7,
  haReleaseCommand: '',
  haBerofosConfig: ['/etc/bnfos.conf'],
};

/** Further text each rule must refuse, beyond the table above. */
const MORE_BAD_TEXT: readonly (readonly [ConfigKeyName, string])[] = [
  ['sipPort', '5060abc'],
  ['sipPort', ' 5060'],
  ['sipPort', '0x13c4'],
  ['sipTransports', 'udp,udp'],
  ['sipTransports', ''],
  ['sipTransports', 'UDP'],
  ['rtpPorts', '10001-20000'],
  ['rtpPorts', '1000-2000'],
  ['rtpPorts', '10000-70000'],
  ['rtpPorts', '10000'],
  ['rtpPorts', '10000-10000'],
  ['nodeName', 'a'.repeat(64)],
  ['sipRealm', 'back\\slash'],
  ['sipRealm', ' leading-space'],
  ['sipExternalAddress', 'host_with_underscore.example'],
  ['databaseUrl', 'not a url'],
];

function invalidValueOf(errors: readonly ConfigError[]): ConfigError | undefined {
  return errors.find((error) => error.type === 'invalidValue');
}

function errorsFor(argv: readonly string[], env: Record<string, string>, file: Record<string, unknown> = {}): readonly ConfigError[] {
  const result = loadConfig({ argv, env, file, host: HOST });
  return result.type === 'error' ? result.errors : [];
}

describe('every key refuses a bad flag value, naming the key, flag, variable and value', () => {
  for (const [key, text] of Object.entries(BAD_TEXT) as [ConfigKeyName, string][]) {
    const { flag, env } = CONFIG_KEY_TABLE[key];
    it(`MUST refuse ${flag}=${JSON.stringify(text)}`, () => {
      const error = invalidValueOf(errorsFor([`${flag}=${text}`], {}));
      assert.deepEqual(error && { ...error, message: undefined }, {
        type: 'invalidValue', key, flag, env, source: 'flag', value: JSON.stringify(text), message: undefined,
      });
    });
  }
});

describe('every key refuses a bad environment variable', () => {
  for (const [key, text] of Object.entries(BAD_TEXT) as [ConfigKeyName, string][]) {
    const { env } = CONFIG_KEY_TABLE[key];
    it(`MUST refuse ${env}=${JSON.stringify(text)}`, () => {
      const error = invalidValueOf(errorsFor([], { [env]: text }));
      assert.deepEqual(error?.type === 'invalidValue' && [error.key, error.source], [key, 'env']);
    });
  }
});

describe('every key refuses a bad value in cluster.config.ts', () => {
  for (const [key, value] of Object.entries(BAD_FILE_VALUE) as [ConfigKeyName, unknown][]) {
    it(`MUST refuse ${key}: ${String(value)}`, () => {
      const error = invalidValueOf(errorsFor([], {}, { [key]: value }));
      assert.deepEqual(error?.type === 'invalidValue' && [error.key, error.source], [key, 'file']);
    });
  }
});

describe('the value rules refuse malformed text', () => {
  for (const [key, text] of MORE_BAD_TEXT) {
    const { flag } = CONFIG_KEY_TABLE[key];
    it(`MUST refuse ${flag}=${JSON.stringify(text)}`, () => {
      const error = invalidValueOf(errorsFor([`${flag}=${text}`], {}));
      assert.equal(error?.type === 'invalidValue' && error.key, key);
    });
  }
});
