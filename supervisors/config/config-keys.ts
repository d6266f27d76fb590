import type { CallHooksSettings } from './call-hooks-settings.ts';
import {
  choiceRule,
  HOST_RULE,
  integerRule,
  IP_ADDRESS_RULE,
  optionalRule,
  PATH_RULE,
  patternRule,
  PORT_RULE,
  RTP_PORT_RANGE_RULE,
  subsetRule,
  urlRule,
  type ValueRule,
} from './config-value-rules.ts';

/** Facts about the machine that some defaults come from, injected so tests can fix them. */
export interface HostFacts {
  readonly hostname: string;
  readonly cores: number;
}

/**
 * One configuration key: its flag, its environment variable, its default and its rule.
 *
 * @remarks
 * Every key is settable from all three sources; `default` is the text shown in the help and the
 * documentation, `defaultValue` computes the value itself.
 */
export interface ConfigKeyDefinition<Value> extends ValueRule<Value> {
  readonly flag: `--${string}`;
  readonly env: string;
  readonly default: string;
  readonly defaultValue: (host: HostFacts) => Value;
  readonly description: string;
}

function key<Value>(definition: ConfigKeyDefinition<Value>): ConfigKeyDefinition<Value> {
  return definition;
}

const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
/** Visible ASCII without `"` and `\`, inner spaces allowed: it is sent as a quoted-string (RFC 3261 §25.1). */
const REALM = /^[\x21\x23-\x5B\x5D-\x7E](?:[\x20\x21\x23-\x5B\x5D-\x7E]{0,126}[\x21\x23-\x5B\x5D-\x7E])?$/;
/** Registrations longer than a week outlive NAT bindings and dead phones by far. */
const MAX_EXPIRES_SECONDS = 604_800;

/**
 * The configuration keys, in the order the help lists them. The single place they are described.
 *
 * @remarks
 * The flags, the environment variables, the help text, the README check and `ParleyConfig` all
 * derive from this table, so they cannot drift apart.
 */
