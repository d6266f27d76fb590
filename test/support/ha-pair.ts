/**
 * An HA pair of the lab, configured through the HA API and ready for calls: node A the master and
 * node B its slave, and calls to `0555000` routed out to a provider trunk whose host is on the
 * bridge (where a test's callee SIPp answers, see measured-calls.ts).
 *
 * @example
 * ```ts
 * const pair = await startHaPair('hafail');
 * const calls = await startMeasuredCalls({ ..., calleePort: pair.providerPort });
 * await pair.status('b'); // { role: 'slave', master_node_name: 'hafail-a', ... }
 * ```
 */
import assert from 'node:assert/strict';
import { freeSipPort } from './free-port.ts';
import { startHaLab, type HaLab } from './ha-lab.ts';
import { LAB_HTTP_PORT } from './lab-node.ts';
import type { LabNodeName } from './netns-lab.ts';
import { routeOutToProvider } from './provider-outcall.ts';
import { restClient, type RestClient } from './rest-client.ts';
import { waitUntil } from './wait-until.ts';

/** What `GET /api/confd/1.1/ha/status` answers, as far as the tests read it. */
export interface HaStatusBody {
  readonly role?: string;
  readonly master_node_name?: string | null;
  readonly epoch?: number | null;
}

export interface HaPair {
  readonly ha: HaLab;
  /** The port of the provider trunk's host on the bridge: the callee SIPp's. */
  readonly providerPort: number;
  /** REST on a node's own address. */
  rest(node: LabNodeName): RestClient;
  /** An admin token from a node. */
  token(node: LabNodeName): Promise<string>;
  status(node: LabNodeName): Promise<HaStatusBody>;
  /** `PUT /api/confd/1.1/ha` on `node`, with `other` as its remote; asserts 204. */
  configure(node: LabNodeName, nodeType: 'master' | 'slave', other: LabNodeName): Promise<void>;
  /** The node whose status says master (A when neither answers so). */
  master(): Promise<LabNodeName>;
  /**
   * Each node's log lines about HA and at warn level or above (those `keep` keeps instead, when
   * given), the last `count` of each (all by default), cut at 300 characters and named by node.
   */
  logLines(options?: { readonly keep?: (line: string) => boolean; readonly count?: number }): string[];
  close(): Promise<void>;
}

/** A pino line at warn level or above. */
const WARNING = /"level":(40|50|60)/;

/** Starts the lab `name`, routes calls out, and configures A master and B its slave. */
export async function startHaPair(name: string): Promise<HaPair> {
  const ha = await startHaLab({ name, bindServiceAddress: true });
  const rest = (node: LabNodeName): RestClient => restClient(LAB_HTTP_PORT, ha.nodes[node].address);
  const token = (node: LabNodeName): Promise<string> => rest(node).login('admin', ha.adminPassword);
  const status = async (node: LabNodeName): Promise<HaStatusBody> =>
    ((await rest(node).request('/api/confd/1.1/ha/status', { token: await token(node) })).body ?? {}) as HaStatusBody;
  const configure = async (node: LabNodeName, nodeType: 'master' | 'slave', other: LabNodeName): Promise<void> => {
    const answer = await rest(node).request('/api/confd/1.1/ha', { method: 'PUT', token: await token(node), body: { node_type: nodeType, remote_address: ha.nodes[other].address } });
    assert.equal(answer.status, 204, JSON.stringify(answer.body));
  };
  try {
    const providerPort = await freeSipPort();
    await routeOutToProvider(rest('a'), await token('a'), ha.database, `${ha.lab.bridgeAddress}:${String(providerPort)}`);
    await configure('a', 'master', 'b');
    await configure('b', 'slave', 'a');
    const paired = await waitUntil(async () => (await status('a')).role === 'master' && (await status('b')).master_node_name === ha.nodes.a.nodeName, { timeoutMs: 10_000, intervalMs: 100 });
    assert.ok(paired, 'A master, B its slave');
    return {
      ha, providerPort, rest, token, status, configure,
      master: async () => ((await status('a')).role === 'master' ? 'a' : 'b'),
      logLines: ({ keep = (line: string) => line.includes('HA:') || WARNING.test(line), count } = {}) => (['a', 'b'] as const).flatMap((node) => {
        const kept = ha.nodes[node].output().split('\n').filter(keep);
        return (count === undefined ? kept : kept.slice(-count)).map((line) => `${node}: ${line.slice(0, 300)}`);
      }),
      close: () => ha.close(),
    };
  } catch (error) {
    await ha.close();
    throw error;
  }
}
