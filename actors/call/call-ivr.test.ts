/**
 * The IVR inside a call: answered by the node, prompts on the caller's leg, digits and timers as
 * call messages, and the chosen destination reached without answering the caller again.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS, type KernelMessage } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import type { DialTarget } from '../channel/channel-messages.ts';
import type { IvrMenu } from '../ivr/index.ts';
import { callMachine } from './call-machine.ts';
import type { CallMessage, IvrDestination } from './call-messages.ts';
import { newCall, type CallSnapshot } from './call-snapshot.ts';

const self = actorAddress('call', 'c1');
let channelCounter = 0;
const env = (now: number) => ({ now, self, from: undefined, timers: NO_TIMERS, newChannelId: () => `c1-${++channelCounter}` });
const fresh = () => (channelCounter = 0, newCall('c1', { channelId: 'c1-0', name: 'Alice', number: '1001', context: 'default', userUuid: 'u-1001' }, '8899', { callerAnswerSdp: 'to-caller', calleeOfferSdp: 'to-callee' }, 1_000));
const contact: DialTarget = { requestUri: 'sip:1002@10.0.0.2:5062', destination: { transport: 'udp', address: '10.0.0.2', port: 5062 }, toUri: 'sip:1002@pbx' };
const callee = { userId: 2, userUuid: 'u-1002', name: 'Bob', number: '1002', context: 'default' };

/** The seed's reference IVR (CF-19): welcome, choices, 1 → user 2, 2 → 8833 in default, 3 → hang up busy, 9 → a queue. */
const MENU: IvrMenu<IvrDestination> = {
  greetingSound: 'welcome', menuSound: 'choices', invalidSound: 'invalid-choice', abortSound: 'error', timeoutSeconds: 5, maxTries: 3,
  choices: [
    { exten: '1', action: { type: 'destination', destination: { type: 'user', userId: 2 } } },
    { exten: '2', action: { type: 'destination', destination: { type: 'extension', exten: '8833', context: 'default' } } },
    { exten: '3', action: { type: 'destination', destination: { type: 'hangup', cause: 'busy' } } },
    { exten: '9', action: { type: 'destination', destination: { type: 'unsupported', kind: 'queue' } } },
    { exten: '5', action: { type: 'destination', destination: { type: 'group', groupId: 4 } } },
    { exten: '6', action: { type: 'destination', destination: { type: 'voicemail', voicemailId: 8 } } },
    { exten: '7', action: { type: 'destination', destination: { type: 'conference', conferenceId: 2 } } },
  ],
};
const toIvr: CallMessage = { type: 'call.routed', outcome: { type: 'ivr', ivrId: 7, tenantUuid: 'tenant-1', menu: MENU } };

type Effect = { type: string; [key: string]: unknown };
interface Step { snapshot: CallSnapshot; effects: readonly Effect[] }
function step(snapshot: CallSnapshot, message: CallMessage | KernelMessage, now = 2_000): Step {
  const result = callMachine.transition(snapshot, message, env(now));
  assert.equal(result.type, 'handled', `${message.type} in ${snapshot.state}: ${JSON.stringify(result)}`);
  return result as Step;
}
const sentTo = (effects: readonly Effect[], channelId: string) =>
  effects.filter((effect) => effect.type === 'send' && (effect['to'] as { id: string }).id === channelId).map((effect) => effect['message'] as { type: string; [key: string]: unknown });
const timerOf = (effects: readonly Effect[]) => effects.find((effect) => effect.type === 'timer.start')?.['name'] as string;
const playOf = (effects: readonly Effect[]) => effects.find((effect) => effect.type === 'media.play') as { playId: number; sound: string } | undefined;
const fired = (name: string): KernelMessage => ({ type: 'sys.timer.fired', name });

/** Routed to the IVR, past the answer pause and the greeting, the menu prompt playing. */
function atMenu(): { snapshot: CallSnapshot; menuPlayId: number } {
  const entered = step(fresh(), toIvr);
  const greeting = step(entered.snapshot, fired(timerOf(entered.effects)));
  const round = step(greeting.snapshot, { type: 'call.play_finished', playId: playOf(greeting.effects)?.playId ?? -1 });
  const menu = step(round.snapshot, fired(timerOf(round.effects)));
  return { snapshot: menu.snapshot, menuPlayId: playOf(menu.effects)?.playId ?? -1 };
}

