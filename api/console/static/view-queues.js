/**
 * The "Queues" view: each queue of the tenants the token sees with its waiting calls, longest
 * wait, agents by state, calls answered and abandoned this hour and service level
 * (`queues.statistics`), and a chart per queue of its waiting calls over the last hour
 * (`queues.waiting_history`), an SVG built with DOM calls. Above the table, the node running the
 * contact center and a select of the live nodes (`contact_center.status`); each queue's "Move…"
 * moves the contact center running it to the selected node (`queues.migrate`) once confirmed, the
 * outcome or the server's refusal shown. Asked again on each agent or call event and every 5 s,
 * never twice at once.
 */
import { button, cell, fillTable, formatDuration, poller, throttled, viewSection } from './console-dom.js';

const REFRESH_MS = 5000;
const EVENT_REFRESH_MS = 1000;
const EVENTS = ['agent_status_update', 'agent_paused', 'agent_unpaused', 'call_created', 'call_answered', 'call_ended'];
const COLUMNS = ['Queue', 'Waiting', 'Longest wait', 'Agents', 'Answered', 'Abandoned', 'Service level', 'Actions'];
const SVG = 'http://www.w3.org/2000/svg';
const CHART = { width: 640, height: 160, left: 36, right: 12, top: 12, bottom: 24 };

/** An SVG element with these attributes (values as text, never markup). */
function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

const count = (value, noun) => `${value} ${noun}${value === 1 ? '' : 's'}`;
const membersText = (members) =>
  `${members.available} available, ${members.talking} talking, ${members.paused} paused (${members.logged_in} logged in)`;

/** The chart of one queue's waiting calls: the most waiting per 10 s slot, over the hour to `nowMs`. */
export function waitingChart(history, nowMs) {
  const { width, height, left, right, top, bottom } = CHART;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const windowMs = history.window_seconds * 1000;
  const startMs = nowMs - windowMs;
  const most = Math.max(0, ...history.samples.map((sample) => sample.max_waiting));
  const peak = Math.max(1, most);
  const x = (atMs) => left + (Math.min(Math.max(atMs - startMs, 0), windowMs) / windowMs) * plotWidth;
  const y = (waiting) => top + plotHeight - (waiting / peak) * plotHeight;
  const label = `Waiting calls in ${history.name} over the last hour: at most ${most}`;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'waiting-chart', role: 'img', 'aria-label': label, id: `queue-chart-${history.queue_id}` });
  chart.append(svg('title', {}, label));
  chart.append(svg('line', { x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight, class: 'axis' }));
  chart.append(svg('line', { x1: left, y1: top, x2: left, y2: top + plotHeight, class: 'axis' }));
  for (const value of [0, peak]) chart.append(svg('text', { x: left - 6, y: y(value) + 4, class: 'tick', 'text-anchor': 'end' }, value));
  for (const minutesAgo of [60, 45, 30, 15, 0]) {
    chart.append(svg('text', { x: x(nowMs - minutesAgo * 60_000), y: height - 6, class: 'tick', 'text-anchor': 'middle' }, minutesAgo === 0 ? 'now' : `-${minutesAgo} min`));
  }
  // One step line (and the area under it) per run of consecutive slots: a slot without a sample is unknown, not 0.
  const slotMs = history.slot_seconds * 1000;
  const runs = [];
  for (const sample of history.samples) {
    const run = runs.at(-1);
    if (run !== undefined && sample.at_ms - run.at(-1).at_ms === slotMs) run.push(sample);
    else runs.push([sample]);
  }
  const base = y(0).toFixed(1);
  for (const run of runs) {
    const steps = run.flatMap((sample) => {
      const level = y(sample.max_waiting).toFixed(1);
      return [`${x(sample.at_ms).toFixed(1)},${level}`, `${x(sample.at_ms + slotMs).toFixed(1)},${level}`];
    });
    const first = x(run[0].at_ms).toFixed(1);
    const last = x(run.at(-1).at_ms + slotMs).toFixed(1);
    chart.append(svg('polygon', { points: [`${first},${base}`, ...steps, `${last},${base}`].join(' '), class: 'waiting-area' }));
    chart.append(svg('polyline', { points: steps.join(' '), class: 'waiting-line' }));
  }
  const latest = history.samples.at(-1);
  if (latest !== undefined) chart.append(svg('circle', { cx: x(latest.at_ms + slotMs).toFixed(1), cy: y(latest.waiting).toFixed(1), r: 3, class: 'waiting-now' }));
  return chart;
}

