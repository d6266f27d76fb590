/**
 * The caller of a call from a trunk (seed CF-06): the blacklist, the reverse lookup of a caller
 * without a name (after normalisation, before the incall's mode), and the incall reached.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routing } from '../../actors/index.ts';
import { context, extension, user } from '../../actors/routing/testing/dialplan-builder.ts';
import { compileTenantCallerIdRules } from './incall-route.ts';
import { trunkCallerOf, userDirectoryName, type TrunkCallerView } from './trunk-caller.ts';

const TENANT = 'tenant-a';
const incallId = (value: number) => value as routing.IncallId;
const table = routing.indexDialplan({
  contexts: [context('default'), context('from-extern', [], 'incall')],
  extensions: [extension(1, '1000', 'default', 1), extension(2, '5551000', 'from-extern', { type: 'incall', incallId: incallId(7) })],
  users: [user(1)],
}).table;

function view(options: { readonly mode?: 'prepend'; readonly blacklist?: ReadonlyMap<string, string> } = {}): TrunkCallerView {
  const objects: routing.RoutingObjects = {
    incalls: new Map([[incallId(7), { id: incallId(7), destination: { type: 'none' }, callerIdMode: options.mode ?? null, callerIdName: options.mode === undefined ? null : 'Sales', ringSeconds: null, scheduleId: null }]]),
    outcalls: new Map(), callPermissions: new Map(), schedules: new Map(), users: new Map(),
    callerIdRules: new Map([[TENANT, [{ id: 1, name: 'national', callerId: '^0[1-9]\\d{8}$', strip: 1, add: '+33' }]]]),
    blacklists: new Map([[TENANT, options.blacklist ?? new Map()]]),
  };
  return {
    table, objects, callerIdRules: compileTenantCallerIdRules(objects),
    lines: new Map([['alice', { name: 'Alice Martin', number: '+33123456789', userUuid: 'u-1' }], ['eve', { name: 'Eve', number: '+33123456789', userUuid: 'u-2' }]]),
    tenants: new Map([['u-1', TENANT], ['u-2', 'tenant-b']]),
  };
}

const call = (name: string, number: string) => ({ tenantUuid: TENANT, context: 'from-extern', did: '5551000', received: { name, number } });
const ignore = () => undefined;

describe('trunk caller', () => {
  it('MUST name a caller who sent no name after the tenant\'s user calling from its normalised number', async () => {
    assert.deepEqual(await trunkCallerOf(view(), undefined, call('', '0123456789'), ignore), { type: 'caller', name: 'Alice Martin', number: '+33123456789', incallId: 7 });
  });

  it('MUST run the reverse lookup when the name is the number, and not when the caller sent a name', async () => {
    const asked: string[] = [];
    const lookup = (number: string) => void asked.push(number);
    await trunkCallerOf(view(), lookup, call('0123456789', '0123456789'), ignore);
    await trunkCallerOf(view(), lookup, call('Bob', '0123456789'), ignore);
    assert.deepEqual(asked, ['+33123456789']);
  });

  it('MUST apply the incall\'s prepend mode to the name found', async () => {
    const shown = await trunkCallerOf(view({ mode: 'prepend' }), () => 'Bob', call('', '0611'), ignore);
    assert.equal(shown.type === 'caller' && shown.name, 'Sales Bob');
  });

  it('MUST keep the number as the name, reporting it, when the lookup throws', async () => {
    const failures: string[] = [];
    const shown = await trunkCallerOf(view(), () => { throw new Error('directory down'); }, call('', '0611'), (reason) => void failures.push(reason));
    assert.deepEqual([shown.type === 'caller' && shown.name, failures], ['0611', ['directory down']]);
  });

  it('MUST overwrite the caller ID with the trunk\'s own before the normalisation rules (seed CF-06 step 2)', async () => {
    const overwritten = await trunkCallerOf(view(), () => undefined, { ...call('Someone', '0999999999'), trunkCallerId: '"Branch office" <0123456789>' }, ignore);
    assert.deepEqual(overwritten, { type: 'caller', name: 'Branch office', number: '+33123456789', incallId: 7 });
    const numberOnly = await trunkCallerOf(view(), () => undefined, { ...call('Someone', '0999999999'), trunkCallerId: '0123456789' }, ignore);
    assert.deepEqual(numberOnly, { type: 'caller', name: 'Someone', number: '+33123456789', incallId: 7 }, 'a number alone keeps the name received');
  });

  it('MUST refuse a blacklisted caller with 403 before any lookup', async () => {
    const shown = await trunkCallerOf(view({ blacklist: new Map([['+33123456789', 'spam']]) }), () => assert.fail('no lookup'), call('', '0123456789'), ignore);
    assert.deepEqual(shown, { type: 'refused', status: 403, reason: 'blacklisted: spam' });
  });

  it('MUST look a number up only among the users of the caller\'s tenant', () => {
    assert.deepEqual([userDirectoryName(view(), '+33123456789', 'tenant-b'), userDirectoryName(view(), '+33999', TENANT)], ['Eve', undefined]);
  });
});
