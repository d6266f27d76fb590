/**
 * The address the node writes into SIP Contacts and SDP: the configured external address, else
 * the SIP bind address when it is a real one, else the first non-internal IPv4 address of the
 * host, else loopback.
 */
import { networkInterfaces } from 'node:os';

export function advertisedAddress(external: string | undefined, bindAddress: string): string {
  if (external !== undefined) return external;
  if (bindAddress !== '0.0.0.0' && bindAddress !== '::') return bindAddress;
  for (const entries of Object.values(networkInterfaces())) {
    const found = entries?.find((entry) => entry.family === 'IPv4' && !entry.internal);
    if (found !== undefined) return found.address;
  }
  return '127.0.0.1';
}
