/**
 * The HA configuration API on a running node (seed HA-03, HA-04): `PUT /ha` as a master makes the
 * registrar hold phones to 180/300/240 s at once and points the default registrar's backups to
 * the slave; disabling HA blanks them and gives back the configured expiry limits. The status and
 * switchover of a node without an HA runtime, over REST and the control WebSocket.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openControlClient } from '../support/control-client.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { answerChallenge, openUdpClient, registerRequest, type SipResponse } from '../support/sip-test-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { sipMessage } from '../../transport/index.ts';

const SLAVE = '192.0.2.20';
const HA = '/api/confd/1.1/ha';
const DEFAULT_REGISTRAR = '/api/confd/1.1/registrars/default';

let testNode: TestNode;
let rest: RestClient;
let token = '';

before(async () => {
  // Limits unlike the HA ones, so that each side of the switch shows.
  testNode = await startTestNode({ extraArgs: ['--registrar-min-expires', '30', '--registrar-max-expires', '3600', '--registrar-default-expires', '600'] });
  rest = restClient(testNode.httpPort);
  token = await rest.login('admin', testNode.adminPassword);
});
after(() => testNode.close());

/** Registers 1001 asking `expires` seconds, answering the digest challenge; the final response. */
async function register(expires: number): Promise<SipResponse> {
  const client = await openUdpClient();
  try {
    const base = { user: '1001', host: '127.0.0.1', port: testNode.sipPort, transport: 'UDP' as const, localPort: client.port, callId: randomBytes(8).toString('hex'), expires };
    const challenged = await client.exchange(registerRequest({ ...base, cseq: 1 }), testNode.sipPort);
    const authorization = answerChallenge(challenged, 'MD5', { user: '1001', password: testNode.passwords['1001'], uri: `sip:127.0.0.1:${testNode.sipPort}` });
    return await client.exchange(registerRequest({ ...base, cseq: 2, authorization }), testNode.sipPort);
  } finally {
    client.close();
  }
}

/** The expiry granted to the contact of a 200 OK. */
const granted = (response: SipResponse) => [response.status, Number(/expires=(\d+)/i.exec(sipMessage.getHeaders(response, 'contact').join(','))?.[1])];
const backups = async () => {
  const registrar = (await rest.request(DEFAULT_REGISTRAR, { token })).body as Record<string, unknown>;
  return [registrar['backup_host'], registrar['proxy_backup_host']];
};

describe('PUT /ha on a running node', () => {
  it('MUST start disabled, with the configured expiry limits and no backups', async () => {
    const [configuration, response] = [(await rest.request(HA, { token })).body, await register(3600)];
    assert.deepEqual([configuration, granted(response), await backups()], [{ node_type: 'disabled', remote_address: '' }, [200, 3600], [null, null]]);
  });

  it("MUST refuse the node's own address as the remote one with 400, changing nothing", async () => {
    const answer = await rest.request(HA, { method: 'PUT', token, body: { node_type: 'master', remote_address: '127.0.0.1' } });
    assert.deepEqual([answer.status, (await rest.request(HA, { token })).body], [400, { node_type: 'disabled', remote_address: '' }]);
  });

  it('MUST, once master of a slave, grant 300 s to a REGISTER asking 3600 and answer 423 with Min-Expires 180 to one asking 60', async () => {
    const answer = await rest.request(HA, { method: 'PUT', token, body: { node_type: 'master', remote_address: SLAVE } });
    assert.equal(answer.status, 204);
    const [long, short] = [await register(3600), await register(60)];
    assert.deepEqual([granted(long), short.status, sipMessage.getHeader(short, 'min-expires')], [[200, 300], 423, '180']);
  });

  it("MUST, once master, show the slave's address as the default registrar's backup registrar and proxy, and refuse to change them", async () => {
    const change = await rest.request(DEFAULT_REGISTRAR, { method: 'PUT', token, body: { backup_host: '192.0.2.99' } });
    assert.deepEqual([await backups(), change.status], [[SLAVE, SLAVE], 400]);
  });

  it('MUST, once disabled, blank the backups and hold REGISTERs to the configured limits again', async () => {
    const answer = await rest.request(HA, { method: 'PUT', token, body: { node_type: 'disabled' } });
    const [long, short] = [await register(3600), await register(60)];
    assert.deepEqual([answer.status, await backups(), granted(long), granted(short)], [204, [null, null], [200, 3600], [200, 60]]);
  });
});

describe("confd's OpenAPI document", () => {
  it('MUST list the HA and registrar routes, with the body of PUT /ha', async () => {
    const paths = ((await rest.request('/api/confd/1.1/api/api.yml')).body as { paths: Record<string, Record<string, { requestBody?: unknown }>> }).paths;
    const listed = ['/ha', '/ha/status', '/ha/switchover', '/registrars', '/registrars/{registrar_id}'].filter((path) => paths[path] !== undefined);
    assert.deepEqual([listed.length, paths['/ha']?.['put']?.requestBody !== undefined], [5, true]);
  });
});

describe('the HA status and switchover of a node without an HA runtime', () => {
  it('MUST answer a standalone status over REST and refuse a switchover with 409', async () => {
    const [status, switchover] = [await rest.request(`${HA}/status`, { token }), await rest.request(`${HA}/switchover`, { method: 'POST', token, body: {} })];
    assert.deepEqual([(status.body as { role: string }).role, (status.body as { nodes: unknown[] }).nodes.length, switchover.status], ['standalone', 1, 409]);
  });

  it('MUST answer ha.status and refuse ha.switchover as conflict over the control WebSocket', async () => {
    const client = await openControlClient(`ws://127.0.0.1:${testNode.httpPort}/api/control?token=${token}`);
    try {
      await client.waitFor((frame) => frame.type === 'welcome');
      const [status, switchover] = [await client.command('s', 'ha.status'), await client.command('w', 'ha.switchover', { target: 'other-node' })];
      assert.deepEqual([(status['result'] as { role: string }).role, (switchover['error'] as { code: string }).code], ['standalone', 'conflict']);
    } finally {
      client.close();
    }
  });
});
