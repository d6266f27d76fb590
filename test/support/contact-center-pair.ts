/**
 * Two nodes of one cluster (one database, one Redis, no HA role) set up for the contact-center
 * tests: an agent's phone registered with the second node, the agent a member of a ringall queue
 * reached by a DID from either of two peer providers, and the trunks running on both nodes.
 */
import assert from 'node:assert/strict';
import { confdWriter, type ConfdItem } from './confd-writer.ts';
import { freeSipPort } from './free-port.ts';
import { restClient, type RestClient } from './rest-client.ts';
import { startStackPhone, type StackPhone } from './stack-phone.ts';
import { startTestNode, type TestNode } from './test-node.ts';
import { waitUntil } from './wait-until.ts';

/** A row of queue_log, as the tests read it. */
export interface QueueLogRow { readonly callid: string; readonly queuename: string; readonly agent: string; readonly event: string }

export interface ContactCenterPairSetup {
  /** The agent's SIP username (its password is `<username>-secret`), also the name of its user. */
  readonly username: string;
  /** The extension of the agent's line in context `default`. */
  readonly exten: string;
  readonly agentNumber: string;
  readonly queueName: string;
  readonly queueLabel: string;
  /** The DID of the incall reaching the queue. */
  readonly did: string;
}

export interface ContactCenterPair {
  /** The node owning the contact center at the start. */
  readonly first: TestNode;
  readonly second: TestNode;
  readonly rest: RestClient;
  readonly token: string;
  readonly secondRest: RestClient;
  readonly secondToken: string;
  /** The agent's phone, registered with the second node. */
  readonly phone: StackPhone;
  /** The SIP ports of the two providers (the second authenticates as provider2). */
  readonly providerPort: number;
  readonly otherProviderPort: number;
  readonly queueId: number;
}

/** Starts the pair; on a failure, stops what it started and rethrows. */
export async function startContactCenterPair(setup: ContactCenterPairSetup): Promise<ContactCenterPair> {
  const started: { close(): Promise<void> }[] = [];
  try {
    return await setUp(setup, started);
  } catch (error) {
    for (const part of started.reverse()) await part.close().catch(() => undefined);
    throw error;
  }
}

async function setUp(setup: ContactCenterPairSetup, started: { close(): Promise<void> }[]): Promise<ContactCenterPair> {
  const first = await startTestNode({ redis: true });
  started.push(first);
  const second = await startTestNode({ redis: true, sharedWith: first });
  started.push(second);
  const rest = restClient(first.httpPort);
  const token = await rest.login('admin', first.adminPassword);
  const secondRest = restClient(second.httpPort);
  const secondToken = await secondRest.login('admin', second.adminPassword);
  const { created, put, peerTrunk, incallAt } = confdWriter(() => rest, () => token);
  const { username } = setup;
  const password = `${username}-secret`;
  const firstname = username.charAt(0).toUpperCase() + username.slice(1);
  const user = await created('/users', { firstname });
  const line = await created('/lines', { context: 'default' });
  const endpoint = await created('/endpoints/sip', { auth_section_options: [['username', username], ['password', password]] });
  const extension = await created('/extensions', { exten: setup.exten, context: 'default' });
  await put(`/lines/${String(line['id'])}/endpoints/sip/${String(endpoint['uuid'])}`);
  await put(`/lines/${String(line['id'])}/extensions/${String(extension['id'])}`);
  await put(`/users/${String(user['uuid'])}/lines/${String(line['id'])}`);
  const phone = await startStackPhone(username);
  started.push(phone);
  assert.equal(await phone.register(second.node, second.sipPort, username, password), 200);
  const agent: ConfdItem = await created('/agents', { number: setup.agentNumber, firstname });
  const queue = await created('/queues', { name: setup.queueName, label: setup.queueLabel, options: [['strategy', 'ringall'], ['timeout', '10'], ['retry', '1']] });
  await put(`/queues/${String(queue['id'])}/members/agents/${String(agent['id'])}`, { priority: 0 });
  const providerPort = await freeSipPort();
  await created('/contexts', { name: 'from-extern', type: 'incall' });
  await peerTrunk(`127.0.0.1:${providerPort}`);
  // A second provider, so that callers can arrive on both nodes at once.
  const otherProviderPort = await freeSipPort();
  await peerTrunk(`127.0.0.1:${otherProviderPort}`, { username: 'provider2', secret: 'provider-secret-2' });
  await incallAt(setup.did, { type: 'queue', queue_id: queue['id'] });
  const trunksOn = async (client: RestClient, bearer: string): Promise<number> => ((await client.request('/api/calld/1.0/trunks', { token: bearer })).body as { items: unknown[] }).items.length;
  assert.ok(await waitUntil(async () => (await trunksOn(secondRest, secondToken)) === 2), 'the trunks run on the second node');
  assert.ok(await waitUntil(async () => (await trunksOn(rest, token)) === 2), 'the trunks run on the first node');
  return { first, second, rest, token, secondRest, secondToken, phone, providerPort, otherProviderPort, queueId: Number(queue['id']) };
}
