/** A queue's settings from confd's columns and options, and its members' names (seed CC-02..CC-05). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memberOf, queueMembersOf, queueSettingsOf, userInterface } from './queue-configuration.ts';

const row = (options: [string, string][], changes: Partial<Parameters<typeof queueSettingsOf>[0]> = {}) => ({
  options, timeout: null, retryOnTimeout: true, waitTimeThreshold: null, waitTimeDestination: null, waitRatioThreshold: null, waitRatioDestination: null, ...changes,
});
const hangup = { type: 'hangup' } as never;

describe('queue settings from confd', () => {
  it('MUST read strategy, member timeout, retry, maxlen, joinempty and leavewhenempty from the options', () => {
    const { settings } = queueSettingsOf(row([['strategy', 'rrmemory'], ['timeout', '20'], ['retry', '3'], ['maxlen', '4'], ['joinempty', 'paused,unavailable'], ['leavewhenempty', 'strict']]));
    assert.deepEqual(
      [settings.strategy, settings.memberTimeoutSeconds, settings.retrySeconds, settings.maxLength, [...settings.joinEmpty].sort(), [...settings.leaveWhenEmpty].sort()],
      ['rrmemory', 20, 3, 4, ['paused', 'unavailable'], ['invalid', 'paused', 'penalty', 'unavailable']],
    );
  });

  it("MUST take confd's timeout column as the queue time and retry_on_timeout false as no pause between attempts", () => {
    const { settings } = queueSettingsOf(row([['retry', '7']], { timeout: 90, retryOnTimeout: false }));
    assert.deepEqual([settings.queueTimeoutSeconds, settings.retrySeconds], [90, 0]);
  });

  it('MUST read timeoutpriority conf as the attempt finishing, and default to the queue time winning as Asterisk (app)', () => {
    assert.equal(queueSettingsOf(row([['timeoutpriority', 'conf']])).settings.timeoutPriority, 'configuration');
    assert.equal(queueSettingsOf(row([])).settings.timeoutPriority, 'dialplan');
  });

  it('MUST keep a diversion threshold only when its destination is set', () => {
    const { settings } = queueSettingsOf(row([], { waitTimeThreshold: 30, waitRatioThreshold: 0.5, waitRatioDestination: hangup }));
    assert.deepEqual([settings.waitTimeThreshold, settings.waitRatioThreshold], [undefined, 0.5]);
  });

  it('MUST read wrapuptime and servicelevel, with a 20 s service level when none is set', () => {
    assert.deepEqual(queueSettingsOf(row([['wrapuptime', '15'], ['servicelevel', '30']])).wrapupSeconds, 15);
    assert.deepEqual([queueSettingsOf(row([['servicelevel', '30']])).serviceLevelSeconds, queueSettingsOf(row([])).serviceLevelSeconds], [30, 20]);
  });

  it('MUST leave a value that does not read at its default', () => {
    const { settings } = queueSettingsOf(row([['strategy', 'sideways'], ['timeout', 'soon']]));
    assert.deepEqual([settings.strategy, settings.memberTimeoutSeconds], ['ringall', 15]);
  });
});

describe('queue members', () => {
  const agents = new Map([[7, { id: 7, number: '3001', skills: [{ name: 'english', weight: 80 }] }]]);
  const users = new Map([[12, { uuid: 'u-12', usernames: ['deskphone12', 'softphone12'] }]]);

  it('MUST name agents Agent/<number> with their skills and users PJSIP/<username of their first line>, in priority order', () => {
    const members = queueMembersOf({ agents: [{ id: 7, penalty: 1, priority: 2 }], users: [{ id: 12, uuid: 'u-12', penalty: 0, priority: 1 }] }, agents, users);
    assert.deepEqual(members.map((member) => [member.memberId, member.name, member.position, member.penalty, member.skills]), [
      ['user:12', 'PJSIP/deskphone12', 0, 0, {}],
      ['agent:7', 'Agent/3001', 1, 1, { english: 80 }],
    ]);
  });

  it('MUST leave out members the configuration no longer has', () => {
    assert.deepEqual(queueMembersOf({ agents: [{ id: 8, penalty: 0, priority: 0 }], users: [{ id: 13, uuid: 'u-13', penalty: 0, priority: 0 }] }, agents, users), []);
  });

  it('MUST name a user without a SIP line by a Local interface, and read member ids back', () => {
    assert.equal(userInterface({ uuid: 'u-1', usernames: [] }), 'Local/u-1');
    assert.deepEqual([memberOf('agent:7'), memberOf('user:12'), memberOf('queue:1')], [{ kind: 'agent', id: 7 }, { kind: 'user', id: 12 }, undefined]);
  });
});
