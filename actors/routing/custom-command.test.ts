import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCustomCommand } from './custom-command.ts';

const dialed = '0123456789';

describe('custom destination commands', () => {
  it('MUST read the seed\'s Goto with a context, an extension and priority 1', () => {
    assert.deepEqual(readCustomCommand('Goto(dp-ivr-example,s,1)', { dialed }), { type: 'goto', context: 'dp-ivr-example', exten: 's' });
  });

  it('MUST put the dialed number for ${XIVO_DSTNUM} and ${EXTEN}', () => {
    assert.deepEqual(readCustomCommand('Goto(to-pabx,${XIVO_DSTNUM},1)', { dialed }), { type: 'goto', context: 'to-pabx', exten: dialed });
    assert.deepEqual(readCustomCommand('Goto(${EXTEN},1)', { dialed }), { type: 'goto', context: undefined, exten: dialed });
  });

  it('MUST end the call for Hangup, Busy and Congestion, with Asterisk\'s cause numbers', () => {
    assert.deepEqual(readCustomCommand('Hangup()', { dialed }), { type: 'hangup', cause: 'normal' });
    assert.deepEqual(readCustomCommand('Hangup(17)', { dialed }), { type: 'hangup', cause: 'busy' });
    assert.deepEqual(readCustomCommand('Hangup(34)', { dialed }), { type: 'hangup', cause: 'congestion' });
    assert.deepEqual(readCustomCommand('Busy(10)', { dialed }), { type: 'hangup', cause: 'busy' });
    assert.deepEqual(readCustomCommand('Congestion()', { dialed }), { type: 'hangup', cause: 'congestion' });
  });

  it('MUST say unsupported, never guess, for other applications, labels, unknown variables and malformed text', () => {
    for (const command of ['Playback(welcome)', 'Goto(s,start)', 'Goto(1)', 'Goto(ctx,${CALLERID(num)},1)', 'Goto(ctx,${OTHER},1)', 'Goto(ctx,a b,1)', 'not a command', 'Goto(a,b,c,d)']) {
      assert.equal(readCustomCommand(command, { dialed }).type, 'unsupported', command);
    }
  });
});
