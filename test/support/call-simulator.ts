/**
 * A deterministic, in-memory world for the pure call and channel machines: it delivers their
 * messages, runs their timers on a simulated clock, plays the network (the far ends of the SIP
 * legs) and the routing port, and records what the machines ask of the media and the store.
 * Property tests drive it with random actions and check the invariants of a call.
 */
import { actorAddress, NO_TIMERS, type KernelMessage } from '../../actors/index.ts';
import { call, channel } from '../../actors/index.ts';

type Snapshot = call.CallSnapshot | channel.ChannelSnapshot;
type AnyMessage = call.CallMessage | channel.ChannelMessage | KernelMessage;
interface Actor { kind: 'call' | 'channel'; id: string; snapshot: Snapshot; timers: Map<string, number>; stopped: boolean }

export interface SimulatorRecord {
  readonly logs: call.CallLogEntry[];
  mediaReleased: number;
  /** Every event published, with the channel it is about. */
  readonly events: { readonly name: string; readonly callId: string; readonly handoverId?: string }[];
  /** The commands the call sent to the caller's channel, in order (`channel.answer`, `channel.progress`…). */
  readonly callerCommands: string[];
  /** What the call told its queue (`queue.enter`, `queue.member_answered`…), in order. */
  readonly queueReports: call.QueueCallEffect[];
}

/** What a far end can do to its leg, as the SIP leg reports it. */
export const FAR_END_FACTS = {
  ringing: { type: 'sip.provisional', status: 180 },
  early: { type: 'sip.provisional', status: 183, sdp: 'early' },
  answer: { type: 'sip.answered', sdp: 'answer' },
  busy: { type: 'sip.failed', status: 486, reason: 'Busy Here' },
  decline: { type: 'sip.failed', status: 603, reason: 'Decline' },
  timeout: { type: 'sip.failed', status: 408, reason: 'Request Timeout' },
  cancel: { type: 'sip.cancelled' },
  bye: { type: 'sip.bye_received' },
  hold: { type: 'sip.reinvite_received', sdp: 'a=sendonly', hold: true },
  resume: { type: 'sip.reinvite_received', sdp: 'a=sendrecv', hold: false },
} as const satisfies Record<string, channel.SipLegFact>;

export type FarEndAction = keyof typeof FAR_END_FACTS;

export class CallSimulator {
  now = 1_000_000;
  readonly actors = new Map<string, Actor>();
  readonly queue: { to: string; message: AnyMessage }[] = [];
  readonly record: SimulatorRecord = { logs: [], mediaReleased: 0, events: [], callerCommands: [], queueReports: [] };
  readonly pendingRoutes: call.RouteReason[] = [];
  /** Handovers whose consult leg the call asked the media to open. */
  readonly pendingConsults: string[] = [];
  /** Prompts playing on the caller's leg (`media.play` not yet stopped nor finished), oldest first. */
  readonly pendingPlays: number[] = [];
  readonly callId: string;
  crashed = false;
  #legCounter = 0;

  constructor(callId: string) {
    this.callId = callId;
    const callerChannel = `${callId}-0`;
    this.actors.set(`call/${callId}`, {
      kind: 'call', id: callId, timers: new Map(), stopped: false,
      snapshot: call.newCall(callId, { channelId: callerChannel, name: 'Alice', number: '1001', context: 'default', userUuid: 'u1' }, '1002', { callerAnswerSdp: 'a', calleeOfferSdp: 'o' }, this.now),
    });
    this.actors.set(`channel/${callerChannel}`, { kind: 'channel', id: callerChannel, timers: new Map(), stopped: false, snapshot: channel.inboundChannel(callerChannel, actorAddress('call', callId), this.now, 'offer') });
    // call.start is the first message in a new call's mailbox: the service sends it right after the spawn.
    this.deliver(`call/${callId}`, { type: 'call.start' });
  }

  get callSnapshot(): call.CallSnapshot {
    return this.actors.get(`call/${this.callId}`)?.snapshot as call.CallSnapshot;
  }

  channels(): Actor[] {
    return [...this.actors.values()].filter((actor) => actor.kind === 'channel');
  }

  /** Delivers one queued message; false when none is left. */
  deliverNext(): boolean {
    const next = this.queue.shift();
    if (next === undefined) return false;
    this.deliver(next.to, next.message);
    return true;
  }

  deliver(key: string, message: AnyMessage): void {
    const actor = this.actors.get(key);
    if (actor === undefined || actor.stopped) return;
    const env = { now: this.now, self: actorAddress(actor.kind, actor.id), from: undefined, timers: NO_TIMERS, newChannelId: () => `${this.callId}-${++this.#legCounter}` };
    const result = actor.kind === 'call'
      ? call.callMachine.transition(actor.snapshot as call.CallSnapshot, message as call.CallMessage | KernelMessage, env)
      : channel.channelMachine.transition(actor.snapshot as channel.ChannelSnapshot, message as channel.ChannelMessage | KernelMessage, env);
    if (result.type !== 'handled') return;
    actor.snapshot = result.snapshot;
    for (const effect of result.effects) this.run(actor, effect as { type: string } & Record<string, unknown>);
  }

