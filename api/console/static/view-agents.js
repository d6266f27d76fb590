/**
 * The "Agents" view: each agent of the tenants the token sees (`agents.list`) with its state, the
 * call it is on, the time in that state, its queues and skills, and the actions "Log out",
 * "Pause" and "Resume" (`agents.logoff`, `agents.pause`, `agents.unpause`), each confirmed first;
 * the server decides, and its refusal is shown. Asked again on each agent or call event and every
 * 5 s, never twice at once; the time in state ticks every second between answers.
 */
import { button, cell, fillTable, formatDuration, throttled, viewSection } from './console-dom.js';

const REFRESH_MS = 5000;
const EVENT_REFRESH_MS = 1000;
const TICK_MS = 1000;
const AGENT_EVENTS = ['agent_status_update', 'agent_paused', 'agent_unpaused'];
const CALL_EVENTS = ['call_created', 'call_answered', 'call_ended'];
const COLUMNS = ['Agent', 'State', 'Current call', 'Time in state', 'Queues', 'Skills', 'Actions'];
const ACTIVITY = { logged_out: 'logged out', available: 'available', ringing: 'ringing', on_call: 'on call', wrapup: 'wrap-up' };

/** What the operator reads as the agent's state: a pause wins over the activity beside it. */
export function agentState(agent) {
  if (agent.logged && agent.paused) return agent.paused_reason ? `paused (${agent.paused_reason})` : 'paused';
  return ACTIVITY[agent.activity] ?? agent.activity;
}

export const agentsView = {
  id: 'agents',
  title: 'Agents',
  events: [...AGENT_EVENTS, ...CALL_EVENTS],
  create({ command, confirm }) {
    const { section, summary, error, table } = viewSection({ id: 'agents', title: 'Agents', columns: COLUMNS });
    /** Server time minus page time, from `ping`, so time in state does not depend on the page's clock. */
    let clockOffsetMs = 0;
    let last;
    /** The "time in state" cells and when each state began, updated by the tick. */
    let clocks = [];
    let asked = false;
    const serverNow = () => Date.now() + clockOffsetMs;
    const timeIn = (sinceMs) => (sinceMs === null ? '—' : formatDuration((serverNow() - sinceMs) / 1000));
    const tick = () => { for (const { node, sinceMs } of clocks) node.textContent = timeIn(sinceMs); };

    /** The agent as last heard of: a button kept across refreshes (its cell unchanged) acts on what is true now. */
    const now = (agent) => last?.items.find((each) => each.id === agent.id) ?? agent;
    const act = (shown, title, name, args, describe) => {
      const agent = now(shown);
      return confirm({
        title: `${title} agent ${agent.number}`,
        detail: `Agent ${agent.number} is ${agentState(agent)}.`,
        run: () => command(name, { agent_id: agent.id, ...args }),
        describe: () => describe,
      }).then(() => refresh());
    };

    const actions = (agent) => {
      const holder = cell('td', '', 'actions');
      if (!agent.logged) return holder;
      holder.append(button('Log out', () => act(agent, 'Log out', 'agents.logoff', {}, 'logged out')));
      holder.append(agent.paused
        ? button('Resume', () => act(agent, 'Resume', 'agents.unpause', {}, 'resumed'))
        : button('Pause', () => act(agent, 'Pause', 'agents.pause', {}, 'paused')));
      return holder;
    };

    const render = () => {
      if (last === undefined) return;
      const logged = last.items.filter((agent) => agent.logged).length;
      summary.textContent = `${last.total} agent${last.total === 1 ? '' : 's'}, ${logged} logged in`;
      const rows = fillTable(table, last.items.map((agent) => [
        cell('td', agent.number),
        cell('td', agentState(agent), `agent-${agent.logged && agent.paused ? 'paused' : agent.activity}`),
        cell('td', agent.current_call_id ?? '—'),
        cell('td', timeIn(agent.state_since_ms)),
        cell('td', agent.queues.map((queue) => queue.display_name || queue.name).join(', ') || '—'),
        cell('td', agent.skills.map((skill) => `${skill.name} (${skill.weight})`).join(', ') || '—'),
        actions(agent),
      ]), COLUMNS.length, 'no agent');
      // The cells shown, kept or new, tick.
      clocks = rows.map((row, index) => ({ node: row.cells[3], sinceMs: last.items[index].state_since_ms }));
      for (const [index, row] of rows.entries()) row.dataset.agentId = String(last.items[index].id);
    };

    const refresh = () => {
      if (asked) return;
      asked = true;
      command('agents.list').then((list) => {
        error.textContent = '';
        last = list;
        render();
      }, (failure) => {
        error.textContent = failure.message;
        last = undefined;
        clocks = [];
        summary.textContent = '';
        fillTable(table, [], COLUMNS.length, 'not available');
      }).finally(() => { asked = false; });
    };

    /** Events ask again at most once a second: every call event of a busy node would otherwise ask. */
    const refreshSoon = throttled(refresh, EVENT_REFRESH_MS);
    let refreshTimer;
    let tickTimer;
    return {
      section,
      ready() {
        clearInterval(refreshTimer);
        clearInterval(tickTimer);
        const sentAt = Date.now();
        command('ping').then((pong) => { clockOffsetMs = pong.time_ms - (sentAt + Date.now()) / 2; }, () => undefined);
        refreshTimer = setInterval(refresh, REFRESH_MS);
        tickTimer = setInterval(tick, TICK_MS);
        refresh();
      },
      event(frame) { if (AGENT_EVENTS.includes(frame.name) || CALL_EVENTS.includes(frame.name)) refreshSoon(); },
      stop() {
        refreshSoon.cancel();
        clearInterval(refreshTimer);
        clearInterval(tickTimer);
      },
    };
  },
};
