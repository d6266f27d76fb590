/**
 * The "Nodes" view: the cluster's HA state (`ha.status`), asked again every 2 s.
 */
import { cell, fillTable, viewSection } from './console-dom.js';

const REFRESH_MS = 2000;

export const nodesView = {
  id: 'nodes',
  title: 'Nodes',
  events: [],
  create({ command }) {
    const { section, summary, error, table } = viewSection({ id: 'nodes', title: 'Nodes', columns: ['Name', 'Role', 'Epoch', 'Calls'] });
    const render = (status) => {
      const failover = status.last_failover_at === null ? 'none' : new Date(status.last_failover_at).toLocaleString();
      summary.textContent = status.enabled
        ? `This node: ${status.role}, epoch ${status.epoch ?? '—'}; master: ${status.master_node_name ?? 'none'}; last failover: ${failover}`
        : `This node: ${status.role} (HA disabled)`;
      fillTable(table, status.nodes.map((node) => [
        cell('td', node.name),
        cell('td', node.role, `role-${node.role}`),
        cell('td', node.epoch ?? '—'),
        cell('td', node.calls),
      ]), 4, 'no node known');
    };
    const refresh = () => command('ha.status').then((status) => {
      error.textContent = '';
      render(status);
    }, (failure) => { error.textContent = failure.message; });
    let timer;
    return {
      section,
      ready() {
        clearInterval(timer);
        timer = setInterval(refresh, REFRESH_MS);
        refresh();
      },
      event() {},
      stop() { clearInterval(timer); },
    };
  },
};
