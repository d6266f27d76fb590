/**
 * One round with a device: read its settings, write those that differ from what is wanted, and
 * read them back.
 */
import type { BerofosClient, BerofosResult } from './berofos-client.ts';
import { BEROFOS_PARAMETER_NAMES, type BerofosParameterName, type BerofosParameters, type RelayMode } from './berofos-relays.ts';

/** What the device should hold after the round; absent settings are only read. */
export interface SyncRequest {
  readonly relayMode?: RelayMode;
  readonly parameters?: Readonly<Partial<Record<Exclude<BerofosParameterName, 'mode'>, 0 | 1>>>;
}

/** What the round found and did. */
export interface SyncReport {
  readonly before: BerofosParameters;
  readonly after: BerofosParameters;
  /** The settings written, in order (`mode` last: the relays switch once the rest is right). */
  readonly written: readonly BerofosParameterName[];
}

/**
 * Brings a device to `wanted`, writing only what differs.
 *
 * @remarks
 * Stops at the first failure (the caller retries the whole round). A device that answers a write
 * but reads back another value is a bad answer: the relays are not where they should be.
 */
export async function syncBerofos(client: BerofosClient, wanted: SyncRequest): Promise<BerofosResult<SyncReport>> {
  const read = await client.readParameters();
  if (read.type === 'failed') return read;
  const target: BerofosParameters = { ...read.value, ...wanted.parameters, ...(wanted.relayMode === undefined ? {} : { mode: wanted.relayMode }) };
  const written = BEROFOS_PARAMETER_NAMES.filter((name) => target[name] !== read.value[name]);
  if (written.length === 0) return { type: 'ok', value: { before: read.value, after: read.value, written } };
  for (const name of written) {
    const set = await client.setParameter(name, target[name]);
    if (set.type === 'failed') return set;
  }
  const check = await client.readParameters();
  if (check.type === 'failed') return check;
  const kept = written.filter((name) => check.value[name] !== target[name]);
  if (kept.length > 0) return { type: 'failed', failure: { code: 'PBX_ERR_BEROFOS_BAD_ANSWER', message: `the device accepted but kept ${kept.map((name) => `${name}=${check.value[name]}`).join(', ')}` } };
  return { type: 'ok', value: { before: read.value, after: check.value, written } };
}