describe('a call routed to an IVR', () => {
  it("MUST answer the caller with the call's answer SDP, enter state ivr and arm the answer pause as an ivr.<id> kernel timer", () => {
    const result = step(fresh(), toIvr);
    assert.equal(result.snapshot.state, 'ivr');
    assert.deepEqual(sentTo(result.effects, 'c1-0'), [{ type: 'channel.answer', sdp: 'to-caller' }]);
    assert.match(timerOf(result.effects), /^ivr\.\d+$/);
    assert.deepEqual([result.snapshot.callerAnswered, result.snapshot.answeredAtMs, result.snapshot.ivr?.ivrId], [true, 2_000, 7]);
  });

  it("MUST play the greeting then the menu on the caller's leg, as sounds of the IVR's tenant", () => {
    const entered = step(fresh(), toIvr);
    const greeting = step(entered.snapshot, fired(timerOf(entered.effects)));
    assert.deepEqual(greeting.effects.find((effect) => effect.type === 'media.play'), { type: 'media.play', playId: 2, sound: 'welcome', tenantUuid: 'tenant-1', language: 'en_US' });
  });

  it('MUST keep the menu in the snapshot, as plain data', () => {
    const { snapshot } = atMenu();
    assert.deepEqual(JSON.parse(JSON.stringify(snapshot)), snapshot);
    assert.deepEqual(snapshot.ivr?.menu, MENU);
  });

  it("MUST stop the menu prompt on the caller's first digit and route the chosen user directly, without ringing or answering the caller again", () => {
    const { snapshot, menuPlayId } = atMenu();
    const chosen = step(snapshot, { type: 'call.dtmf', party: 'caller', digit: '1' });
    assert.deepEqual(chosen.effects.map((effect) => effect.type), ['media.stop_play', 'route.resolve']);
    assert.deepEqual(chosen.effects[0], { type: 'media.stop_play', playId: menuPlayId });
    assert.deepEqual(chosen.effects[1]?.['target'], { type: 'user', userId: 2 });
    const ringing = step(step(chosen.snapshot, { type: 'call.routed', outcome: { type: 'dial', user: callee, ringSeconds: 30, contacts: [contact], busy: false } }).snapshot, { type: 'channel.ringing', channelId: 'c1-1', status: 180 });
    assert.equal(ringing.snapshot.state, 'establishing');
    assert.deepEqual(sentTo(ringing.effects, 'c1-0'), [], 'no 180 to an answered caller');
    const answered = step(ringing.snapshot, { type: 'channel.answered', channelId: 'c1-1', sdp: 'from-callee' }, 9_000);
    assert.deepEqual(sentTo(answered.effects, 'c1-0'), [], 'no 200 again');
    assert.deepEqual([answered.snapshot.state, answered.snapshot.answeredAtMs], ['established', 2_000]);
    assert.ok(answered.effects.some((effect) => effect.type === 'media.connect_callee'));
  });

  it('MUST route a voicemail choice to its mailbox, where the answered caller hears the greeting without a second answer', () => {
    const { snapshot } = atMenu();
    const chosen = step(snapshot, { type: 'call.dtmf', party: 'caller', digit: '6' });
    assert.deepEqual(chosen.effects.find((effect) => effect.type === 'route.resolve')?.['target'], { type: 'voicemail', voicemailId: 8 });
    const mailbox = { voicemailId: 8, tenantUuid: 'tenant-1', number: '1002', context: 'default' };
    const deposit = step(chosen.snapshot, { type: 'call.routed', outcome: { type: 'voicemail', mailbox } });
    assert.deepEqual([deposit.snapshot.state, sentTo(deposit.effects, 'c1-0'), deposit.effects.find((effect) => effect.type === 'media.play')?.['sound']], ['announcing', [], 'vm-intro']);
  });

  it('MUST route a conference choice to its room directly, keeping the dialed number and the caller’s context', () => {
    const { snapshot } = atMenu();
    const chosen = step(snapshot, { type: 'call.dtmf', party: 'caller', digit: '7' });
    const resolve = chosen.effects.find((effect) => effect.type === 'route.resolve');
    assert.deepEqual(resolve?.['target'], { type: 'conference', conferenceId: 2 });
  });

  it('MUST route a group choice directly, and ring its members without ringing or answering the caller again', () => {
    const { snapshot } = atMenu();
    const chosen = step(snapshot, { type: 'call.dtmf', party: 'caller', digit: '5' });
    assert.deepEqual(chosen.effects.find((effect) => effect.type === 'route.resolve')?.['target'], { type: 'group', groupId: 4 });
    const plan = { groupId: 4, groupUuid: 'g-4', groupName: 'sales', steps: [[{ user: callee, contacts: [contact] }]], stepSeconds: 15, retryDelaySeconds: 5, timeoutSeconds: 30 };
    const ringing = step(step(chosen.snapshot, { type: 'call.routed', outcome: { type: 'hunt', plan } }).snapshot, { type: 'channel.ringing', channelId: 'c1-1', status: 180 });
    assert.deepEqual([ringing.snapshot.state, sentTo(ringing.effects, 'c1-0')], ['establishing', []]);
  });

  it('MUST dial an extension choice in its context', () => {
    const { snapshot } = atMenu();
    const chosen = step(snapshot, { type: 'call.dtmf', party: 'caller', digit: '2' });
    const route = chosen.effects.find((effect) => effect.type === 'route.resolve');
    assert.deepEqual([route?.['dialed'], route?.['context'], route?.['reason']], ['8833', 'default', 'ivr']);
  });

  it('MUST end the call with the cause of a hangup destination, and with a clear cause for a kind calls cannot follow', () => {
    const busy = step(atMenu().snapshot, { type: 'call.dtmf', party: 'caller', digit: '3' });
    assert.deepEqual([busy.snapshot.state, busy.snapshot.cause?.q850], ['terminating', CAUSES.busy.q850]);
    const queue = step(atMenu().snapshot, { type: 'call.dtmf', party: 'caller', digit: '9' });
    assert.deepEqual([queue.snapshot.state, queue.snapshot.cause?.text], ['terminating', 'IVR destination queue is not supported']);
  });

  it('MUST ignore digits from the callee side, stale prompt ends and stale timers', () => {
    const { snapshot, menuPlayId } = atMenu();
    for (const message of [{ type: 'call.dtmf', party: 'callee', digit: '1' }, { type: 'call.play_finished', playId: menuPlayId - 1 }, fired('ivr.1')] as const) {
      assert.equal(callMachine.transition(snapshot, message, env(3_000)).type, 'ignored', message.type);
    }
  });

  it('MUST ignore a route answer while the IVR still runs', () => {
    const { snapshot } = atMenu();
    assert.equal(callMachine.transition(snapshot, { type: 'call.routed', outcome: { type: 'refuse', cause: CAUSES.notFound } }, env(3_000)).type, 'ignored');
  });

  it('MUST play the error prompt and hang up after the tries are used up by timeouts', () => {
    let { snapshot, menuPlayId } = atMenu();
    const sounds: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      const waiting = step(snapshot, { type: 'call.play_finished', playId: menuPlayId });
      const failed = step(waiting.snapshot, fired(timerOf(waiting.effects)));
      const failPrompt = playOf(failed.effects);
      sounds.push(failPrompt?.sound ?? '');
      const after = step(failed.snapshot, { type: 'call.play_finished', playId: failPrompt?.playId ?? -1 });
      snapshot = after.snapshot;
      if (round === 2) {
        assert.deepEqual([after.snapshot.state, sentTo(after.effects, 'c1-0').map((message) => message.type)], ['terminating', ['channel.hangup']]);
        break;
      }
      const menu = step(snapshot, fired(timerOf(after.effects)));
      snapshot = menu.snapshot;
      menuPlayId = playOf(menu.effects)?.playId ?? -1;
    }
    assert.deepEqual(sounds, ['invalid-choice', 'invalid-choice', 'error']);
  });

  it("MUST end with one call log when the caller hangs up in the IVR, cancelling the IVR's timer", () => {
    const entered = step(fresh(), toIvr);
    const hungUp = step(entered.snapshot, { type: 'channel.hung_up', channelId: 'c1-0', cause: CAUSES.normal, byRemote: true });
    assert.ok(hungUp.effects.some((effect) => effect.type === 'timer.cancel' && effect['name'] === timerOf(entered.effects)));
    assert.deepEqual([hungUp.snapshot.state, hungUp.effects.filter((effect) => effect.type === 'call_log.write').length], ['terminated', 1]);
    const log = hungUp.effects.find((effect) => effect.type === 'call_log.write')?.['log'] as { answered: boolean };
    assert.equal(log.answered, true);
  });

  it('MUST start another IVR from an IVR without answering again', () => {
    const { snapshot } = atMenu();
    const finished = { ...snapshot, ivr: snapshot.ivr === undefined ? undefined : { ...snapshot.ivr, machine: { ...snapshot.ivr.machine, phase: { type: 'finished' as const } } } } as CallSnapshot;
    const again = step(finished, toIvr);
    assert.deepEqual([again.snapshot.state, sentTo(again.effects, 'c1-0')], ['ivr', []]);
  });
});

