import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS, type KernelMessage } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import type { DialTarget } from '../channel/channel-messages.ts';
import { callMachine, RING_TIMEOUT } from './call-machine.ts';
import type { CallMessage } from './call-messages.ts';
import { newCall, type CallSnapshot } from './call-snapshot.ts';
import { calldTime, type CallEvent, type CallModel } from './call-events.ts';
import { crashedCallCleanup } from './call-crash.ts';

let legs = 0;
const env = (now: number) => ({ now, self: actorAddress('call', '1700000000.1'), from: undefined, timers: NO_TIMERS, newChannelId: () => `1700000000.${++legs + 1}` });
const contact = (port: number): DialTarget => ({ requestUri: `sip:1002@10.0.0.2:${port}`, destination: { transport: 'udp', address: '10.0.0.2', port }, toUri: 'sip:1002@pbx' });
const bob = { userId: 2, userUuid: 'uuid-bob', name: 'Bob', number: '1002', context: 'default' };
const fresh = (): CallSnapshot => {
  legs = 0;
  return newCall('1700000000.1', { channelId: '1700000000.1', name: 'Alice', number: '1001', context: 'default', userUuid: 'uuid-alice', lineId: 7, sipCallId: 'abc@phone' }, '1002', { callerAnswerSdp: 'a', calleeOfferSdp: 'o' }, 1_700_000_000_000);
};

/** Runs messages and returns the events each produced, in order. */
function eventsOf(snapshot: CallSnapshot, ...messages: (CallMessage | KernelMessage)[]): { snapshot: CallSnapshot; events: CallEvent[] } {
  const events: CallEvent[] = [];
  let current = snapshot;
  let now = 1_700_000_001_000;
  for (const message of messages) {
    const result = callMachine.transition(current, message, env((now += 1_000)));
    assert.equal(result.type, 'handled', `${message.type} in ${current.state}`);
    if (result.type !== 'handled') break;
    current = result.snapshot;
    events.push(...result.effects.filter((effect): effect is CallEvent => effect.type === 'event.publish'));
  }
  return { snapshot: current, events };
}
const summary = (events: readonly CallEvent[]) => events.map((event) => `${event.name} ${'call_id' in event.data ? event.data.call_id : ''}${'status' in event.data ? ` ${event.data.status}` : ''}`);
const model = (event: CallEvent | undefined): CallModel => event?.data as CallModel;
const routed = (contacts: DialTarget[]): CallMessage => ({ type: 'call.routed', outcome: { type: 'dial', user: bob, ringSeconds: 30, contacts, busy: false } });

