/**
 * Failover figures: two nodes in network namespaces behind a virtual address (the HA lab), 50
 * calls with RTP measured both ways, the master killed with `kill -9`, several times in a row
 * (each round kills the node that took over in the round before, restarted meanwhile as a slave).
 *
 * Run with `npm run bench:ha-failover` (root; ROUNDS=5 for more rounds). For each round it prints
 * the failover time (the kill to the slave answering at the virtual address) and each call's
 * largest RTP gap across the kill (median and max over the 50 calls), beside the baseline of the
 * same round: each call's largest gap in the second before the kill, measured the same way. It
 * ends with the medians over the rounds against the targets (failover ≤ 2 s, RTP gap ≤ 1 s); it
 * asserts nothing.
 */
import { Redis } from 'ioredis';
import { formatMs, median } from '../test/support/call-media-figures.ts';
import { freeSipPort } from '../test/support/free-port.ts';
import { startHaLab } from '../test/support/ha-lab.ts';
import { LAB_HTTP_PORT, LAB_SIP_PORT } from '../test/support/lab-node.ts';
import { startMeasuredCalls } from '../test/support/measured-calls.ts';
import { netnsLabUnavailable, type LabNodeName } from '../test/support/netns-lab.ts';
import { routeOutToProvider } from '../test/support/provider-outcall.ts';
import { restClient } from '../test/support/rest-client.ts';
import { nowMs } from '../test/support/rtp-meter.ts';
import { TEST_REDIS_URL } from '../test/support/test-node.ts';
import { waitUntil } from '../test/support/wait-until.ts';

const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const CALLS = 50;

const unavailable = await netnsLabUnavailable();
if (unavailable !== undefined) {
  console.log(`ha-failover bench skipped: ${unavailable}`);
  process.exit(0);
}
const ha = await startHaLab({ name: 'habench', bindServiceAddress: true, env: { PARLEY_HA_LEASE_MS: '1000' } });
const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
const rest = (node: LabNodeName) => restClient(LAB_HTTP_PORT, ha.nodes[node].address);
const token = (node: LabNodeName) => rest(node).login('admin', ha.adminPassword);
const role = async (node: LabNodeName): Promise<string | undefined> => ((await rest(node).request('/api/confd/1.1/ha/status', { token: await token(node) })).body as { role?: string } | undefined)?.role;
const rounds: { failoverMs: number; gapMedianMs: number; gapMaxMs: number; baselineMs: number }[] = [];
try {
  const providerPort = await freeSipPort();
  await routeOutToProvider(rest('a'), await token('a'), ha.database, `${ha.lab.bridgeAddress}:${String(providerPort)}`);
  for (const [node, type, other] of [['a', 'master', 'b'], ['b', 'slave', 'a']] as const) {
    await rest(node).request('/api/confd/1.1/ha', { method: 'PUT', token: await token(node), body: { node_type: type, remote_address: ha.nodes[other].address } });
  }
  await waitUntil(async () => (await role('a')) === 'master' && (await role('b')) === 'slave', { timeoutMs: 10_000 });
  let master: LabNodeName = 'a';
  for (let round = 1; round <= ROUNDS; round += 1) {
    const slave: LabNodeName = master === 'a' ? 'b' : 'a';
    const calls = await startMeasuredCalls({
      count: CALLS, target: { address: ha.lab.virtualAddress, port: LAB_SIP_PORT }, localAddress: ha.lab.bridgeAddress,
      dialed: '0555000', user: '1001', password: ha.demoPassword, calleePort: providerPort,
    });
    await calls.waitUntilFlowing(90_000);
    await waitUntil(async () => Object.values(await redis.hgetall(`${ha.redisKeyPrefix}ha:calls`)).filter((text) => {
      const replica = JSON.parse(text) as { call?: { data?: { state?: string } }; channels?: { session?: unknown }[] };
      return replica.call?.data?.state === 'established' && replica.channels?.length === 2 && replica.channels.every((leg) => leg.session !== undefined);
    }).length >= CALLS, { timeoutMs: 20_000, intervalMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const baseline = calls.figures(nowMs() - 1_000, nowMs()).largestGapMs.median;
    const killedAt = Date.now();
    const killedMs = nowMs();
    await ha.nodes[master].kill9();
    const servedAt = await ha.servedBy(slave, 10_000);
    await waitUntil(() => calls.measureGapAcross(killedMs).neverResumed.length === 0, { timeoutMs: 20_000, intervalMs: 100 });
    const gap = calls.measureGapAcross(killedMs);
    rounds.push({ failoverMs: servedAt - killedAt, gapMedianMs: gap.medianMs, gapMaxMs: gap.maxMs, baselineMs: baseline });
    console.log(`round ${String(round)}: ${ha.nodes[master].nodeName} killed; failover ${formatMs(servedAt - killedAt)}; RTP gap median ${formatMs(gap.medianMs)}, max ${formatMs(gap.maxMs)} (baseline largest gap ${formatMs(baseline)}, ×${(gap.medianMs / baseline).toFixed(1)}); calls that never resumed: ${String(gap.neverResumed.length)}`);
    await calls.hangUp();
    await calls.close();
    await ha.restart(master);
    await waitUntil(async () => (await role(master)) === 'slave', { timeoutMs: 10_000 });
    master = slave;
  }
  const failover = median(rounds.map((round) => round.failoverMs));
  const gapMedian = median(rounds.map((round) => round.gapMedianMs));
  const gapMax = median(rounds.map((round) => round.gapMaxMs));
  console.log(`\nmedian over ${String(rounds.length)} rounds of ${String(CALLS)} calls: failover ${formatMs(failover)} (target ≤ 2 s: ${failover <= 2_000 ? 'met' : 'missed'}); RTP gap median ${formatMs(gapMedian)}, max ${formatMs(gapMax)} (target ≤ 1 s: ${gapMax <= 1_000 ? 'met' : 'missed'}); steady-state largest gap ${formatMs(median(rounds.map((round) => round.baselineMs)))}`);
} finally {
  redis.disconnect();
  await ha.close();
}