  private run(actor: Actor, effect: { type: string } & Record<string, unknown>): void {
    switch (effect.type) {
      case 'send': {
        const to = effect['to'] as { kind: string; id: string };
        if (actor.kind === 'call' && to.id === `${this.callId}-0`) this.record.callerCommands.push((effect['message'] as { type: string }).type);
        this.queue.push({ to: `${to.kind}/${to.id}`, message: effect['message'] as AnyMessage });
        return;
      }
      case 'timer.start':
        actor.timers.set(effect['name'] as string, this.now + ((effect['delayMs'] as number | undefined) ?? 0));
        return;
      case 'timer.cancel':
        actor.timers.delete(effect['name'] as string);
        return;
      case 'stop':
        actor.stopped = true;
        actor.timers.clear();
        return;
      case 'channel.spawn': {
        const id = effect['channelId'] as string;
        this.actors.set(`channel/${id}`, { kind: 'channel', id, timers: new Map(), stopped: false, snapshot: channel.outboundChannel(id, actorAddress('call', this.callId), this.now) });
        return;
      }
      case 'route.resolve':
        this.pendingRoutes.push(effect['reason'] as call.RouteReason);
        return;
      case 'call_log.write':
        this.record.logs.push(effect['log'] as call.CallLogEntry);
        return;
      case 'media.release':
        this.record.mediaReleased += 1;
        return;
      case 'event.publish': {
        const data = effect['data'] as { call_id?: string; id?: string; uuid?: string };
        const handoverId = data.id ?? data.uuid;
        this.record.events.push({ name: effect['name'] as string, callId: data.call_id ?? '', ...(handoverId === undefined ? {} : { handoverId }) });
        return;
      }
      case 'media.consult_open':
        this.pendingConsults.push(effect['handoverId'] as string);
        return;
      case 'media.play':
        this.pendingPlays.push(effect['playId'] as number);
        return;
      case 'media.stop_play': {
        const at = this.pendingPlays.indexOf(effect['playId'] as number);
        if (at >= 0) this.pendingPlays.splice(at, 1);
        return;
      }
      case 'queue.enter':
      case 'queue.abandon':
      case 'queue.member_answered':
      case 'queue.member_failed':
      case 'queue.call_ended':
        this.record.queueReports.push(effect as unknown as call.QueueCallEffect);
        return;
      default:
        return; // SIP and media effects: the far ends answer through the actions of the test.
    }
  }

  /** Advances the clock to the next armed timer and fires it; false when none is armed. */
  fireNextTimer(): boolean {
    let soonest: { actor: Actor; name: string; at: number } | undefined;
    for (const actor of this.actors.values()) {
      if (actor.stopped) continue;
      for (const [name, at] of actor.timers) if (soonest === undefined || at < soonest.at) soonest = { actor, name, at };
    }
    if (soonest === undefined) return false;
    this.now = Math.max(this.now, soonest.at);
    soonest.actor.timers.delete(soonest.name);
    this.deliver(`${soonest.actor.kind}/${soonest.actor.id}`, { type: 'sys.timer.fired', name: soonest.name });
    return true;
  }

  /** The oldest prompt playing ends (played out, or not found); false when none plays. */
  finishPlay(): boolean {
    const playId = this.pendingPlays.shift();
    if (playId === undefined) return false;
    this.deliver(`call/${this.callId}`, { type: 'call.play_finished', playId });
    return true;
  }

  /** The caller presses a key (a `leg.dtmf` of the caller's leg). */
  pressDigit(digit: string): void {
    this.deliver(`call/${this.callId}`, { type: 'call.dtmf', party: 'caller', digit });
  }

  /**
   * Every actor of the call moves to another node: its snapshot and its timers' deadlines are
   * carried through JSON, as a replica is, and it goes on from them (the messages in flight follow).
   */
  migrate(): void {
    for (const actor of this.actors.values()) {
      actor.snapshot = JSON.parse(JSON.stringify(actor.snapshot)) as Snapshot;
      actor.timers = new Map(Object.entries(JSON.parse(JSON.stringify(Object.fromEntries(actor.timers))) as Record<string, number>));
    }
  }

  /** The call actor crashes: the supervisor ends the call from its last snapshot. */
  crashCall(): void {
    const actor = this.actors.get(`call/${this.callId}`);
    if (actor === undefined || actor.stopped) return;
    actor.stopped = true;
    actor.timers.clear();
    this.crashed = true;
    for (const effect of call.crashedCallCleanup(actor.snapshot as call.CallSnapshot, this.now)) this.run(actor, effect as { type: string } & Record<string, unknown>);
  }

  /** Runs until nothing moves: messages delivered, routes answered `refuse`, prompts played out, timers fired. */
  settle(): void {
    for (let guard = 0; guard < 10_000; guard += 1) {
      if (this.deliverNext()) continue;
      if (this.pendingRoutes.length > 0) {
        this.pendingRoutes.shift();
        this.deliver(`call/${this.callId}`, { type: 'call.routed', outcome: { type: 'refuse', cause: channel.CAUSES.notFound } });
        continue;
      }
      const consult = this.pendingConsults.shift();
      if (consult !== undefined) {
        this.deliver(`call/${this.callId}`, { type: 'call.consult_failed', id: consult, reason: 'settling' });
        continue;
      }
      if (this.finishPlay()) continue;
      if (!this.fireNextTimer()) return;
    }
    throw new Error('the simulation did not settle');
  }
}