export const CONFIG_KEY_TABLE = {
  nodeName: key({
    ...patternRule(NODE_NAME, 'must be 1 to 63 letters, digits, dots, dashes or underscores, starting with a letter or digit', '<name>'),
    flag: '--node-name', env: 'PARLEY_NODE_NAME', default: 'the host name', defaultValue: (host) => host.hostname,
    description: 'The name of this node in the cluster; unique per node.',
  }),
  sipPort: key({
    ...PORT_RULE, flag: '--sip-port', env: 'PARLEY_SIP_PORT', default: '5060', defaultValue: () => 5060,
    description: 'The port SIP listens on, for every transport.',
  }),
  sipAddress: key({
    ...IP_ADDRESS_RULE, flag: '--sip-address', env: 'PARLEY_SIP_ADDRESS', default: '0.0.0.0', defaultValue: () => '0.0.0.0',
    description: 'The address SIP binds to.',
  }),
  sipTransports: key({
    ...subsetRule(['udp', 'tcp', 'ws'], '<list>'),
    flag: '--sip-transports', env: 'PARLEY_SIP_TRANSPORTS', default: 'udp,tcp,ws', defaultValue: () => ['udp', 'tcp', 'ws'] as const,
    description: 'The SIP transports to serve.',
  }),
  sipRealm: key({
    ...patternRule(REALM, 'must be 1 to 128 visible ASCII characters other than " and \\', '<realm>'),
    flag: '--sip-realm', env: 'PARLEY_SIP_REALM', default: 'parley', defaultValue: () => 'parley',
    description: 'The realm of digest authentication challenges.',
  }),
  sipExternalAddress: key({
    ...optionalRule(HOST_RULE), flag: '--sip-external-address', env: 'PARLEY_SIP_EXTERNAL_ADDRESS',
    default: 'unset (the bind or detected address)', defaultValue: () => undefined,
    description: 'The address put in SIP and SDP when the node is behind NAT.',
  }),
  sipDigestAlgorithms: key({
    ...subsetRule(['MD5', 'SHA-256'], '<list>'),
    flag: '--sip-digest-algorithms', env: 'PARLEY_SIP_DIGEST_ALGORITHMS', default: 'MD5,SHA-256',
    defaultValue: () => ['MD5', 'SHA-256'] as const,
    description: 'The digest algorithms challenged with, most preferred first (RFC 7616; see docs/decisions.md D-001).',
  }),
  sipT1Ms: key({
    ...integerRule(10, 60_000, '<ms>'), flag: '--sip-t1-ms', env: 'PARLEY_SIP_T1_MS', default: '500', defaultValue: () => 500,
    description: 'SIP timer T1, the round-trip estimate other SIP timers derive from (RFC 3261 §17.1.1.1).',
  }),
  sipSessionExpires: key({
    ...integerRule(1, 86_400, '<seconds>'), flag: '--sip-session-expires', env: 'PARLEY_SIP_SESSION_EXPIRES', default: '1800', defaultValue: () => 1800,
    description: 'The session interval of calls, asked for and granted at most (RFC 4028 §4; see docs/decisions.md D-018).',
  }),
  sipMinSe: key({
    ...integerRule(1, 86_400, '<seconds>'), flag: '--sip-min-se', env: 'PARLEY_SIP_MIN_SE', default: '90', defaultValue: () => 90,
    description: 'The shortest session interval accepted (Min-SE, RFC 4028 §5); below 90 only for tests (docs/decisions.md D-025).',
  }),
  httpPort: key({
    ...PORT_RULE, flag: '--http-port', env: 'PARLEY_HTTP_PORT', default: '9486', defaultValue: () => 9486,
    description: 'The port of the HTTP and WebSocket APIs and of the console.',
  }),
  httpsPort: key({
    ...PORT_RULE, flag: '--https-port', env: 'PARLEY_HTTPS_PORT', default: '9443', defaultValue: () => 9443,
    description: 'The port of the same APIs over TLS (HTTPS and WSS), which Wazo clients speak.',
  }),
  tlsCertFile: key({
    ...optionalRule(PATH_RULE), flag: '--tls-cert-file', env: 'PARLEY_TLS_CERT_FILE',
    default: 'unset (a self-signed certificate made at first start in the data directory)', defaultValue: () => undefined,
    description: 'The PEM certificate (with its chain) of the HTTPS port.',
  }),
  tlsKeyFile: key({
    ...optionalRule(PATH_RULE), flag: '--tls-key-file', env: 'PARLEY_TLS_KEY_FILE',
    default: 'unset', defaultValue: () => undefined,
    description: 'The PEM private key of --tls-cert-file.',
  }),
  httpAddress: key({
    ...IP_ADDRESS_RULE, flag: '--http-address', env: 'PARLEY_HTTP_ADDRESS', default: '0.0.0.0', defaultValue: () => '0.0.0.0',
    description: 'The address the HTTP server binds to.',
  }),
  rtpPorts: key({
    ...RTP_PORT_RANGE_RULE, flag: '--rtp-ports', env: 'PARLEY_RTP_PORTS', default: '10000-20000',
    defaultValue: () => ({ start: 10_000, end: 20_000 }),
    description: 'The UDP ports media may use.',
  }),
  dataDir: key({
    ...PATH_RULE, flag: '--data-dir', env: 'PARLEY_DATA_DIR', default: './data', defaultValue: () => './data',
    description: 'Where the node keeps its files, including the embedded database.',
  }),
  soundsDir: key({
    ...optionalRule(PATH_RULE), flag: '--sounds-dir', env: 'PARLEY_SOUNDS_DIR',
    default: 'unset (<data-dir>/sounds)', defaultValue: () => undefined,
    description: 'Where prompts are found: <tenant>/<language>/<name>.wav, then <name>.wav.',
  }),
  databaseUrl: key({
    ...optionalRule(urlRule(['postgres:', 'postgresql:'], '<url>')), flag: '--database-url', env: 'DATABASE_URL',
    default: 'unset (the embedded database)', defaultValue: () => undefined,
    description: 'The PostgreSQL server of the cluster.',
  }),
  redisUrl: key({
    ...optionalRule(urlRule(['redis:', 'rediss:'], '<url>')), flag: '--redis-url', env: 'REDIS_URL',
    default: 'unset (in memory, single node)', defaultValue: () => undefined,
    description: 'The Redis server of the cluster.',
  }),
  redisKeyPrefix: key({
    ...patternRule(/^[A-Za-z0-9:._-]{1,64}$/, 'must be 1 to 64 letters, digits or : . _ -', '<prefix>'),
    flag: '--redis-key-prefix', env: 'PARLEY_REDIS_KEY_PREFIX', default: 'parley:', defaultValue: () => 'parley:',
    description: 'Prepended to every Redis key, so that several clusters can share one Redis.',
  }),
  logLevel: key({
    ...choiceRule(['fatal', 'error', 'warn', 'info', 'debug', 'trace'], '<level>'),
    flag: '--log-level', env: 'PARLEY_LOG_LEVEL', default: 'info', defaultValue: () => 'info' as const,
    description: 'The least severe level logged.',
  }),
  registrarMinExpires: key({
    ...integerRule(1, MAX_EXPIRES_SECONDS, '<seconds>'), flag: '--registrar-min-expires', env: 'PARLEY_REGISTRAR_MIN_EXPIRES',
    default: '60', defaultValue: () => 60,
    description: 'Shorter registrations are refused with 423 Interval Too Brief (RFC 3261 §10.3).',
  }),
  registrarMaxExpires: key({
    ...integerRule(1, MAX_EXPIRES_SECONDS, '<seconds>'), flag: '--registrar-max-expires', env: 'PARLEY_REGISTRAR_MAX_EXPIRES',
    default: '3600', defaultValue: () => 3600,
    description: 'Longer registrations are shortened to this.',
  }),
  registrarDefaultExpires: key({
    ...integerRule(1, MAX_EXPIRES_SECONDS, '<seconds>'), flag: '--registrar-default-expires',
    env: 'PARLEY_REGISTRAR_DEFAULT_EXPIRES', default: '3600', defaultValue: () => 3600,
    description: 'The duration of a registration that asks for none.',
  }),
  registrarMaxContacts: key({
    ...integerRule(1, 1000, '<count>'), flag: '--registrar-max-contacts', env: 'PARLEY_REGISTRAR_MAX_CONTACTS',
    default: '10', defaultValue: () => 10,
    description: 'The most contacts one address of record may register.',
  }),
  mediaWorkers: key({
    ...integerRule(1, 256, '<count>'), flag: '--media-workers', env: 'PARLEY_MEDIA_WORKERS',
    default: 'the number of CPU cores', defaultValue: (host) => host.cores,
    description: 'The number of media worker threads.',
  }),
  haLeaseMs: key({
    ...integerRule(300, 60_000, '<ms>'), flag: '--ha-lease-ms', env: 'PARLEY_HA_LEASE_MS', default: '1500', defaultValue: () => 1500,
    description: 'How long the HA master lease lives without renewal; a slave takes over when it lapses (see docs/high-availability.md).',
  }),
  haFailoverDetection: key({
    ...choiceRule(['process', 'host'], '<process|host>'), flag: '--ha-failover-detection', env: 'PARLEY_HA_FAILOVER_DETECTION',
    default: 'process', defaultValue: () => 'process' as const,
    description: 'process: fail over when the master process dies or is unhealthy; host: only when its host stops answering ping (the seed).',
  }),
  haTakeoverCommand: key({
    ...optionalRule(patternRule(/^[^\0\r\n]{1,2000}$/, 'must be one line of at most 2000 characters', '<command>')),
    flag: '--ha-takeover-command', env: 'PARLEY_HA_TAKEOVER_COMMAND', default: 'unset', defaultValue: () => undefined,
    description: 'Run by /bin/sh when this node becomes master, e.g. to add the service address and announce it with arping.',
  }),
  haReleaseCommand: key({
    ...optionalRule(patternRule(/^[^\0\r\n]{1,2000}$/, 'must be one line of at most 2000 characters', '<command>')),
    flag: '--ha-release-command', env: 'PARLEY_HA_RELEASE_COMMAND', default: 'unset', defaultValue: () => undefined,
    description: 'Run by /bin/sh when this node starts and whenever it stops being master, e.g. to remove the service address.',
  }),
  haBerofosConfig: key({
    ...optionalRule(PATH_RULE), flag: '--ha-berofos-config', env: 'PARLEY_HA_BEROFOS_CONFIG', default: 'unset', defaultValue: () => undefined,
    description: 'A bnfos.conf naming the berofos failover switches whose relays bring the ISDN lines to the master (see docs/high-availability.md).',
  }),
};

