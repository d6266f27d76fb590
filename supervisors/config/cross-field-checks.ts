import { describeKey, inconsistentValuesError, type ConfigError } from './config-error.ts';
import type { ConfigKeyName, ParleyConfig } from './config-keys.ts';

/** A rule over several keys. */
interface CrossFieldCheck {
  readonly keys: readonly ConfigKeyName[];
  /** Returns the reason the values contradict each other, or undefined when they agree. */
  readonly check: (config: ParleyConfig) => string | undefined;
}

/** The keys whose values are whole seconds, which {@link notAbove} compares. */
type SecondsKey = (ConfigKeyName & `registrar${string}Expires`) | 'sipMinSe' | 'sipSessionExpires';

function notAbove(lower: SecondsKey, upper: SecondsKey): CrossFieldCheck {
  return {
    keys: [lower, upper],
    check: (config) =>
      config[lower] <= config[upper]
        ? undefined
        : `${describeKey(lower, config[lower])} must not exceed ${describeKey(upper, config[upper])}`,
  };
}

/**
 * The checks between keys.
 *
 * @remarks
 * The registrar's bounds must hold its default between them (RFC 3261 §10.3: a registrar may
 * shorten an expiration but never below its minimum). The session interval of calls is at least
 * the shortest one accepted (RFC 4028 §5: Min-SE is a lower bound of Session-Expires). SIP over UDP cannot share a port with the
 * RTP range, or a media session would one day try to bind the signalling port.
 */
export const CROSS_FIELD_CHECKS: readonly CrossFieldCheck[] = [
  notAbove('registrarMinExpires', 'registrarDefaultExpires'),
  notAbove('registrarDefaultExpires', 'registrarMaxExpires'),
  notAbove('registrarMinExpires', 'registrarMaxExpires'),
  notAbove('sipMinSe', 'sipSessionExpires'),
  {
    keys: ['sipPort', 'rtpPorts', 'sipTransports'],
    check: ({ sipPort, rtpPorts, sipTransports }) =>
      sipTransports.includes('udp') && sipPort >= rtpPorts.start && sipPort <= rtpPorts.end
        ? `${describeKey('sipPort', sipPort)} must lie outside ${describeKey('rtpPorts', rtpPorts)} while SIP runs over UDP`
        : undefined,
  },
  {
    keys: ['tlsCertFile', 'tlsKeyFile'],
    check: ({ tlsCertFile, tlsKeyFile }) =>
      (tlsCertFile === undefined) === (tlsKeyFile === undefined) ? undefined : 'tlsCertFile and tlsKeyFile go together: set both or neither',
  },
  {
    keys: ['httpPort', 'httpsPort'],
    check: ({ httpPort, httpsPort }) => (httpPort !== 0 && httpPort === httpsPort ? `${describeKey('httpPort', httpPort)} and ${describeKey('httpsPort', httpsPort)} must differ` : undefined),
  },
];

/**
 * Runs every check and returns the contradictions found.
 *
 * @remarks
 * Called only once each key is valid on its own, so that an operator is never told about a
 * combination involving a value they are fixing anyway.
 */
export function checkCrossFields(config: ParleyConfig): ConfigError[] {
  return CROSS_FIELD_CHECKS.flatMap(({ keys, check }) => {
    const reason = check(config);
    return reason === undefined ? [] : [inconsistentValuesError(keys, reason)];
  });
}
