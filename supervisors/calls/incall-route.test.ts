/**
 * Where an incoming DID leads (seed CF-07): the incall's `custom` destination read as parley's
 * dialplan (the seed's `Goto(to-pabx,${XIVO_DSTNUM},1)`), and hang-up destinations as refusals.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routing } from '../../actors/index.ts';
import { context, extension, user } from '../../actors/routing/testing/dialplan-builder.ts';
import { incallTarget } from './incall-route.ts';

const incallId = (value: number) => value as routing.IncallId;

const table = routing.indexDialplan({
  contexts: [context('default'), context('from-extern', [], 'incall')],
  extensions: [
    extension(1, '1000', 'default', 1),
    extension(2, '5551000', 'from-extern', { type: 'incall', incallId: incallId(1) }),
    extension(3, '5552000', 'from-extern', { type: 'incall', incallId: incallId(2) }),
    extension(4, '5553000', 'from-extern', { type: 'incall', incallId: incallId(3) }),
    extension(5, '5554000', 'from-extern', { type: 'incall', incallId: incallId(4) }),
  ],
  users: [user(1)],
}).table;

function objects(destinations: readonly routing.RoutingDestination[]): routing.RoutingObjects {
  const incalls = new Map(destinations.map((destination, index): [routing.IncallId, routing.Incall] => [incallId(index + 1), {
    id: incallId(index + 1), destination, callerIdMode: null, callerIdName: null, ringSeconds: 30, scheduleId: null,
  }]));
  return { incalls, outcalls: new Map(), callPermissions: new Map(), schedules: new Map(), users: new Map(), callerIdRules: new Map(), blacklists: new Map() };
}

describe('incall targets of custom destinations', () => {
  const loaded = objects([
    { type: 'custom', command: 'Goto(default,1000,1)' },
    { type: 'custom', command: 'Goto(default,${XIVO_DSTNUM},1)' },
    { type: 'custom', command: 'Hangup(17)' },
    { type: 'custom', command: 'Playback(welcome)' },
  ]);

  it('MUST dial the extension a Goto names, in its context, with the incall\'s ring time', () => {
    assert.deepEqual(incallTarget(table, loaded, { context: 'from-extern', did: '5551000' }), { type: 'route', context: 'default', dialed: '1000', ringSeconds: 30 });
  });

  it('MUST put the DID as received for ${XIVO_DSTNUM}', () => {
    assert.deepEqual(incallTarget(table, loaded, { context: 'from-extern', did: '+5552000' }), { type: 'route', context: 'default', dialed: '+5552000', ringSeconds: 30 });
  });

  it('MUST refuse busy (486) for Hangup(17), and with 480 naming the reason for an application it does not run', () => {
    const busy = incallTarget(table, loaded, { context: 'from-extern', did: '5553000' });
    assert.equal(busy?.type === 'refuse' ? busy.status : undefined, 486);
    const unsupported = incallTarget(table, loaded, { context: 'from-extern', did: '5554000' });
    assert.ok(unsupported?.type === 'refuse' && unsupported.status === 480 && /Playback is not supported/.test(unsupported.reason), JSON.stringify(unsupported));
  });
});

describe('incall targets of group destinations', () => {
  it('MUST lead a DID whose incall goes to a group to that group', () => {
    const loaded = objects([{ type: 'group', groupId: 7 }]);
    assert.deepEqual(incallTarget(table, loaded, { context: 'from-extern', did: '5551000' }), { type: 'group', groupId: 7 });
  });
});

describe('incall targets of voicemail destinations', () => {
  it('MUST lead a DID whose incall goes to a voicemail to that mailbox', () => {
    const loaded = objects([{ type: 'voicemail', voicemailId: 3 }]);
    assert.deepEqual(incallTarget(table, loaded, { context: 'from-extern', did: '5551000' }), { type: 'voicemail', voicemailId: 3 });
  });
});

describe('incall targets of conference destinations', () => {
  it('MUST lead a DID whose incall goes to a conference to that room', () => {
    const loaded = objects([{ type: 'conference', conferenceId: 2 }]);
    assert.deepEqual(incallTarget(table, loaded, { context: 'from-extern', did: '5551000' }), { type: 'conference', conferenceId: 2 });
  });
});
