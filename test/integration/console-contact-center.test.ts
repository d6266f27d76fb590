/**
 * The contact-center views of the admin console in headless Chromium against a real node: an
 * agent with a skill in a queue, logged in through agentd's REST API, changes state in "Agents"
 * without a reload; "Pause" and "Log out" in its row ask for confirmation, run, and the row
 * follows; a caller waits in the queue while the agent is paused (counted, and drawn in the chart
 * of the queue's waiting calls over the last hour), and once "Resume" is confirmed the agent is
 * shown on that call. A user whose token lacks agentd's ACLs sees both views refused
 * ("forbidden") and the server refuses the commands it forces over its own control socket; one
 * that may read agents but not pause them sees its "Pause" refused by the server; an
 * administrator of another tenant sees neither the agent nor the queue (`not_found`).
 * Screenshots of the views are kept in a folder of the OS temp dir (its path is printed) and
 * checked to be PNGs. Skips, saying why, only when Chromium cannot start.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openConsoleBrowser, type ConsoleBrowser } from '../support/console-browser.ts';
import { confdWriter, type ConfdItem } from '../support/confd-writer.ts';
import { openControlClient } from '../support/control-client.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

const AGENTD = '/api/agentd/1.0';

let testNode: TestNode;
let rest: RestClient;
let adminToken = '';
let agent: ConfdItem;
let queue: ConfdItem;
/** The agent's phone (1301) and a caller (the demo user 1001). */
let agentPhone: StackPhone;
let caller: StackPhone;
let browser: ConsoleBrowser;
let page: Page;

/** The row of agent 8101 in "Agents". */
const agentRow = () => page.locator('#agents-table tbody tr', { hasText: '8101' });

/** A user of the root tenant holding `acl` through a policy of its own. */
async function userWith(username: string, acl: readonly string[]): Promise<void> {
  const policy = await rest.request('/api/auth/0.1/policies', { method: 'POST', token: adminToken, body: { name: `${username}-policy`, acl } });
  const user = await rest.request('/api/auth/0.1/users', { method: 'POST', token: adminToken, body: { username, password: `${username}-pw` } });
  assert.equal(user.status, 201, JSON.stringify(user.body));
  const linked = await rest.request(`/api/auth/0.1/users/${(user.body as { uuid: string }).uuid}/policies/${(policy.body as { uuid: string }).uuid}`, { method: 'PUT', token: adminToken });
  assert.equal(linked.status, 204);
}

before(async () => {
  browser = await openConsoleBrowser('console-cc', { viewport: { width: 1280, height: 900 } });
  if (browser.missing !== undefined) return;
  page = browser.page;
  testNode = await startTestNode();
  rest = restClient(testNode.httpPort);
  adminToken = await rest.login('admin', testNode.adminPassword);
  const { created, put } = confdWriter(() => rest, () => adminToken);
  // The phone the agent logs in at: extension 1301@default of a user's line.
  const user = await created('/users', { firstname: 'Agent' });
  const line = await created('/lines', { context: 'default' });
  const extension = await created('/extensions', { exten: '1301', context: 'default' });
  const endpoint = await created('/endpoints/sip', { auth_section_options: [['username', 'agentphone'], ['password', 'agent-phone-secret']] });
  await put(`/lines/${String(line['id'])}/endpoints/sip/${String(endpoint['uuid'])}`);
  await put(`/lines/${String(line['id'])}/extensions/${String(extension['id'])}`);
  await put(`/users/${String(user['uuid'])}/lines/${String(line['id'])}`);
  agent = await created('/agents', { number: '8101', firstname: 'Agent' });
  const skill = await created('/agents/skills', { name: 'english' });
  await put(`/agents/${String(agent['id'])}/skills/${String(skill['id'])}`, { skill_weight: 70 });
  // Callers wait while the agent is paused (joinempty yes, leavewhenempty no); the queue answers at 3201.
  queue = await created('/queues', { name: 'helpdesk', label: 'Help desk', options: [['joinempty', 'yes'], ['leavewhenempty', 'no']] });
  await put(`/queues/${String(queue['id'])}/members/agents/${String(agent['id'])}`, { priority: 0 });
  const queueExtension = await created('/extensions', { exten: '3201', context: 'default' });
  await put(`/queues/${String(queue['id'])}/extensions/${String(queueExtension['id'])}`);
  agentPhone = await startStackPhone('console-agent');
  caller = await startStackPhone('console-queue-caller');
  assert.equal(await agentPhone.register(testNode.node, testNode.sipPort, 'agentphone', 'agent-phone-secret'), 200);
  assert.equal(await caller.register(testNode.node, testNode.sipPort, '1001', testNode.passwords['1001']), 200);
});