describe('call events, one channel at a time (calld call model)', () => {
  it('a new call MUST tell call_created for the caller channel, under the caller user ACL, with the dialed extension as peer', () => {
    const { events } = eventsOf(fresh(), { type: 'call.start' });
    assert.deepEqual(summary(events), ['call_created 1700000000.1 Ring']);
    const created = model(events[0]);
    assert.equal(events[0]?.userUuid, 'uuid-alice');
    assert.deepEqual(
      [created.is_caller, created.caller_id_number, created.peer_caller_id_number, created.dialed_extension, created.line_id, created.sip_call_id, created.talking_to],
      [true, '1001', '1002', '1002', 7, 'abc@phone', {}],
    );
    assert.match(created.creation_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  });

  it('each contact rung MUST get its own call_created under the callee user, showing the caller', () => {
    const { events } = eventsOf(fresh(), { type: 'call.start' }, routed([contact(5060), contact(5062)]));
    assert.deepEqual(summary(events.slice(1)), ['call_created 1700000000.2 Down', 'call_created 1700000000.3 Down']);
    assert.deepEqual(events.slice(1).map((event) => event.userUuid), ['uuid-bob', 'uuid-bob']);
    assert.deepEqual([model(events[1]).caller_id_number, model(events[1]).is_caller], ['1001', false]);
  });

  it('a ringing leg MUST be updated to Ringing; the answer MUST update both channels to Up, talking to each other in one bridge', () => {
    const { events } = eventsOf(fresh(), { type: 'call.start' }, routed([contact(5060)]),
      { type: 'channel.ringing', channelId: '1700000000.2', status: 180 },
      { type: 'channel.answered', channelId: '1700000000.2', sdp: 'bob' });
    assert.deepEqual(summary(events.slice(2)), ['call_updated 1700000000.2 Ringing', 'call_updated 1700000000.2 Up', 'call_updated 1700000000.1 Up']);
    const [calleeUp, callerUp] = [model(events[3]), model(events[4])];
    assert.deepEqual(calleeUp.talking_to, { '1700000000.1': 'uuid-alice' });
    assert.deepEqual(callerUp.talking_to, { '1700000000.2': 'uuid-bob' });
    assert.deepEqual([callerUp.bridges, calleeUp.bridges], [['1700000000.1'], ['1700000000.1']]);
    assert.equal(callerUp.answer_time, calldTime(1_700_000_005_000));
  });

  it('hold and resume MUST name the channel that put the call on hold, under its user', () => {
    const talking = eventsOf(fresh(), { type: 'call.start' }, routed([contact(5060)]), { type: 'channel.answered', channelId: '1700000000.2', sdp: 'bob' }).snapshot;
    const { events } = eventsOf(talking, { type: 'channel.held', channelId: '1700000000.1', sdp: 'a=sendonly' }, { type: 'channel.resumed', channelId: '1700000000.1', sdp: 'a=sendrecv' });
    assert.deepEqual(events.map((event) => [event.name, event.data, event.userUuid]), [
      ['call_held', { call_id: '1700000000.1' }, 'uuid-alice'],
      ['call_resumed', { call_id: '1700000000.1' }, 'uuid-alice'],
    ]);
  });

  it('every channel MUST end exactly once, Down with its hang-up time: the leg answered elsewhere, the answered leg and the caller', () => {
    const { events } = eventsOf(fresh(), { type: 'call.start' }, routed([contact(5060), contact(5062)]),
      { type: 'channel.answered', channelId: '1700000000.2', sdp: 'bob' },
      { type: 'channel.hung_up', channelId: '1700000000.3', cause: CAUSES.answeredElsewhere, byRemote: false },
      { type: 'channel.hung_up', channelId: '1700000000.1', cause: CAUSES.normal, byRemote: true },
      { type: 'channel.hung_up', channelId: '1700000000.2', cause: CAUSES.normal, byRemote: false });
    const ended = events.filter((event) => event.name === 'call_ended');
    assert.deepEqual(summary(ended), ['call_ended 1700000000.3 Down', 'call_ended 1700000000.1 Down', 'call_ended 1700000000.2 Down']);
    assert.equal(model(ended[2]).hangup_time, calldTime(1_700_000_007_000));
  });

  it('legs stopped by the ring timeout MUST end at once, and not again when their hang-up arrives', () => {
    const ringing = eventsOf(fresh(), { type: 'call.start' }, routed([contact(5060)])).snapshot;
    const { events } = eventsOf(ringing, { type: 'sys.timer.fired', name: RING_TIMEOUT }, { type: 'channel.hung_up', channelId: '1700000000.2', cause: CAUSES.noAnswer, byRemote: false });
    assert.deepEqual(summary(events.filter((event) => event.name === 'call_ended')), ['call_ended 1700000000.2 Down']);
  });

  it('a crashed call MUST end every channel that was still up', () => {
    const talking = eventsOf(fresh(), { type: 'call.start' }, routed([contact(5060)]), { type: 'channel.answered', channelId: '1700000000.2', sdp: 'bob' }).snapshot;
    const ended = crashedCallCleanup(talking, 1_700_000_009_000).filter((effect): effect is CallEvent => effect.type === 'event.publish');
    assert.deepEqual(summary(ended), ['call_ended 1700000000.2 Down', 'call_ended 1700000000.1 Down']);
  });
});
