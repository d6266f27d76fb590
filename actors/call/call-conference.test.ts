/**
 * A call in a conference room: the node answers the caller and joins the room; a lone participant
 * hears conf-onlyperson then the room's music; a full room's conf-locked and a kick's conf-kicked
 * end the call; `1` toggles mute; the room is left however the call ends.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS, type KernelMessage } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import { callMachine } from './call-machine.ts';
import type { CallMessage, ConferenceUpdate } from './call-messages.ts';
import { newCall, type CallSnapshot, type ConferenceRoom } from './call-snapshot.ts';
import { CONFERENCE_PROMPTS } from './call-conference.ts';
import { crashedCallCleanup } from './call-crash.ts';

const self = actorAddress('call', 'c1');
const env = (now: number) => ({ now, self, from: undefined, timers: NO_TIMERS, newChannelId: () => 'c1-1' });
const fresh = () => newCall('c1', { channelId: 'c1-0', name: 'Alice', number: '1001', context: 'default' }, '4000', { callerAnswerSdp: 'to-caller', calleeOfferSdp: 'to-callee' }, 1_000);
const room: ConferenceRoom = {
  conferenceId: 4, tenantUuid: 'tenant-1', name: 'Daily', maxUsers: 0, record: false, quietJoin: false,
  announceOnlyUser: true, announceUserCount: false, announceJoinLeave: false, musicOnHold: 'jazz',
};
const toRoom = (changes: Partial<ConferenceRoom> = {}): CallMessage => ({ type: 'call.routed', outcome: { type: 'conference', room: { ...room, ...changes }, admin: false } });
const update = (value: ConferenceUpdate): CallMessage => ({ type: 'call.conference_update', conferenceId: 4, update: value });

type Effect = { type: string; [key: string]: unknown };
interface Step { snapshot: CallSnapshot; effects: readonly Effect[] }
function step(snapshot: CallSnapshot, message: CallMessage | KernelMessage, now = 2_000): Step {
  const result = callMachine.transition(snapshot, message, env(now));
  assert.equal(result.type, 'handled', `${message.type} in ${snapshot.state}: ${JSON.stringify(result)}`);
  return result as Step;
}
const ofType = (effects: readonly Effect[], type: string) => effects.filter((effect) => effect.type === type);
const sentTo = (effects: readonly Effect[], channelId: string) =>
  ofType(effects, 'send').filter((effect) => (effect['to'] as { id: string }).id === channelId).map((effect) => (effect['message'] as { type: string }).type);
const played = (effects: readonly Effect[]) => ofType(effects, 'media.play').map((effect) => effect['sound']);
const music = (effects: readonly Effect[]) => ofType(effects, 'media.music').map((effect) => effect['on']);
const joined = (changes: Partial<ConferenceRoom> = {}, alone = true) => step(step(fresh(), toRoom(changes)).snapshot, update(alone ? 'joined_alone' : 'joined'));

describe("a call routed to a conference room ('conference')", () => {
  it('MUST answer the caller, tell call_updated with the call up, and join the room as the caller', () => {
    const entered = step(fresh(), toRoom());
    assert.deepEqual([entered.snapshot.state, sentTo(entered.effects, 'c1-0')], ['conference', ['channel.answer']]);
    assert.deepEqual(ofType(entered.effects, 'conference.join'), [{ type: 'conference.join', room, admin: false, callerIdName: 'Alice', callerIdNum: '1001', language: 'en_US' }]);
  });

  it('MUST NOT answer again a caller an IVR or a PIN challenge answered', () => {
    const entered = step({ ...fresh(), callerAnswered: true, answeredAtMs: 1_500 }, toRoom());
    assert.deepEqual([sentTo(entered.effects, 'c1-0'), entered.snapshot.answeredAtMs], [[], 1_500]);
  });

  it('MUST report the caller channel Up in call_updated', () => {
    const entered = step(fresh(), toRoom());
    const event = ofType(entered.effects, 'event.publish')[0] as { data: { status: string } } | undefined;
    assert.equal(event?.data.status, 'Up');
  });

  it('alone in a room announcing it, MUST play conf-onlyperson, then the music of the room', () => {
    const alone = joined();
    const after = step(alone.snapshot, { type: 'call.play_finished', playId: CONFERENCE_PROMPTS.onlyPerson.playId });
    assert.deepEqual([played(alone.effects), music(after.effects)], [['conf-onlyperson'], [true]]);
  });

  it('alone in a room not announcing it, MUST play the music at once', () => {
    assert.deepEqual(music(joined({ announceOnlyUser: false }).effects), [true]);
  });

  it('when someone joins a lone participant, MUST stop the music', () => {
    const alone = joined({ announceOnlyUser: false });
    assert.deepEqual(music(step(alone.snapshot, update('not_alone')).effects), [false]);
  });

  it('joining others, MUST play nothing on its own leg', () => {
    const entered = joined({}, false);
    assert.deepEqual([played(entered.effects), music(entered.effects)], [[], []]);
  });

  it('refused by a full room, MUST play conf-locked and then hang up without leaving the room', () => {
    const refused = step(step(fresh(), toRoom()).snapshot, update('refused'));
    const ended = step(refused.snapshot, { type: 'call.play_finished', playId: CONFERENCE_PROMPTS.locked.playId });
    assert.deepEqual([played(refused.effects), sentTo(ended.effects, 'c1-0')], [['conf-locked'], ['channel.hangup']]);
    assert.deepEqual(ofType(ended.effects, 'conference.leave'), []);
  });

  it('kicked, MUST play conf-kicked and then hang up', () => {
    const kicked = step(joined({}, false).snapshot, update('kicked'));
    const ended = step(kicked.snapshot, { type: 'call.play_finished', playId: CONFERENCE_PROMPTS.kicked.playId });
    assert.deepEqual([played(kicked.effects), ended.snapshot.state], [['conf-kicked'], 'terminating']);
  });

  it('on 1 from the caller, MUST toggle its mute in the room', () => {
    const toggled = step(joined({}, false).snapshot, { type: 'call.dtmf', party: 'caller', digit: '1' });
    assert.deepEqual(toggled.effects, [{ type: 'conference.toggle_mute', conferenceId: 4 }]);
  });

  it('MUST ignore the other keys', () => {
    assert.equal(callMachine.transition(joined({}, false).snapshot, { type: 'call.dtmf', party: 'caller', digit: '5' }, env(3_000)).type, 'ignored');
  });

  it('on the caller hanging up, MUST leave the room and end with a call log naming the room', () => {
    const ended = step(joined({}, false).snapshot, { type: 'channel.hung_up', channelId: 'c1-0', cause: CAUSES.normal, byRemote: true }, 62_000);
    const log = ofType(ended.effects, 'call_log.write')[0]?.['log'] as { answered: boolean; destination: { name: string; number: string } } | undefined;
    assert.deepEqual(ofType(ended.effects, 'conference.leave'), [{ type: 'conference.leave', conferenceId: 4 }]);
    assert.deepEqual([log?.answered, log?.destination], [true, { name: 'Daily', number: '4000' }]);
  });

  it('on an API hang-up, MUST leave the room', () => {
    const ended = step(joined({}, false).snapshot, { type: 'call.hangup', cause: CAUSES.normal });
    assert.deepEqual(ofType(ended.effects, 'conference.leave'), [{ type: 'conference.leave', conferenceId: 4 }]);
  });

  it('crashed, MUST leave the room', () => {
    const effects = crashedCallCleanup(joined({}, false).snapshot, 9_000) as readonly Effect[];
    assert.deepEqual(ofType(effects, 'conference.leave'), [{ type: 'conference.leave', conferenceId: 4 }]);
  });

  it("MUST ignore another room's updates", () => {
    const entered = step(fresh(), toRoom());
    assert.equal(callMachine.transition(entered.snapshot, { type: 'call.conference_update', conferenceId: 5, update: 'kicked' }, env(3_000)).type, 'ignored');
  });
});
