/**
 * The "Nodes" view: the cluster's HA state (`ha.status`), asked again every 2 s: each node's role,
 * lease epoch, health, uptime and load (calls, actors by kind, media workers and their sessions,
 * CPU, memory), whether it is drained, and the last failover and drain. Per node: Drain, Undrain
 * and Switchover, each through the confirmation dialog; the server decides and says why it refuses.
 *
 * @remarks Draining or switching over the master the console talks to moves the service address:
 * the reply may be lost with the connection. The outcome is then read from the handover the master
 * recorded (`last_handover`), through whichever node serves once the console has reconnected.
 */
import { button, cell, fillTable, formatDuration, poller, viewSection } from './console-dom.js';

const REFRESH_MS = 2000;
const OUTCOME_WAIT_MS = 45_000;
const COLUMNS = ['Name', 'Role', 'Epoch', 'Health', 'Uptime', 'Calls', 'Actors', 'Media', 'CPU', 'Memory', 'Drained', 'Actions'];

const megabytes = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function actorsText(actors) {
  const kinds = Object.keys(actors ?? {}).sort();
  return kinds.length === 0 ? 'none' : kinds.map((kind) => `${kind} ${actors[kind]}`).join(', ');
}

function mediaText(media) {
  const perWorker = media.sessions_per_worker.length > 1 ? ` (${media.sessions_per_worker.join(' + ')})` : '';
  return `${media.ready_workers}/${media.workers} workers, ${media.sessions} sessions${perWorker}`;
}

function healthCell(health) {
  if (health === null) return cell('td', '—');
  return cell('td', health.ok ? 'ok' : health.problems.join('; '), health.ok ? 'health-ok' : 'health-bad');
}

function loadCells(node) {
  const load = node.load;
  if (load === null) return [cell('td', '—'), cell('td', node.calls), cell('td', '—'), cell('td', '—'), cell('td', '—'), cell('td', '—')];
  return [
    cell('td', formatDuration(load.uptime_s)),
    cell('td', node.calls),
    cell('td', actorsText(load.actors)),
    cell('td', mediaText(load.media)),
    cell('td', `${load.cpu_percent} %`),
    cell('td', `${megabytes(load.memory.rss_bytes)} (heap ${megabytes(load.memory.heap_used_bytes)})`),
  ];
}

function handoverText(handover) {
  return `${handover.node} ${handover.drained ? 'drained' : 'switched over'} to ${handover.to}: ${handover.migrated_calls} calls moved, ${handover.dropped_calls} dropped, in ${seconds(handover.duration_ms)}`;
}

/** Whether a command failed because the connection went (no answer), not because the server refused (a code). */
const connectionLost = (failure) => failure.code === undefined && failure.message !== 'not connected';

export const nodesView = {
  id: 'nodes',
  title: 'Nodes',
  events: [],
  create({ command, confirm }) {
    const { section, summary, error, table } = viewSection({ id: 'nodes', title: 'Nodes', columns: COLUMNS });

    let latest;

    /** After the connection was lost mid-handover: the outcome the master recorded, read through any node. */
    const recordedHandover = async (master) => {
      const deadline = Date.now() + OUTCOME_WAIT_MS;
      while (Date.now() < deadline) {
        const status = await command('ha.status').catch(() => undefined);
        const handover = status?.last_handover;
        if (handover && handover.node === master?.name && handover.from_epoch === master.epoch) return handover;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      throw new Error(`the connection was lost and no outcome was recorded within ${OUTCOME_WAIT_MS / 1000} s`);
    };
    const masterNow = () => latest?.nodes.find((each) => each.role === 'master');

    const drain = (node) => confirm({
      title: `Drain ${node.name}`,
      detail: node.role === 'master'
        ? `${node.name} is the master: it stops taking calls and hands its ${node.calls} calls, agents and queues live to a slave, then stays a slave until undrained.`
        : `${node.name} will not become master while another live node can be.`,
      run: async () => {
        try {
          return await command('nodes.drain', { node: node.name });
        } catch (failure) {
          if (!connectionLost(failure) || node.role !== 'master') throw failure;
          return { ...(await recordedHandover(node)), role: 'master' };
        }
      },
      describe: (result) => (result.role === 'master' ? handoverText({ ...result, drained: true }) : `${result.node} marked drained`),
    }).then(refresh);

    const undrain = (node) => confirm({
      title: `Undrain ${node.name}`,
      detail: `${node.name} may become master again.`,
      run: () => command('nodes.undrain', { node: node.name }),
      describe: (result) => (result.was_drained ? `${result.node} is no longer drained` : `${result.node} was not drained`),
    }).then(refresh);

    const switchover = (node) => confirm({
      title: node.role === 'master' ? `Switch ${node.name} over` : `Switch over to ${node.name}`,
      detail: node.role === 'master'
        ? `${node.name} hands its calls, agents and queues live to a slave and becomes a slave.`
        : `The master hands its calls, agents and queues live to ${node.name}, which becomes the master.`,
      run: async () => {
        const master = masterNow();
        try {
          return await command('ha.switchover', node.role === 'master' ? {} : { target: node.name });
        } catch (failure) {
          if (!connectionLost(failure) || master === undefined) throw failure;
          const handover = await recordedHandover(master);
          return { ...handover, from: handover.node };
        }
      },
      describe: (result) => handoverText({ ...result, node: result.from, drained: false }),
    }).then(refresh);

    /** The node as last heard of: a button kept across refreshes (its cell unchanged) acts on what is true now. */
    const now = (node) => latest?.nodes.find((each) => each.name === node.name) ?? node;
    const actions = (node) => {
      const buttons = cell('div', '', 'node-actions');
      buttons.append(node.drained ? button('Undrain', () => undrain(now(node))) : button('Drain', () => drain(now(node))));
      if (node.role !== 'standalone') buttons.append(button('Switchover', () => switchover(now(node))));
      const actionsCell = cell('td', '');
      actionsCell.append(buttons);
      return actionsCell;
    };

    const render = (status) => {
      const failover = status.last_failover_at === null ? 'none' : new Date(status.last_failover_at).toLocaleString();
      latest = status;
      const lastHandover = status.last_handover ? `; last handover: ${handoverText(status.last_handover)}` : '';
      summary.textContent = status.enabled
        ? `This node: ${status.role}, epoch ${status.epoch ?? '—'}; master: ${status.master_node_name ?? 'none'}; last failover: ${failover}${lastHandover}`
        : `This node: ${status.role} (HA disabled)`;
      fillTable(table, status.nodes.map((node) => [
        cell('td', node.name),
        cell('td', node.role, `role-${node.role}`),
        cell('td', node.epoch ?? '—'),
        healthCell(node.health),
        ...loadCells(node),
        cell('td', node.drained ? 'yes' : 'no', node.drained ? 'drained' : undefined),
        actions(node),
      ]), COLUMNS.length, 'no node known');
    };
    function refresh() {
      return command('ha.status').then((status) => {
        error.textContent = '';
        render(status);
      }, (failure) => { error.textContent = failure.message; });
    }
    const polling = poller(refresh, REFRESH_MS);
    return {
      section,
      ready: polling.start,
      event() {},
      stop: polling.stop,
    };
  },
};