describe('a call routed to an announcement (a menu that leaves after its greeting)', () => {
  const announcement: CallMessage = {
    type: 'call.routed',
    outcome: { type: 'ivr', ivrId: 0, tenantUuid: 'tenant-1', menu: { greetingSound: 'pbx-transfer', menuSound: 'pbx-transfer', timeoutSeconds: 0, maxTries: 1, choices: [], thenDestination: { type: 'user', userId: 2, ringSeconds: 20 } } },
  };

  it('MUST answer, play the prompt, then route its destination directly, and ring it without answering the caller again', () => {
    const entered = step(fresh(), announcement);
    const prompt = step(entered.snapshot, fired(timerOf(entered.effects)));
    const left = step(prompt.snapshot, { type: 'call.play_finished', playId: playOf(prompt.effects)?.playId ?? -1 });
    assert.deepEqual(left.effects.find((effect) => effect.type === 'route.resolve'), { type: 'route.resolve', dialed: '8899', context: 'default', reason: 'ivr', target: { type: 'user', userId: 2, ringSeconds: 20 } });
    const routed = step(left.snapshot, { type: 'call.routed', outcome: { type: 'dial', user: callee, ringSeconds: 20, contacts: [contact], busy: false } });
    assert.deepEqual([routed.snapshot.state, sentTo(routed.effects, 'c1-0')], ['establishing', []]);
  });
});
