/**
 * How a trunk treats caller identities, from its endpoint's options (Wazo's `[[key, value]]`
 * pairs of `/endpoints/sip`): whether our INVITEs carry a P-Asserted-Identity (RFC 3325), whether
 * the provider is trusted with the real identity of a caller who withholds it (RFC 3323
 * `Privacy: id`), and whether the provider's own P-Asserted-Identity is believed.
 *
 * @remarks
 * Both spellings of Asterisk are read: PJSIP's `send_pai`, `trust_id_outbound`,
 * `trust_id_inbound`, and chan_sip's `sendrpid` (`yes` or `pai`; chan_sip's `rpid` header is not
 * sent) and `trustrpid` (the seed's CF-06), which trusts both ways. Booleans follow Asterisk's
 * `ast_true` (`yes`, `true`, `y`, `t`, `1`, `on`); anything else is false.
 */
export interface IdentityPolicy {
  /** Our INVITEs carry a P-Asserted-Identity: the caller ID shown, or, when withheld, the real one if trusted outbound. */
  readonly sendPai: boolean;
  /** The provider may learn the real identity of a caller who withholds it (in the P-Asserted-Identity). */
  readonly trustOutbound: boolean;
  /** The provider's P-Asserted-Identity is the caller ID of its calls. */
  readonly trustInbound: boolean;
}

export const NO_IDENTITY_TRUST: IdentityPolicy = { sendPai: false, trustOutbound: false, trustInbound: false };

const TRUE = new Set(['yes', 'true', 'y', 't', '1', 'on']);

export function identityPolicy(options: readonly (readonly [string, string])[]): IdentityPolicy {
  const values = new Map(options.map(([name, value]) => [name.trim().toLowerCase(), value.trim().toLowerCase()]));
  const isTrue = (name: string): boolean => TRUE.has(values.get(name) ?? '');
  const sendrpid = values.get('sendrpid') ?? '';
  const trustrpid = isTrue('trustrpid');
  return {
    sendPai: isTrue('send_pai') || TRUE.has(sendrpid) || sendrpid === 'pai',
    trustOutbound: isTrue('trust_id_outbound') || trustrpid,
    trustInbound: isTrue('trust_id_inbound') || trustrpid,
  };
}
