/**
 * Mixing cost: the work of one 20 ms mixer tick for rooms of 3, 10 and 30 members, against the
 * work of relaying the same number of two-party sessions for 20 ms, in the same process.
 *
 * Run with `npm run bench:mixer`. Everything runs on the main thread on a manual clock, so only
 * CPU work is timed, not waiting: each member's phone packet (20 ms of G.711, A-law and µ-law
 * members alternating) is handed to its leg's socket handler as if it had arrived (parse, latch,
 * receive counters, decode, queue), then the clock moves 20 ms and the mixer ticks (take, talk
 * detection, sum, N-1 mix, encode, RTP stamping, one real UDP send per member to a sink socket).
 * The baseline relays, per session and per 20 ms, one packet each way between its two legs
 * (parse, latch, counters, transcode, stamping, one real UDP send per packet), which is what the
 * same phones cost in ordinary two-party calls. Rounds of both alternate after a warm-up; figures
 * are medians over rounds, the ratio the median of per-round ratios. It prints; it asserts nothing.
 */
import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket } from 'node:dgram';
import { encodeG711, G711_PAYLOAD_TYPES } from '../../media-workers/codecs/g711.ts';
import type { G711Codec } from '../../media-workers/codecs/g711.ts';
import { isMediaFailure } from '../../media-workers/errors.ts';
import type { LegSnapshot, MediaSessionId, MixerId } from '../../media-workers/media-protocol.ts';
import { Mixer } from '../../media-workers/mixer/mixer.ts';
import { serializeRtpPacket } from '../../media-workers/rtp/rtp-packet.ts';
import { MediaSession } from '../../media-workers/session/media-session.ts';
import { bindSocketPair } from '../../media-workers/session/udp-socket-pair.ts';
import type { UdpSocketPair } from '../../media-workers/session/udp-socket-pair.ts';
import { ManualClock } from '../../media-workers/testing/manual-clock.ts';
import { freeRtpPort } from '../../media-workers/testing/udp-phone.ts';

const ROOM_SIZES = [3, 10, 30] as const;
const TICKS_PER_ROUND = 250;
const ROUNDS = 7;
const WARM_UP_ROUNDS = 2;

type Leg = { readonly pair: UdpSocketPair; readonly codec: G711Codec; sequenceNumber: number };
type Bench = { readonly clock: ManualClock; readonly sessions: MediaSession[]; readonly legs: [Leg, Leg][]; readonly close: () => void };

const sink = createSocket('udp4');
await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', () => resolve()));
sink.on('message', () => undefined);
const sinkRemote: RemoteInfo = { address: '127.0.0.1', port: sink.address().port, family: 'IPv4', size: 172 };

async function bindLeg(): Promise<UdpSocketPair> {
  for (;;) {
    const pair = await bindSocketPair('127.0.0.1', await freeRtpPort());
    if (!isMediaFailure(pair)) return pair;
  }
}

function legSnapshot(pair: UdpSocketPair, codec: G711Codec): LegSnapshot {
  const port = (pair.rtp as Socket).address().port;
  return { config: { rtpPort: port, codec, remote: { address: sinkRemote.address, port: sinkRemote.port } }, outbound: { ssrc: port, nextSequenceNumber: 1, lastTimestamp: 0, lastSentAtMs: 0 } };
}

async function openSessions(count: number): Promise<Bench> {
  const clock = new ManualClock(1_000_000);
  const sessions: MediaSession[] = [];
  const legs: [Leg, Leg][] = [];
  for (let index = 0; index < count; index += 1) {
    const codec: G711Codec = index % 2 === 0 ? 'PCMA' : 'PCMU';
    const pairA = await bindLeg();
    const pairB = await bindLeg();
    sessions.push(new MediaSession(`bench-${index}` as MediaSessionId, [legSnapshot(pairA, codec), legSnapshot(pairB, 'PCMA')], [pairA, pairB], clock, () => undefined));
    legs.push([{ pair: pairA, codec, sequenceNumber: 1 }, { pair: pairB, codec: 'PCMA', sequenceNumber: 1 }]);
  }
  return { clock, sessions, legs, close: () => sessions.forEach((session) => session.close()) };
}

const SPEECH = Int16Array.from({ length: 160 }, (_, index) => Math.round(3000 * Math.sin((2 * Math.PI * 440 * index) / 8000)));
const PAYLOADS: Record<G711Codec, Uint8Array> = { PCMA: encodeG711('PCMA', SPEECH), PCMU: encodeG711('PCMU', SPEECH) };

/** Hands one 20 ms packet to a leg as if it had arrived from its phone. */
function arrive(leg: Leg): void {
  leg.sequenceNumber += 1;
  const bytes = serializeRtpPacket({ marker: false, payloadType: G711_PAYLOAD_TYPES[leg.codec], sequenceNumber: leg.sequenceNumber & 0xffff, timestamp: leg.sequenceNumber * 160, ssrc: 0x1234, csrcs: [], paddingLength: 0, payload: PAYLOADS[leg.codec] });
  leg.pair.rtp.emit('message', Buffer.from(bytes), sinkRemote);
}

/** Microseconds per 20 ms of a mixer with every session a member, every member talking. */
function mixRound(bench: Bench, mixer: Mixer): number {
  const started = process.hrtime.bigint();
  for (let tick = 0; tick < TICKS_PER_ROUND; tick += 1) {
    for (const [legA] of bench.legs) arrive(legA);
    bench.clock.advanceTo(bench.clock.nowMs() + 20);
  }
  return Number(process.hrtime.bigint() - started) / 1000 / TICKS_PER_ROUND;
}

/** Microseconds per 20 ms of relaying every session's two directions. */
function relayRound(bench: Bench): number {
  const started = process.hrtime.bigint();
  for (let tick = 0; tick < TICKS_PER_ROUND; tick += 1) {
    for (const [legA, legB] of bench.legs) {
      arrive(legA);
      arrive(legB);
    }
    bench.clock.advanceTo(bench.clock.nowMs() + 20);
  }
  return Number(process.hrtime.bigint() - started) / 1000 / TICKS_PER_ROUND;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

console.log(`${'room'.padEnd(10)}${'mixer µs/tick'.padStart(16)}${'relay µs/20 ms'.padStart(18)}${'ratio'.padStart(10)}${'µs/member'.padStart(12)}`);
for (const size of ROOM_SIZES) {
  const mixed = await openSessions(size);
  const relayed = await openSessions(size);
  const mixer = new Mixer(`bench-room-${size}` as MixerId, undefined, mixed.clock, () => undefined);
  for (const session of mixed.sessions) mixer.join(session, false);
  const mixerCosts: number[] = [];
  const relayCosts: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round += 1) {
    const mixCost = mixRound(mixed, mixer);
    const relayCost = relayRound(relayed);
    if (round < WARM_UP_ROUNDS) continue;
    mixerCosts.push(mixCost);
    relayCosts.push(relayCost);
    ratios.push(mixCost / relayCost);
  }
  const mixCost = median(mixerCosts);
  console.log(`${`${size} members`.padEnd(10)}${mixCost.toFixed(1).padStart(16)}${median(relayCosts).toFixed(1).padStart(18)}${median(ratios).toFixed(2).padStart(10)}${(mixCost / size).toFixed(1).padStart(12)}`);
  mixer.destroy();
  mixed.close();
  relayed.close();
}
console.log(`(medians of ${ROUNDS} interleaved rounds of ${TICKS_PER_ROUND} ticks after ${WARM_UP_ROUNDS} warm-up rounds; the relay baseline moves one packet each way per session per 20 ms; ratio = mixer / relay, per round)`);
sink.close();
