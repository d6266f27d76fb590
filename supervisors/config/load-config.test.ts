import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import clusterConfig from '../../cluster.config.ts';
import type { ConfigError } from './config-error.ts';
import type { ClusterConfigFile, ParleyConfig } from './config-keys.ts';
import { loadConfig, type ConfigSources } from './load-config.ts';

const HOST = { hostname: 'pbx-1', cores: 4 };

function load(sources: Partial<ConfigSources>): ReturnType<typeof loadConfig> {
  return loadConfig({ argv: [], env: {}, host: HOST, ...sources });
}

function configOf(sources: Partial<ConfigSources>): ParleyConfig {
  const result = load(sources);
  if (result.type !== 'ok') assert.fail(`expected a configuration, got ${JSON.stringify(result)}`);
  return result.config;
}

function errorsOf(sources: Partial<ConfigSources>): readonly ConfigError[] {
  const result = load(sources);
  if (result.type !== 'error') assert.fail(`expected errors, got ${result.type}`);
  return result.errors;
}

const DEFAULTS: ParleyConfig = {
  nodeName: 'pbx-1',
  sipPort: 5060,
  sipAddress: '0.0.0.0',
  sipTransports: ['udp', 'tcp', 'ws'],
  sipRealm: 'parley',
  sipExternalAddress: undefined,
  sipDigestAlgorithms: ['MD5', 'SHA-256'],
  sipT1Ms: 500,
  sipSessionExpires: 1800,
  sipMinSe: 90,
  httpPort: 9486,
  httpsPort: 9443,
  tlsCertFile: undefined,
  tlsKeyFile: undefined,
  httpAddress: '0.0.0.0',
  rtpPorts: { start: 10_000, end: 20_000 },
  dataDir: './data',
  soundsDir: undefined,
  databaseUrl: undefined,
  redisUrl: undefined,
  redisKeyPrefix: 'parley:',
  logLevel: 'info',
  registrarMinExpires: 60,
  registrarMaxExpires: 3600,
  registrarDefaultExpires: 3600,
  registrarMaxContacts: 10,
  mediaWorkers: 4,
  haLeaseMs: 1500,
  haFailoverDetection: 'process',
  haTakeoverCommand: undefined,
  haReleaseCommand: undefined,
  haBerofosConfig: undefined,
};

describe('loadConfig defaults', () => {
  it('MUST give the built-in defaults when no source sets anything', () => {
    assert.deepEqual(configOf({}), DEFAULTS);
  });

  it('MUST accept the cluster.config.ts shipped at the root', () => {
    assert.equal(load({ file: clusterConfig }).type, 'ok');
  });
});

describe('loadConfig precedence: flag > environment > cluster.config.ts > default', () => {
  const file: ClusterConfigFile = { sipPort: 5070 };
  const env = { PARLEY_SIP_PORT: '5080' };

  it('MUST apply a value of cluster.config.ts over the default', () => {
    assert.equal(configOf({ file }).sipPort, 5070);
  });

  it('MUST apply an environment variable over cluster.config.ts', () => {
    assert.equal(configOf({ file, env }).sipPort, 5080);
  });

  it('MUST apply a flag over the environment variable', () => {
    assert.equal(configOf({ file, env, argv: ['--sip-port', '5090'] }).sipPort, 5090);
  });

  it('MUST read --flag=value as well as --flag value', () => {
    assert.equal(configOf({ argv: ['--sip-port=5091'] }).sipPort, 5091);
  });

  it('MUST take the last of a repeated flag', () => {
    assert.equal(configOf({ argv: ['--sip-port', '5092', '--sip-port', '5093'] }).sipPort, 5093);
  });

  it('MUST let an empty environment variable unset an optional value set in cluster.config.ts', () => {
    const config = configOf({ file: { databaseUrl: 'postgres://db/parley' }, env: { DATABASE_URL: '' } });
    assert.equal(config.databaseUrl, undefined);
  });

  it('MUST parse text values into their types: lists, ranges', () => {
    const config = configOf({ argv: ['--sip-transports', 'tcp, ws', '--rtp-ports', '30000-30100'] });
    assert.deepEqual([config.sipTransports, config.rtpPorts], [['tcp', 'ws'], { start: 30_000, end: 30_100 }]);
  });

  it('MUST take the node name and the media workers from the host by default', () => {
    const config = configOf({ host: { hostname: 'edge-7', cores: 12 } });
    assert.deepEqual([config.nodeName, config.mediaWorkers], ['edge-7', 12]);
  });
});

