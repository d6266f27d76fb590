import type { SipEndpoint, SipTransportKind } from '../sip-endpoint.ts';
import type { Binding } from './binding.ts';

/** Version of the stored form; readers accept this one (and will accept the previous one). */
export const BINDING_CODEC_VERSION = 1;

const TRANSPORTS: readonly SipTransportKind[] = ['udp', 'tcp', 'ws'];

/**
 * Writes a binding as JSON tagged with {@link BINDING_CODEC_VERSION}.
 *
 * @remarks JSON rather than msgpack so that an operator can read registrations with redis-cli;
 * a binding is a few hundred bytes either way.
 */
export function encodeBinding(binding: Binding): string {
  return JSON.stringify({ v: BINDING_CODEC_VERSION, ...binding });
}

/**
 * Reads a stored binding, or undefined when the text is not a binding of a known version.
 *
 * @remarks Stored data is checked field by field rather than trusted: another node may run
 * another version, and a damaged entry must be skipped, not crash the sweep.
 */
export function decodeBinding(text: string): Binding | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || value['v'] !== BINDING_CODEC_VERSION) return undefined;
  const received = decodeEndpoint(value['received']);
  const path = value['path'];
  if (received === undefined || !Array.isArray(path) || !path.every((entry) => typeof entry === 'string')) {
    return undefined;
  }
  const { aor, contact, expiresAtMs, callId, cseq, updatedAtMs } = value;
  if (typeof aor !== 'string' || typeof contact !== 'string' || typeof callId !== 'string') return undefined;
  if (!isFiniteNumber(expiresAtMs) || !isFiniteNumber(cseq) || !isFiniteNumber(updatedAtMs)) return undefined;
  const binding: Binding = { aor, contact, expiresAtMs, callId, cseq, path, received, updatedAtMs };
  return withOptionals(binding, value);
}

function withOptionals(binding: Binding, value: Record<string, unknown>): Binding | undefined {
  const { qValue, instanceId, regId, userAgent } = value;
  if (qValue !== undefined && !isFiniteNumber(qValue)) return undefined;
  if (regId !== undefined && !isFiniteNumber(regId)) return undefined;
  if (instanceId !== undefined && typeof instanceId !== 'string') return undefined;
  if (userAgent !== undefined && typeof userAgent !== 'string') return undefined;
  return {
    ...binding,
    ...(qValue === undefined ? {} : { qValue }),
    ...(instanceId === undefined ? {} : { instanceId }),
    ...(regId === undefined ? {} : { regId }),
    ...(userAgent === undefined ? {} : { userAgent }),
  };
}

function decodeEndpoint(value: unknown): SipEndpoint | undefined {
  if (!isRecord(value)) return undefined;
  const { transport, address, port, connectionId } = value;
  const kind = TRANSPORTS.find((candidate) => candidate === transport);
  if (kind === undefined || typeof address !== 'string' || !isFiniteNumber(port)) return undefined;
  if (connectionId === undefined) return { transport: kind, address, port };
  return typeof connectionId === 'string' ? { transport: kind, address, port, connectionId } : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
