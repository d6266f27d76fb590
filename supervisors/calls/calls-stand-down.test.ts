import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callsStandDown } from './calls-stand-down.ts';

describe('a node standing down from its calls', () => {
  it('MUST let every dialog go without a word at once, then stop the call and channel actors and close the media (its ports free once it resolves), when another node takes the calls on', async () => {
    const done: string[] = [];
    const stop = async (id: string) => {
      done.push(`stop ${id}`);
      return { type: 'error' as const, code: 'unknown-child' as const };
    };
    const session = (channelId: string) => ({ snapshot: () => undefined, release: () => done.push(`release ${channelId}`) });
    const standDown = callsStandDown({
      system: { send: () => assert.fail('nothing is said to the calls') },
      running: new Set(['call-1', 'call-2']),
      legs: () => [{ channelId: 'c1a', session: session('c1a') }, { channelId: 'c1b', session: session('c1b') }, { channelId: 'c2a', session: undefined }],
      calls: { terminateChild: stop },
      channels: { terminateChild: stop },
      openMediaCalls: () => 0,
      releaseMedia: (callId) => done.push(`media ${callId}`),
      mediaReleased: async () => {
        await Promise.resolve();
        done.push('media closed');
      },
    });
    const quiesced = standDown.quiesce();
    // Released before quiesce() returned its promise: nothing of the node can answer in them meanwhile.
    assert.deepEqual(done.slice(0, 2), ['release c1a', 'release c1b']);
    assert.equal(await quiesced, 2);
    assert.deepEqual(done, ['release c1a', 'release c1b', 'stop call-1', 'stop call-2', 'stop c1a', 'stop c1b', 'stop c2a', 'media call-1', 'media call-2', 'media closed']);
  });
});