export const queuesView = {
  id: 'queues',
  title: 'Queues',
  events: EVENTS,
  create({ command, confirm }) {
    const { section, summary, error, table } = viewSection({ id: 'queues', title: 'Queues', columns: COLUMNS });
    const charts = document.createElement('div');
    charts.id = 'queues-charts';
    section.append(charts);
    // Where the contact center runs, and the node a move goes to.
    const placement = cell('p', '', 'summary');
    placement.id = 'queues-placement';
    const targetLabel = cell('label', 'Move to node ', 'search');
    const target = document.createElement('select');
    target.id = 'queues-move-target';
    targetLabel.append(target);
    const mover = cell('p', '');
    mover.append(targetLabel);
    table.before(placement, mover);

    let status;
    const renderPlacement = (next) => {
      status = next;
      placement.textContent = next.owner_node === null ? 'Contact center: no node runs it now' : `Contact center: runs on ${next.owner_node} (${next.mode})`;
      const chosen = target.value;
      target.replaceChildren(...next.nodes.map((node) => {
        const option = cell('option', node.owner ? `${node.name} (runs it)` : node.name);
        option.value = node.name;
        return option;
      }));
      const preferred = next.nodes.find((node) => node.name === chosen) ?? next.nodes.find((node) => !node.owner) ?? next.nodes[0];
      if (preferred !== undefined) target.value = preferred.name;
    };
    const move = (queue) => {
      const node = target.value;
      const from = status?.owner_node ?? 'the node running it';
      return confirm({
        title: `Move ${queue.name} to ${node}`,
        detail: `The contact center running ${queue.name} (all its queues and agents) moves live from ${from} to ${node}: agents stay logged in, waiting callers keep their place.`,
        run: () => command('queues.migrate', { queue_id: queue.queue_id, node }),
        describe: (result) => `moved from ${result.from} to ${result.to} in ${result.duration_ms} ms: ${count(result.queues, 'queue')}, ${count(result.agents, 'agent')}, ${count(result.waiting_calls, 'waiting call')} carried`,
      }).then(() => refresh());
    };

    const actionsOf = (queue) => {
      const actions = cell('td', '');
      actions.append(button('Move…', () => move(queue)));
      return actions;
    };
    const renderStatistics = (list) => {
      const waiting = list.items.reduce((sum, queue) => sum + queue.waiting_calls, 0);
      summary.textContent = `${list.total} queue${list.total === 1 ? '' : 's'}, ${waiting} call${waiting === 1 ? '' : 's'} waiting`;
      fillTable(table, list.items.map((queue) => [
        cell('td', queue.name),
        cell('td', queue.waiting_calls),
        cell('td', formatDuration(queue.longest_wait_seconds)),
        cell('td', membersText(queue.members)),
        cell('td', queue.answered),
        cell('td', queue.abandoned),
        cell('td', queue.service_level_percent === null ? '—' : `${queue.service_level_percent} % within ${queue.service_level_seconds} s`),
        actionsOf(queue),
      ]), COLUMNS.length, 'no queue');
    };
    const renderCharts = (histories, nowMs) => {
      charts.replaceChildren(...histories.items.map((history) => {
        const figure = document.createElement('figure');
        const since = history.since_ms > nowMs - history.window_seconds * 1000 ? ` (sampled since ${new Date(history.since_ms).toLocaleTimeString()})` : '';
        figure.append(waitingChart(history, nowMs), cell('figcaption', `${history.name}: waiting calls, last hour${since}`));
        return figure;
      }));
    };

    let asked = false;
    const refresh = () => {
      if (asked) return;
      asked = true;
      command('contact_center.status').then(renderPlacement, (failure) => {
        placement.textContent = `Contact center: ${failure.message}`;
      });
      Promise.all([command('queues.statistics'), command('queues.waiting_history'), command('ping')]).then(([statistics, histories, pong]) => {
        error.textContent = '';
        renderStatistics(statistics);
        renderCharts(histories, pong.time_ms);
      }, (failure) => {
        error.textContent = failure.message;
        summary.textContent = '';
        fillTable(table, [], COLUMNS.length, 'not available');
        charts.replaceChildren();
      }).finally(() => { asked = false; });
    };

    /** Events ask again at most once a second: a busy queue sends many. */
    const refreshSoon = throttled(refresh, EVENT_REFRESH_MS);
    const polling = poller(refresh, REFRESH_MS);
    return {
      section,
      ready: polling.start,
      event(frame) { if (EVENTS.includes(frame.name)) refreshSoon(); },
      stop() {
        polling.stop();
        refreshSoon.cancel();
      },
    };
  },
};
