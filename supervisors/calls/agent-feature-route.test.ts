/**
 * The agent feature codes through the routing port on a real database, with a recording agentd
 * port: `*31<number>` logs the agent in at the caller's extension, `*32` logs it off, `*30`
 * toggles, each confirmed with chan_agent's sounds; an agent's password is asked before a login;
 * an unknown agent or a taken phone is `agent-incorrect`; a node without a contact center answers 480.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { call, routing } from '../../actors/index.ts';
import { createAgent, ensureDemoConfiguration, expectWritten, loadDialplan, type TenantUuid } from '../../store/index.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../../store/test-database.ts';
import { createFakeAgentd, fakeAgent, type FakeAgentd } from '../../test/support/fake-agentd.ts';
import { createMemoryLocationStore, createRegistrar } from '../../transport/index.ts';
import { fakeAuthenticator, manualClock } from '../../transport/sip/registrar/registrar-test-kit.ts';
import { createRoutePort, type RoutePort } from './route-port.ts';

let database: TestDatabase;
let alice: { readonly id: number; readonly tenantUuid: string };
let agents: { readonly plain: number; readonly guarded: number; readonly other: number };
let agentd: FakeAgentd;
const warnings: string[] = [];

before(async () => {
  database = await createMigratedTestDatabase('postgres');
  await ensureDemoConfiguration(database, { password: () => 'secret' });
  const user = (await loadDialplan(database)).users.find((candidate) => candidate.lines[0]?.username === '1001');
  assert.ok(user);
  alice = { id: Number(user.id), tenantUuid: String(user.tenantUuid) };
  const tenantUuid = alice.tenantUuid as TenantUuid;
  agents = {
    plain: expectWritten(await createAgent(database, tenantUuid, { number: '2001' })).id,
    guarded: expectWritten(await createAgent(database, tenantUuid, { number: '2002', passwd: '4321' })).id,
    other: expectWritten(await createAgent(database, tenantUuid, { number: '2003' })).id,
  };
});
after(() => database.close());
beforeEach(() => {
  agentd = createFakeAgentd();
  agentd.agentsById.set(agents.plain, fakeAgent(agents.plain, '2001', alice.tenantUuid));
  agentd.agentsById.set(agents.guarded, fakeAgent(agents.guarded, '2002', alice.tenantUuid));
  agentd.agentsById.set(agents.other, fakeAgent(agents.other, '2003', alice.tenantUuid));
  agentd.phones.add('1001@default').add('1002@default');
  warnings.length = 0;
});

function port(withAgents = true): RoutePort {
  const clock = manualClock();
  const registrar = createRegistrar({ store: createMemoryLocationStore({ clock }), authenticator: fakeAuthenticator, clock, minExpiresS: 60, maxExpiresS: 3600, defaultExpiresS: 600, maxContactsPerAor: 5 });
  return createRoutePort({
    database, registrar, registrationDomains: ['pbx.example.com'], activeCalls: () => 0,
    callerOf: () => ({ type: 'user', userId: alice.id as routing.UserId }),
    logger: { warn: (_fields: unknown, message?: string) => void warnings.push(String(message)), error: () => undefined },
    versionFreshMs: 0,
    ...(withAgents ? { agents: agentd } : {}),
  });
}

const dial = (routePort: RoutePort, dialed: string, password?: string) =>
  routePort.route({ callId: 'call-1', dialed, context: 'default', reason: password === undefined ? 'dialed' : 'password', ...(password === undefined ? {} : { password }) });
const soundOf = (outcome: call.RouteOutcome) => (outcome.type === 'feature' ? outcome.sound : outcome.type);

describe('*31<number> (agentstaticlogin)', () => {
  it("MUST log the agent in at the caller's extension and context, and confirm agent-loginok", async () => {
    const outcome = await dial(port(), '*312001');
    assert.deepEqual([outcome, agentd.commands], [{ type: 'feature', feature: 'agentstaticlogin', sound: 'agent-loginok', tenantUuid: alice.tenantUuid }, [`login ${agents.plain} 1001@default`]]);
  });

  it('MUST confirm agent-alreadylogged for an agent already logged in', async () => {
    const routePort = port();
    await dial(routePort, '*312001');
    assert.equal(soundOf(await dial(routePort, '*312001')), 'agent-alreadylogged');
  });

  it('MUST answer agent-incorrect for an unknown agent, without asking the contact center to log in', async () => {
    const outcome = await dial(port(), '*319999');
    assert.deepEqual([soundOf(outcome), agentd.commands], ['agent-incorrect', []]);
  });

  it('MUST answer agent-incorrect when another agent holds the phone', async () => {
    agentd.agentsById.set(agents.other, fakeAgent(agents.other, '2003', alice.tenantUuid, { logged: true, extension: '1001', context: 'default' }));
    assert.equal(soundOf(await dial(port(), '*312001')), 'agent-incorrect');
  });

  it('MUST refuse an argument that is not an agent number with 484', async () => {
    const outcome = await dial(port(), '*3120#1');
    assert.deepEqual([outcome.type === 'refuse' ? outcome.cause.sipStatus : outcome.type, agentd.commands], [484, []]);
  });
});

describe("an agent's password", () => {
  it('MUST be asked before the login (a challenge), logging nobody in yet', async () => {
    const outcome = await dial(port(), '*312002');
    assert.deepEqual([outcome, agentd.commands], [{ type: 'challenge', tenantUuid: alice.tenantUuid, request: { dialed: '*312002', context: 'default' } }, []]);
  });

  it('MUST log the agent in once the right password is entered', async () => {
    const outcome = await dial(port(), '*312002', '4321');
    assert.deepEqual([soundOf(outcome), agentd.agentsById.get(agents.guarded)?.logged], ['agent-loginok', true]);
  });

  it('MUST ask again after a wrong password', async () => {
    assert.equal((await dial(port(), '*312002', '1111')).type, 'challenge');
  });

  it('MUST NOT be asked to log the agent off', async () => {
    agentd.agentsById.set(agents.guarded, fakeAgent(agents.guarded, '2002', alice.tenantUuid, { logged: true, extension: '1002', context: 'default' }));
    assert.equal(soundOf(await dial(port(), '*322002')), 'agent-loggedoff');
  });
});

describe('*32<number> (agentstaticlogoff) and *30<number> (agentstaticlogtoggle)', () => {
  it('MUST log the agent off and confirm agent-loggedoff, also for an agent already logged off', async () => {
    const routePort = port();
    await dial(routePort, '*312001');
    const sounds = [soundOf(await dial(routePort, '*322001')), soundOf(await dial(routePort, '*322001'))];
    assert.deepEqual([sounds, agentd.agentsById.get(agents.plain)?.logged], [['agent-loggedoff', 'agent-loggedoff'], false]);
  });

  it('MUST log a logged-off agent in on *30, and off on *30 again', async () => {
    const routePort = port();
    const sounds = [soundOf(await dial(routePort, '*302001')), soundOf(await dial(routePort, '*302001'))];
    assert.deepEqual([sounds, agentd.commands], [['agent-loginok', 'agent-loggedoff'], [`login ${agents.plain} 1001@default`, `logoff ${agents.plain}`]]);
  });

  it('MUST answer agent-incorrect for an unknown agent on *30 and *32', async () => {
    const routePort = port();
    assert.deepEqual([soundOf(await dial(routePort, '*309999')), soundOf(await dial(routePort, '*329999'))], ['agent-incorrect', 'agent-incorrect']);
  });
});

describe('a node without a contact center', () => {
  it('MUST refuse the agent codes with 480 and a log line', async () => {
    const outcome = await dial(port(false), '*312001');
    assert.deepEqual([outcome.type === 'refuse' ? outcome.cause.sipStatus : outcome.type, warnings.some((line) => line.includes('no contact center'))], [480, true]);
  });
});
