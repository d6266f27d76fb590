import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Queryable } from '../../store/index.ts';
import type { CallHooksSettings } from '../config/index.ts';
import { createHookRunner, reverseLookupOf } from './hook-runner.ts';

const NO_DATABASE = {} as Queryable;

function runnerWith(settings: CallHooksSettings) {
  const warnings: string[] = [];
  const runner = createHookRunner({ settings, database: NO_DATABASE, logger: { warn: (_fields: unknown, text: string) => void warnings.push(text) } as never });
  return { runner, warnings };
}

const VARIABLES = { XIVO_DSTNUM: '100', 'CALLERID(name)': '0611', 'CALLERID(num)': '0611' };

describe('hook runner', () => {
  it('MUST run the global hook, then the object\'s own on the variables the first left', async () => {
    const seen: string[] = [];
    const { runner } = runnerWith({
      hooks: {
        global: () => ({ type: 'continue', variables: { 'CALLERID(name)': 'Known' } }),
        own: (call) => void seen.push(call.variables['CALLERID(name)'] ?? ''),
      },
      globalHooks: { did: 'global' },
    });
    const outcome = await runner.run('did', 'own', VARIABLES, {});
    assert.deepEqual([seen, outcome.type === 'continue' && outcome.variables['CALLERID(name)']], [['Known'], 'Known']);
  });

  it('MUST stop at a hook that sends the call elsewhere', async () => {
    let ranOwn = false;
    const { runner } = runnerWith({ hooks: { global: () => ({ type: 'goto', exten: '200' }), own: () => void (ranOwn = true) }, globalHooks: { did: 'global' } });
    assert.deepEqual([await runner.run('did', 'own', VARIABLES, {}), ranOwn], [{ type: 'goto', exten: '200', context: null }, false]);
  });

  it('MUST give a hook a copy of the variables: what it changes in place changes nothing', async () => {
    const { runner } = runnerWith({ hooks: { meddler: (call) => void ((call.variables as Record<string, string>)['XIVO_DSTNUM'] = '999') } });
    const outcome = await runner.run('did', 'meddler', VARIABLES, {});
    assert.equal(outcome.type === 'continue' && outcome.variables['XIVO_DSTNUM'], '100');
  });

  it('MUST go on, logging it, past a hook that throws', async () => {
    const { runner, warnings } = runnerWith({ hooks: { broken: () => { throw new Error('boom'); } } });
    assert.deepEqual([(await runner.run('user', 'broken', VARIABLES, {})).type, warnings.length], ['continue', 1]);
  });

  it('MUST go on, logging it, past a hook that outlives its time', async () => {
    const { runner, warnings } = runnerWith({ hooks: { slow: () => new Promise(() => undefined) }, hookTimeoutMs: 20 });
    assert.deepEqual([(await runner.run('user', 'slow', VARIABLES, {})).type, warnings.length], ['continue', 1]);
  });

  it('MUST skip, logging it, a name no hook is registered under', async () => {
    const { runner, warnings } = runnerWith({ hooks: { other: () => undefined } });
    assert.deepEqual([(await runner.run('outcall', 'gone', VARIABLES, {})).type, warnings.length], ['continue', 1]);
  });

  it('MUST be disabled, reading nothing, when no hook is registered', async () => {
    const { runner } = runnerWith({});
    assert.deepEqual([runner.enabled, (await runner.subroutines()).incalls.size], [false, 0]);
  });
});

describe('reverse lookup setting', () => {
  it('MUST leave the built-in users lookup by default, turn it off with none, and take a function', () => {
    const lookup = () => 'Name';
    const none = reverseLookupOf({ reverseLookup: 'none' }).reverseLookup;
    assert.deepEqual([reverseLookupOf(undefined), reverseLookupOf({ reverseLookup: 'users' }), none?.('1', 't'), reverseLookupOf({ reverseLookup: lookup }).reverseLookup], [{}, {}, undefined, lookup]);
  });
});
