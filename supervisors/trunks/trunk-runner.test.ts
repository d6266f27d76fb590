/**
 * A trunk runner follows whether its node serves: on an HA slave it keeps its directory entry but
 * sends no REGISTER and no OPTIONS; on taking over it starts both at once; on standing down it
 * stops both without unregistering. The provider is a real UDP SIP peer on loopback that answers
 * every request 200 and records it; the runner uses the node's own SIP stack.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createSipStack, outbound, type SipStack } from '../../transport/index.ts';
import { createLogger } from '../logging/create-logger.ts';
import { startUdpSipPeer as startSipPeer, type HeardRequest } from '../../test/support/udp-sip-peer.ts';
import { waitUntil } from '../../test/support/wait-until.ts';
import { NO_IDENTITY_TRUST } from './trunk-identity.ts';
import type { TrunkPlan } from './trunk-plan.ts';
import { createTrunkRunner, type TrunkRunner } from './trunk-runner.ts';

const quiet = createLogger({ level: 'warn', nodeName: 'trunk-runner-test', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

let stack: SipStack;
before(async () => {
  stack = await createSipStack({ address: '127.0.0.1', port: 0, transports: ['udp'], handlers: {}, serverName: 'parley-test' });
});
after(async () => {
  await stack.close();
});

function plan(peerPort: number): TrunkPlan {
  return {
    id: 7, tenantUuid: 'tenant', context: 'from-extern', name: 'provider', credentials: null, dynamic: null, identity: NO_IDENTITY_TRUST, callerId: null, nat: false,
    peer: { transport: 'udp', host: '127.0.0.1', port: peerPort, explicitPort: true },
    registration: {
      transport: 'udp', remoteHost: '127.0.0.1', remotePort: peerPort, explicitPort: true, registrarUri: `sip:127.0.0.1:${String(peerPort)}`,
      addressOfRecord: 'sip:trunkuser@127.0.0.1', contactUser: 'trunkuser', username: 'trunkuser', password: 'trunkpass', expiresS: 60,
    },
    qualify: { transport: 'udp', host: '127.0.0.1', port: peerPort, periodMs: 300, timeoutMs: 1_000 },
  };
}

function runner(peerPort: number, serving: boolean): TrunkRunner {
  return createTrunkRunner({
    plan: plan(peerPort), layer: stack.transactionLayer, clock: outbound.createSystemClock(), localHost: '127.0.0.1', localPort: stack.local.port,
    resolve: (host) => Promise.resolve(host), userAgent: 'parley-test', onStatus: () => undefined, logger: quiet, serving,
  });
}

/** Lets the peer hear whatever was on its way (a REGISTER or OPTIONS takes well under this on loopback). */
async function quietFor(ms: number, heard: readonly HeardRequest[], count: number): Promise<boolean> {
  return !(await waitUntil(() => heard.length > count, { timeoutMs: ms }));
}

describe('trunk runner on an HA pair', () => {
  it('on a slave keeps its directory entry, sends no REGISTER and no OPTIONS, and shows not registered, reachability unknown', async () => {
    const peer = await startSipPeer();
    const trunk = runner(peer.port, false);
    await trunk.start();
    assert.ok(await quietFor(1_000, peer.heard, 0), JSON.stringify(peer.heard));
    assert.deepEqual(trunk.entry().peer, { transport: 'udp', address: '127.0.0.1', port: peer.port });
    assert.deepEqual(trunk.entry().registrar, { transport: 'udp', address: '127.0.0.1', port: peer.port });
    assert.equal(trunk.status().registration, 'unregistered');
    assert.equal(trunk.status().reachability, 'unknown');
    await trunk.stop(500);
    assert.deepEqual(peer.heard, [], 'a slave that stops has no binding to remove');
    await peer.close();
  });

  it('registers and probes at once when the node becomes master', async () => {
    const peer = await startSipPeer();
    const trunk = runner(peer.port, false);
    await trunk.start();
    trunk.serve(true);
    assert.ok(await waitUntil(() => trunk.status().registration === 'registered' && trunk.status().reachability === 'reachable', { timeoutMs: 3_000 }), JSON.stringify(trunk.status()));
    assert.ok(peer.heard.some((request) => request.method === 'REGISTER' && request.expires === '60'));
    assert.ok(peer.heard.some((request) => request.method === 'OPTIONS'));
    await trunk.stop(1_000);
    await peer.close();
  });

  it('stands down without a REGISTER of Expires 0, stops probing, and shows not registered, reachability unknown', async () => {
    const peer = await startSipPeer();
    const trunk = runner(peer.port, true);
    await trunk.start();
    assert.ok(await waitUntil(() => trunk.status().registration === 'registered' && trunk.status().reachability === 'reachable', { timeoutMs: 3_000 }), JSON.stringify(trunk.status()));
    trunk.serve(false);
    const heardAtStandDown = peer.heard.length;
    assert.equal(trunk.status().registration, 'unregistered');
    assert.equal(trunk.status().reachability, 'unknown');
    assert.equal(trunk.status().roundTripMs, null);
    await trunk.stop(500);
    assert.ok(await quietFor(1_000, peer.heard, heardAtStandDown), `after standing down the peer heard ${JSON.stringify(peer.heard.slice(heardAtStandDown))}`);
    assert.ok(!peer.heard.some((request) => request.method === 'REGISTER' && request.expires === '0'));
    await peer.close();
  });

  it('unregisters with Expires 0 when stopped while it serves (a deleted trunk, a node shutting down)', async () => {
    const peer = await startSipPeer();
    const trunk = runner(peer.port, true);
    await trunk.start();
    assert.ok(await waitUntil(() => trunk.status().registration === 'registered', { timeoutMs: 3_000 }));
    await trunk.stop(1_000);
    assert.ok(peer.heard.some((request) => request.method === 'REGISTER' && request.expires === '0'), JSON.stringify(peer.heard));
    await peer.close();
  });
});