describe('loadConfig messages', () => {
  it('MUST word a bad flag value as --flag (ENV) = "value": requirement', () => {
    const [error] = errorsOf({ argv: ['--sip-port', '70000'] });
    assert.equal(error?.message, '--sip-port (PARLEY_SIP_PORT) = "70000": must be an integer from 1 to 65535');
  });

  it('MUST name the file and the key for a bad value of cluster.config.ts', () => {
    const [error] = errorsOf({ file: { sipPort: 70_000 } });
    assert.equal(error?.message, '--sip-port (PARLEY_SIP_PORT) = 70000 in cluster.config.ts (sipPort): must be an integer from 1 to 65535');
  });

  it('MUST hide the password of a database URL it refuses', () => {
    const [error] = errorsOf({ env: { DATABASE_URL: 'mysql://admin:hunter2@db/parley' } });
    assert.equal(error?.type === 'invalidValue' && error.value, '"mysql://admin:***@db/parley"');
  });

  it('MUST cut a huge value rather than echo it whole', () => {
    const [error] = errorsOf({ env: { PARLEY_SIP_REALM: '"'.repeat(100_000) } });
    assert.ok((error?.message.length ?? Infinity) < 400);
  });

  it('MUST report every problem at once', () => {
    const errors = errorsOf({ argv: ['--sip-port', '0', '--http-port', 'x', '--bogus'] });
    assert.deepEqual(errors.map((error) => error.type).sort(), ['invalidValue', 'invalidValue', 'unknownFlag']);
  });

  it('MUST refuse an unknown flag', () => {
    assert.deepEqual(errorsOf({ argv: ['--sip-prot', '5060'] }).map((error) => error.type), ['unknownFlag', 'unexpectedArgument']);
  });

  it('MUST refuse a flag without its value', () => {
    assert.deepEqual(errorsOf({ argv: ['--sip-port'] }).map((error) => error.type), ['missingFlagValue']);
  });

  it('MUST take a known flag in place of a value as a missing value', () => {
    assert.equal(errorsOf({ argv: ['--sip-port', '--http-port=80'] })[0]?.type, 'missingFlagValue');
  });

  it('MUST refuse a positional argument', () => {
    assert.deepEqual(errorsOf({ argv: ['start'] }).map((error) => error.type), ['unexpectedArgument']);
  });

  it('MUST refuse a key of cluster.config.ts it does not know', () => {
    const file = { sipPrt: 5060 } as ClusterConfigFile;
    assert.deepEqual(errorsOf({ file }).map((error) => error.type), ['unknownFileKey']);
  });

  it('MUST take the preprocess hooks of cluster.config.ts beside the keys, and return them', () => {
    const hook = () => undefined;
    const result = load({ file: { sipPort: 5070, hooks: { 'vip-check': hook }, globalHooks: { did: 'vip-check' }, hookTimeoutMs: 500 } });
    assert.deepEqual(result.type === 'ok' && [result.config.sipPort, result.callHooks.hooks?.['vip-check'], result.callHooks.globalHooks], [5070, hook, { did: 'vip-check' }]);
  });

  it('MUST refuse a global hook that names no hook, a hook that is no function, and a bad timeout', () => {
    const file = { hooks: { broken: 'not a function' }, globalHooks: { user: 'missing' }, hookTimeoutMs: 0 } as unknown as ClusterConfigFile;
    assert.deepEqual(errorsOf({ file }).map((error) => error.type), ['invalidCallHooks', 'invalidCallHooks', 'invalidCallHooks']);
  });

  it('MUST refuse a default the host makes invalid, such as a host name with a space', () => {
    const [error] = errorsOf({ host: { hostname: 'my laptop', cores: 2 } });
    assert.deepEqual(error?.type === 'invalidValue' && [error.key, error.source], ['nodeName', 'default']);
  });

  it('MUST answer --help with the help text, whatever else is wrong', () => {
    const result = load({ argv: ['--bogus', '--help'] });
    assert.equal(result.type === 'help' && result.text.startsWith('Usage: parley'), true);
  });

  it('MUST accept -h for --help', () => {
    assert.equal(load({ argv: ['-h'] }).type, 'help');
  });
});