after(async () => {
  await browser?.close();
  await Promise.all([agentPhone?.close(), caller?.close()]);
  await testNode?.close();
});

describe('the contact-center views of the console', () => {
  it('MUST show an agent logged in through agentd change state in "Agents", with its queue and skill, without a reload', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await browser.login(`http://127.0.0.1:${testNode.httpPort}`, 'admin', testNode.adminPassword);
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    await agentRow().filter({ hasText: 'logged out' }).waitFor();
    assert.match(await agentRow().innerText(), /Help desk[\s\S]*english \(70\)/);

    const login = await rest.request(`${AGENTD}/agents/by-number/8101/login`, { method: 'POST', token: adminToken, body: { extension: '1301', context: 'default' } });
    assert.equal(login.status, 204, JSON.stringify(login.body));
    await agentRow().filter({ hasText: 'available' }).waitFor();
    await agentRow().locator('td').nth(3).filter({ hasText: / s$/ }).waitFor();
    await page.locator('#agents-summary', { hasText: '1 agent, 1 logged in' }).waitFor();
  });

  it('MUST pause the agent with the row\'s "Pause" once confirmed, and show the outcome and the paused row', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await browser.pressUntil(agentRow().getByRole('button', { name: 'Pause' }), page.locator('#confirm-dialog'), 'the confirmation dialog');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Pause agent 8101' }).waitFor();
    await browser.pressUntil(dialog.getByRole('button', { name: 'Confirm' }), page.locator('#action-outcome', { hasText: 'Pause agent 8101: paused' }), 'the outcome');
    await agentRow().filter({ hasText: 'paused' }).waitFor();
    await agentRow().getByRole('button', { name: 'Resume' }).waitFor();
    const status = await rest.request(`${AGENTD}/agents/by-number/8101`, { token: adminToken });
    assert.equal((status.body as { paused: boolean }).paused, true);
    await page.locator('#agents-view').scrollIntoViewIfNeeded();
    await browser.screenshot('agents');
  });

  it('MUST count a caller waiting while the agent is paused and draw it; once resumed through the page, show the agent on the call', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    agentPhone.onIncoming(({ session }) => {
      session.provisional(180);
      session.accept({ sdp: phoneSdp(agentPhone.port + 10_000) });
    });
    const call = caller.call(testNode.sipPort, '3201', '1001', testNode.passwords['1001']);
    const row = page.locator('#queues-table tbody tr', { hasText: 'helpdesk' });
    await row.locator('td').nth(1).filter({ hasText: /^1$/ }).waitFor({ timeout: 10_000 });
    await page.locator('#queues-summary', { hasText: '1 queue, 1 call waiting' }).waitFor();
    const chart = page.locator(`#queue-chart-${String(queue['id'])}`);
    await page.locator(`#queue-chart-${String(queue['id'])}[aria-label$="at most 1"]`).waitFor({ timeout: 10_000 });
    assert.ok((await chart.locator('polyline').getAttribute('points'))?.includes(','), 'the line has points');
    await page.locator('#queues-view').scrollIntoViewIfNeeded();
    await browser.screenshot('queues-waiting');

    await browser.pressUntil(agentRow().getByRole('button', { name: 'Resume' }), page.locator('#confirm-dialog'), 'the confirmation dialog');
    await browser.pressUntil(page.getByRole('dialog').getByRole('button', { name: 'Confirm' }), page.locator('#action-outcome', { hasText: 'Resume agent 8101: resumed' }), 'the outcome');
    await agentRow().filter({ hasText: 'on call' }).waitFor({ timeout: 10_000 });
    const currentCall = await agentRow().locator('td').nth(2).innerText();
    assert.notEqual(currentCall, '—', 'the agent on the call shows it');
    await row.filter({ hasText: '0 available, 1 talking, 0 paused (1 logged in)' }).waitFor();
    await page.locator('#agents-view').scrollIntoViewIfNeeded();
    await browser.screenshot('agents-on-call');

    call.session()?.sendBye();
    await agentRow().filter({ hasText: 'available' }).waitFor({ timeout: 10_000 });
    assert.equal(await agentRow().locator('td').nth(2).innerText(), '—');
  });

  it('MUST list the queue in "Queues" with its agents by state, and draw its waiting calls of the last hour', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await page.getByRole('heading', { name: 'Queues' }).waitFor();
    const row = page.locator('#queues-table tbody tr', { hasText: 'helpdesk' });
    await row.filter({ hasText: '1 available, 0 talking, 0 paused (1 logged in)' }).waitFor();
    assert.equal(await row.locator('td').nth(4).innerText(), '1', 'the call answered this hour');
    const chart = page.locator(`#queue-chart-${String(queue['id'])}`);
    await chart.locator('polyline').waitFor({ state: 'attached' });
    assert.equal(await chart.getAttribute('role'), 'img');
    assert.match(String(await chart.getAttribute('aria-label')), /^Waiting calls in helpdesk over the last hour: at most 1$/);
    assert.ok((await chart.locator('text').count()) >= 7, 'the chart has its axis labels');
    await page.locator('#queues-charts figcaption', { hasText: 'helpdesk: waiting calls, last hour' }).waitFor();
    await page.locator('#queues-view').scrollIntoViewIfNeeded();
    await browser.screenshot('queues');
  });

  it('MUST log the agent out with the row\'s "Log out" once confirmed, and do nothing when cancelled', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await browser.pressUntil(agentRow().getByRole('button', { name: 'Log out' }), page.locator('#confirm-dialog'), 'the confirmation dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await page.getByRole('dialog').isVisible(), false);
    assert.match(await agentRow().innerText(), /available/);
    await browser.pressUntil(agentRow().getByRole('button', { name: 'Log out' }), page.locator('#confirm-dialog'), 'the confirmation dialog');
    await browser.pressUntil(page.getByRole('dialog').getByRole('button', { name: 'Confirm' }), page.locator('#action-outcome', { hasText: 'Log out agent 8101: logged out' }), 'the outcome');
    await agentRow().filter({ hasText: 'logged out' }).waitFor();
    assert.equal(await agentRow().getByRole('button').count(), 0, 'a logged-out agent has no action');
  });

  it('MUST show a user without agentd ACLs both views refused, and refuse the commands it forces', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    const login = await rest.request(`${AGENTD}/agents/by-number/8101/login`, { method: 'POST', token: adminToken, body: { extension: '1301', context: 'default' } });
    assert.equal(login.status, 204);
    await userWith('calls-watcher', ['websocketd', 'calld.calls.read']);

    await browser.logOut();
    await browser.logIn('calls-watcher', 'calls-watcher-pw');
    await page.locator('#agents-error', { hasText: 'forbidden' }).waitFor();
    await page.locator('#queues-error', { hasText: 'forbidden' }).waitFor();
    assert.equal(await page.locator('#agents-table tbody').innerText(), 'not available', await page.locator('#agents-view').innerHTML());
    assert.equal(await page.locator('#queues-charts svg').count(), 0);
    await browser.screenshot('limited-user');
    assert.equal(await page.locator('#agents-table tbody').innerText(), 'not available');
    const token = await rest.login('calls-watcher', 'calls-watcher-pw');
    const client = await openControlClient(`ws://127.0.0.1:${testNode.httpPort}/api/control?token=${token}`);
    await client.waitFor((frame) => frame.type === 'welcome');
    const replies = [
      await client.command('pause', 'agents.pause', { agent_id: agent['id'] }),
      await client.command('logoff', 'agents.logoff', { agent_id: agent['id'] }),
      await client.command('history', 'queues.waiting_history', { queue_id: queue['id'] }),
    ];
    client.close();
    assert.deepEqual(replies.map((reply) => (reply['error'] as { code?: string } | undefined)?.code), ['forbidden', 'forbidden', 'forbidden']);
    const status = await rest.request(`${AGENTD}/agents/by-number/8101`, { token: adminToken });
    assert.deepEqual([(status.body as { logged: boolean }).logged, (status.body as { paused: boolean }).paused], [true, false]);
  });

  it('MUST show a user who may only read agents the Agents view, and show the server\'s refusal of its "Pause"', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await userWith('agents-watcher', ['websocketd', 'agentd.agents.read']);
    await browser.logOut();
    await browser.logIn('agents-watcher', 'agents-watcher-pw');
    await agentRow().filter({ hasText: 'available' }).waitFor();
    await page.locator('#queues-error', { hasText: 'forbidden' }).waitFor();
    await browser.pressUntil(agentRow().getByRole('button', { name: 'Pause' }), page.getByRole('dialog'), 'the confirmation of the pause');
    await browser.pressUntil(page.getByRole('dialog').getByRole('button', { name: 'Confirm' }), page.locator('#action-outcome[data-state="refused"]'), 'the refusal of the pause');
    await page.locator('#action-outcome[data-state="refused"]', { hasText: 'Pause agent 8101: refused (forbidden: the token lacks the agentd.agents.by-id.' }).waitFor();
    await agentRow().filter({ hasText: 'available' }).waitFor();
    const status = await rest.request(`${AGENTD}/agents/by-number/8101`, { token: adminToken });
    assert.equal((status.body as { paused: boolean }).paused, false);
    await browser.screenshot('agents-refused');
  });

  it("MUST show an administrator of another tenant neither the agent nor the queue, and answer not_found for them", async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    const tenant = await rest.request('/api/auth/0.1/tenants', { method: 'POST', token: adminToken, body: { name: 'elsewhere' } });
    const policies = await rest.request('/api/auth/0.1/policies?search=default-admin', { token: adminToken });
    const user = await rest.request('/api/auth/0.1/users', { method: 'POST', token: adminToken, headers: { 'wazo-tenant': (tenant.body as { uuid: string }).uuid }, body: { username: 'elsewhere-admin', password: 'elsewhere-pw' } });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    const linked = await rest.request(`/api/auth/0.1/users/${(user.body as { uuid: string }).uuid}/policies/${(policies.body as { items: { uuid: string }[] }).items[0]?.uuid ?? ''}`, { method: 'PUT', token: adminToken });
    assert.equal(linked.status, 204);

    await browser.logOut();
    await browser.logIn('elsewhere-admin', 'elsewhere-pw');
    await page.locator('#agents-table tbody', { hasText: 'no agent' }).waitFor();
    await page.locator('#queues-table tbody', { hasText: 'no queue' }).waitFor();
    assert.deepEqual([await page.locator('#agents-error').innerText(), await page.locator('#queues-error').innerText()], ['', '']);

    const client = await openControlClient(`ws://127.0.0.1:${testNode.httpPort}/api/control?token=${await rest.login('elsewhere-admin', 'elsewhere-pw')}`);
    await client.waitFor((frame) => frame.type === 'welcome');
    const replies = [
      await client.command('pause', 'agents.pause', { agent_id: agent['id'] }),
      await client.command('history', 'queues.waiting_history', { queue_id: queue['id'] }),
    ];
    client.close();
    assert.deepEqual(replies.map((reply) => (reply['error'] as { code?: string } | undefined)?.code), ['not_found', 'not_found']);
  });
});
