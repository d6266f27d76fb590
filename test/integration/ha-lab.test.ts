/**
 * The high-availability lab: two parley nodes as processes in network namespaces, sharing one
 * PostgreSQL schema and one Redis key prefix, behind a virtual service address that moves between
 * the namespaces. Fifty calls go through the virtual address, each with RTP measured both ways by
 * the test, and end with a normal BYE and a call log each; then the address moves to node B.
 *
 * @remarks
 * Needs root (network namespaces, veth pairs, a bridge): CI runs as root; elsewhere the suite is
 * skipped with the reason. The figures (packets per direction, the largest gap per call) are
 * printed for comparison with the failover tests, which measure the outage the same way.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listCallLogs } from '../../store/index.ts';
import { crossedMedia, formatMs, relayedByTwo } from '../support/call-media-figures.ts';
import { freeSipPort } from '../support/free-port.ts';
import { startHaLab, type HaLab } from '../support/ha-lab.ts';
import { LAB_HTTP_PORT, LAB_SIP_PORT } from '../support/lab-node.ts';
import { startMeasuredCalls, type MeasuredCalls } from '../support/measured-calls.ts';
import { netnsLabUnavailable } from '../support/netns-lab.ts';
import { routeOutToProvider } from '../support/provider-outcall.ts';
import { restClient } from '../support/rest-client.ts';
import { nowMs, PACKET_INTERVAL_MS } from '../support/rtp-meter.ts';
import { waitUntil } from '../support/wait-until.ts';

const CALLS = 50;
/** How long the media of all calls is measured before they hang up. */
const MEASURED_MS = 3_000;
const unavailable = await netnsLabUnavailable();

describe('the HA lab: two nodes in network namespaces behind a virtual address', { skip: unavailable ?? false }, () => {
  let ha: HaLab;
  let providerPort = 0;
  let calls: MeasuredCalls | undefined;

  before(async () => {
    ha = await startHaLab({ name: 'halab' });
    const rest = restClient(LAB_HTTP_PORT, ha.nodes.a.address);
    const token = await rest.login('admin', ha.adminPassword);
    providerPort = await freeSipPort();
    await routeOutToProvider(rest, token, ha.database, `${ha.lab.bridgeAddress}:${String(providerPort)}`);
  });
  after(async () => {
    await calls?.close();
    await ha?.close();
  });

  it(`MUST carry ${String(CALLS)} calls through the virtual address with RTP both ways on each, end them with BYE and log each call`, async () => {
    const sinceMs = Date.now();
    calls = await startMeasuredCalls({
      count: CALLS, target: { address: ha.lab.virtualAddress, port: LAB_SIP_PORT }, localAddress: ha.lab.bridgeAddress,
      dialed: '0555000', user: '1001', password: ha.demoPassword, calleePort: providerPort,
    });
    const measured = calls;
    await measured.waitUntilFlowing(90_000);
    const packetsExpected = MEASURED_MS / PACKET_INTERVAL_MS;
    const enough = await waitUntil(() => {
      const figures = measured.figures();
      return figures.calls.every((call) => call.callerToCallee.received >= packetsExpected && call.calleeToCaller.received >= packetsExpected);
    }, { timeoutMs: 4 * MEASURED_MS, intervalMs: 100 });
    const figures = measured.figures(measured.flowingSinceMs, nowMs());
    const lowest = Math.min(...figures.calls.flatMap((call) => [call.callerToCallee.received, call.calleeToCaller.received]));
    console.log(`ha-lab: ${String(CALLS)} calls through ${ha.lab.virtualAddress} on ${ha.nodes.a.nodeName}, measured ${formatMs(nowMs() - measured.flowingSinceMs)}`);
    console.log(`ha-lab: packets caller→callee ${String(figures.received.callerToCallee)}, callee→caller ${String(figures.received.calleeToCaller)}, lowest per call and direction ${String(lowest)}`);
    console.log(`ha-lab: largest gap per call: median ${formatMs(figures.largestGapMs.median)}, max ${formatMs(figures.largestGapMs.max)} (the meter's own largest send interval ${formatMs(figures.largestSendIntervalMs)})`);
    assert.ok(enough, `every call and direction received ${String(packetsExpected)} packets; lowest ${String(lowest)}`);
    const callees = new Set(measured.calls.map((call) => call.callee?.index));
    assert.equal(callees.size, CALLS, 'every caller hears a callee of its own');
    assert.ok([...callees].every((index) => index !== undefined && index >= CALLS), 'what a caller hears comes from a callee');
    assert.deepEqual(crossedMedia(measured.meter.endpoints).map((endpoint) => endpoint.index), [], 'no endpoint hears two others');
    assert.deepEqual(relayedByTwo(measured.meter.endpoints).map((endpoint) => endpoint.index), [], 'one node relays each call');

    const { callers, callees: answering } = await measured.hangUp();
    assert.equal(callers.exitCode, 0, callers.errors || callers.stdout);
    assert.equal(callers.successfulCalls, CALLS, callers.stdout);
    assert.equal(answering.exitCode, 0, answering.errors || answering.stdout);
    assert.equal(answering.successfulCalls, CALLS, answering.stdout);

    const logged = await waitUntil(async () => {
      const logs = await listCallLogs(ha.database, { fromMs: sinceMs, limit: 2 * CALLS });
      return logs.items.length >= CALLS && logs.items.every((log) => log.answered && log.endedAtMs !== null);
    }, { timeoutMs: 15_000, intervalMs: 200 });
    const logs = await listCallLogs(ha.database, { fromMs: sinceMs, limit: 2 * CALLS });
    assert.ok(logged, `call logs: ${String(logs.items.length)}, answered and ended: ${String(logs.items.filter((log) => log.answered && log.endedAtMs !== null).length)}`);
    assert.equal(logs.items.length, CALLS);
  });

  it('MUST reach node B at the virtual address once the address moved to its namespace with a gratuitous ARP', async () => {
    assert.equal((await ha.nodes.a.health(ha.lab.virtualAddress))?.node, ha.nodes.a.nodeName, 'node A serves the virtual address first');
    const movedMs = Date.now();
    await ha.lab.removeVirtualAddress('a');
    await ha.lab.addVirtualAddress('b');
    assert.deepEqual(await ha.lab.virtualAddressHolders(), ['b']);
    const servedMs = await ha.servedBy('b', 5_000);
    console.log(`ha-lab: ${ha.nodes.b.nodeName} serves ${ha.lab.virtualAddress} ${String(servedMs - movedMs)} ms after the address began to move`);
  });

  it('MUST carry calls through the virtual address on node B, on the configuration node A wrote', async () => {
    await calls?.close();
    calls = await startMeasuredCalls({
      count: 5, target: { address: ha.lab.virtualAddress, port: LAB_SIP_PORT }, localAddress: ha.lab.bridgeAddress,
      dialed: '0555000', user: '1001', password: ha.demoPassword, calleePort: providerPort,
    });
    await calls.waitUntilFlowing(30_000);
    const { callers, callees } = await calls.hangUp();
    assert.equal(callers.successfulCalls + callees.successfulCalls, 10, callers.errors || callees.errors);
  });

  it('MUST end a node at once with kill -9 and start it again, healthy, on the same installation', async () => {
    const pid = ha.nodes.a.child.pid;
    await ha.nodes.a.kill9();
    assert.equal(await ha.nodes.a.exited, 'SIGKILL');
    assert.equal(await ha.nodes.a.health(), undefined, 'nothing answers on node A');
    const restarted = await ha.restart('a');
    assert.notEqual(restarted.child.pid, pid);
    assert.equal((await restarted.health())?.status, 200);
  });
});