/** The name of a configuration key, as used in `cluster.config.ts`. */
export type ConfigKeyName = keyof typeof CONFIG_KEY_TABLE;

/** The type of a key's value. */
export type ConfigValue<Name extends ConfigKeyName> =
  (typeof CONFIG_KEY_TABLE)[Name] extends ConfigKeyDefinition<infer Value> ? Value : never;

/** The resolved configuration of a node. */
export type ParleyConfig = { readonly [Name in ConfigKeyName]: ConfigValue<Name> };

/** What `cluster.config.ts` may set: any subset of the keys, and the call hooks (call-hooks-settings.ts). */
export type ClusterConfigFile = { readonly [Name in ConfigKeyName]?: ConfigValue<Name> } & CallHooksSettings;

/** The public description of a key, for help, documentation and tests. */
export interface ConfigKeyEntry {
  readonly key: ConfigKeyName;
  readonly flag: `--${string}`;
  readonly env: string;
  readonly default: string;
  readonly description: string;
  readonly placeholder: string;
  readonly requirement: string;
}

/** The names of the keys, in table order. */
export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEY_TABLE) as readonly ConfigKeyName[];

/**
 * Every key with its flag, environment variable, default and description, in table order.
 *
 * @remarks
 * A test checks that the README lists each flag and environment variable from here.
 */
export const CONFIG_KEYS: readonly ConfigKeyEntry[] = CONFIG_KEY_NAMES.map((name) => {
  const { flag, env, description, placeholder, requirement } = CONFIG_KEY_TABLE[name];
  return { key: name, flag, env, default: CONFIG_KEY_TABLE[name].default, description, placeholder, requirement };
});
