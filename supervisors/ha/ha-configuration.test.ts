/**
 * The node's HA configuration over a real database and a real SIP registrar: what `configure`
 * stores, the expiry limits it sets (180/300/240 s while HA is enabled, the configuration keys'
 * otherwise), the default registrar's main and backup hosts derived from every node sharing the
 * database, what `start` applies again, and the delegation to the HA runtime when there is one.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { HaConfiguration, HaStatusView, SwitchoverResult } from '../../api/index.ts';
import { createMigratedTestDatabase, findRegistrar, type RegistrarRow, type TestDatabase } from '../../store/index.ts';
import { createDigestAuthenticator, createMemoryLocationStore, createRegistrar, type Registrar } from '../../transport/index.ts';
import { createLogger } from '../logging/create-logger.ts';
import { createHaConfiguration, type HaConfigurationService, type HaRuntime } from './ha-configuration.ts';
import { HA_EXPIRY_POLICY } from './ha-side-effects.ts';

const CONFIGURED = { minExpiresS: 60, maxExpiresS: 3600, defaultExpiresS: 1800 };
const ALPHA = '192.0.2.1';
const BETA = '192.0.2.2';
const silent = createLogger({ level: 'warn', nodeName: 'test', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

function sipRegistrar(): Registrar {
  const clock = { now: () => Date.now() };
  const authenticator = createDigestAuthenticator({ realm: 'test', nonceSecret: randomBytes(16), clock, random: (size) => randomBytes(size), lookup: () => Promise.resolve(undefined) });
  return createRegistrar({ store: createMemoryLocationStore({ clock }), authenticator, clock, ...CONFIGURED, maxContactsPerAor: 5 });
}

interface Node {
  readonly ha: HaConfigurationService;
  readonly registrar: Registrar;
}

function node(db: TestDatabase, nodeName: string, sipAddress: string, runtime?: HaRuntime): Node {
  const registrar = sipRegistrar();
  const ha = createHaConfiguration({
    nodeName, sipAddress, sipPort: 5060, configuredExpiry: CONFIGURED, database: db, registrar: () => registrar,
    ...(runtime === undefined ? {} : { runtime: () => runtime }), activeCallCount: () => 2, logger: silent,
  });
  return { ha, registrar };
}

const backups = (row: RegistrarRow | undefined) => [row?.mainHost, row?.backupHost, row?.proxyMainHost, row?.proxyBackupHost];

describe('the HA configuration of a node', () => {
  let db: TestDatabase;
  let alpha: Node;
  let beta: Node;
  before(async () => {
    db = await createMigratedTestDatabase('postgres');
  });
  after(() => db.close());
  beforeEach(async () => {
    await db.query('DELETE FROM ha_node');
    await db.query('DELETE FROM registrar');
    alpha = node(db, 'alpha', ALPHA);
    beta = node(db, 'beta', BETA);
    await alpha.ha.start();
    await beta.ha.start();
  });

  it('MUST start disabled, with the configured expiry limits and a default registrar at the first node without backups', async () => {
    assert.deepEqual([await alpha.ha.configuration(), alpha.registrar.expiryPolicy()], [{ node_type: 'disabled', remote_address: '' }, CONFIGURED]);
    assert.deepEqual(backups(await findRegistrar(db, 'default')), [ALPHA, null, ALPHA, null]);
  });

  it('MUST, configured master, force 180/300/240 s at once and point the backups to its slave', async () => {
    await alpha.ha.configure({ node_type: 'master', remote_address: BETA });
    assert.deepEqual([alpha.registrar.expiryPolicy(), alpha.ha.expiryPolicy()], [HA_EXPIRY_POLICY, HA_EXPIRY_POLICY]);
    assert.deepEqual(backups(await findRegistrar(db, 'default')), [ALPHA, BETA, ALPHA, BETA]);
  });

  it('MUST, configured slave, point the main hosts to its master and the backups to itself', async () => {
    await db.query("UPDATE registrar SET main_host = '198.51.100.9'");
    await beta.ha.configure({ node_type: 'slave', remote_address: ALPHA });
    assert.deepEqual([beta.registrar.expiryPolicy(), await beta.ha.configuration()], [HA_EXPIRY_POLICY, { node_type: 'slave', remote_address: ALPHA }]);
    assert.deepEqual(backups(await findRegistrar(db, 'default')), [ALPHA, BETA, ALPHA, BETA]);
  });

  it('MUST, disabled again, give back the configured limits and blank the backups', async () => {
    await alpha.ha.configure({ node_type: 'master', remote_address: BETA });
    await alpha.ha.configure({ node_type: 'disabled', remote_address: '' });
    assert.deepEqual(alpha.registrar.expiryPolicy(), CONFIGURED);
    assert.deepEqual(backups(await findRegistrar(db, 'default')), [ALPHA, null, ALPHA, null]);
  });

  it('MUST keep the backups while another node still has HA enabled, and blank them when the last one disables it', async () => {
    await alpha.ha.configure({ node_type: 'master', remote_address: BETA });
    await beta.ha.configure({ node_type: 'slave', remote_address: ALPHA });
    await alpha.ha.configure({ node_type: 'disabled', remote_address: '' });
    const whileSlave = backups(await findRegistrar(db, 'default'));
    await beta.ha.configure({ node_type: 'disabled', remote_address: '' });
    assert.deepEqual([whileSlave, backups(await findRegistrar(db, 'default'))], [[ALPHA, BETA, ALPHA, BETA], [ALPHA, null, ALPHA, null]]);
  });

  it('MUST, given two configurations at once, end with the limits of the one stored last', async () => {
    await Promise.all([alpha.ha.configure({ node_type: 'master', remote_address: BETA }), alpha.ha.configure({ node_type: 'disabled', remote_address: '' })]);
    assert.deepEqual([await alpha.ha.configuration(), alpha.registrar.expiryPolicy()], [{ node_type: 'disabled', remote_address: '' }, CONFIGURED]);
  });

  it('MUST apply the stored configuration again when the node starts anew, without touching the other node', async () => {
    await alpha.ha.configure({ node_type: 'master', remote_address: BETA });
    const restarted = node(db, 'alpha', ALPHA);
    await restarted.ha.start();
    assert.deepEqual([restarted.registrar.expiryPolicy(), beta.registrar.expiryPolicy()], [HA_EXPIRY_POLICY, CONFIGURED]);
  });

  it('MUST, without an HA runtime, answer a standalone status of this node only and refuse a switchover', async () => {
    await alpha.ha.configure({ node_type: 'master', remote_address: BETA });
    const status = await alpha.ha.status();
    assert.deepEqual(status, { enabled: true, role: 'standalone', epoch: null, masterNodeName: null, lastFailoverAt: null, nodes: [{ name: 'alpha', role: 'standalone', calls: 2 }] });
    assert.deepEqual(await alpha.ha.switchover('beta'), { type: 'refused', reason: 'the HA runtime is not running on this node' });
  });

  it('MUST tell the HA runtime each new configuration, and hand it the status and the switchover', async () => {
    const told: HaConfiguration[] = [];
    const view: HaStatusView = { enabled: true, role: 'master', epoch: 3, masterNodeName: 'gamma', lastFailoverAt: null, nodes: [] };
    const moved: SwitchoverResult = { type: 'ok', from: 'gamma', to: 'beta', migratedCalls: 1, droppedCalls: 0, durationMs: 10, rtpGapMs: null };
    const gamma = node(db, 'gamma', '192.0.2.3', { status: () => Promise.resolve(view), switchover: () => Promise.resolve(moved), drain: () => Promise.resolve({ type: 'refused', reason: 'no' }), undrain: () => Promise.resolve({ type: 'refused', reason: 'no' }), reconfigure: (c) => Promise.resolve(void told.push(c)) });
    await gamma.ha.start();
    await gamma.ha.configure({ node_type: 'master', remote_address: BETA });
    assert.deepEqual([told, await gamma.ha.status(), await gamma.ha.switchover()], [[{ node_type: 'master', remote_address: BETA }], view, moved]);
  });
});
