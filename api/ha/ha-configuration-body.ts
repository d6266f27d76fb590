/**
 * The body of confd's `PUT /ha` (seed HA-03): `node_type` ∈ disabled|master|slave and
 * `remote_address`, the VoIP address of the other node, required unless HA is disabled.
 *
 * @remarks
 * The remote address must be an IPv4 or IPv6 literal (the seed asks for the VoIP interface's
 * address, which phones are provisioned with as the backup registrar), and not one of this node's
 * own addresses: a node cannot be its own peer. With `disabled` the address is dropped (the
 * configuration then has an empty one), but a malformed one is still refused.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import type { HaConfiguration } from './ha-control-port.ts';
import { zodMessages } from '../http/zod-messages.ts';

/** The longest address accepted (an IPv6 literal with a zone index fits). */
const MAX_ADDRESS_LENGTH = 64;

export const HaConfigurationBody = z.object({
  node_type: z.enum(['disabled', 'master', 'slave']),
  remote_address: z.string().max(MAX_ADDRESS_LENGTH).optional(),
});

/** A `PUT /ha` body checked: the configuration to store, or the messages of a 400. */
export type HaConfigurationReading = { readonly type: 'ok'; readonly configuration: HaConfiguration } | { readonly type: 'invalid'; readonly messages: readonly string[] };

/** Checks a `PUT /ha` body against the rules above; `ownAddresses` are this node's own addresses. */
export function readHaConfiguration(body: unknown, ownAddresses: readonly string[]): HaConfigurationReading {
  const parsed = HaConfigurationBody.safeParse(body ?? {});
  if (!parsed.success) return { type: 'invalid', messages: zodMessages(parsed.error) };
  const { node_type: nodeType } = parsed.data;
  const remoteAddress = parsed.data.remote_address ?? '';
  if (remoteAddress !== '' && isIP(remoteAddress) === 0) {
    return { type: 'invalid', messages: [`remote_address: '${remoteAddress}' is not an IPv4 or IPv6 address`] };
  }
  if (nodeType === 'disabled') return { type: 'ok', configuration: { node_type: 'disabled', remote_address: '' } };
  if (remoteAddress === '') {
    return { type: 'invalid', messages: [`remote_address: required when node_type is ${nodeType} (the VoIP address of the other node)`] };
  }
  if (ownAddresses.some((own) => sameAddress(own, remoteAddress))) {
    return { type: 'invalid', messages: [`remote_address: '${remoteAddress}' is this node's own address; give the other node's`] };
  }
  return { type: 'ok', configuration: { node_type: nodeType, remote_address: remoteAddress } };
}

/** Two address literals naming the same address (IPv6 ones compared in their canonical form). */
function sameAddress(left: string, right: string): boolean {
  return canonical(left) === canonical(right);
}

function canonical(address: string): string {
  if (isIP(address) !== 6) return address.toLowerCase();
  try {
    return new URL(`http://[${address}]/`).hostname;
  } catch {
    return address.toLowerCase();
  }
}
