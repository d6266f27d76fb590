/**
 * The "Registrations" view, the console's `sip show peers`: each SIP line with the contacts the
 * registrar holds for it (`registrations.list`), and each trunk with its registration and its
 * peer's reachability (`trunks.list`). Asked again on `line_status_updated` and
 * `trunk_status_updated`, and every 5 s (the time left of each contact), never twice at once.
 * The search box filters both tables as one types.
 */
import { cell, fillTable, poller, viewSection } from './console-dom.js';

const REFRESH_MS = 5000;
const STATUS_EVENTS = ['line_status_updated', 'trunk_status_updated'];
const LINE_COLUMNS = ['Line', 'Tenant', 'User', 'Context', 'Status', 'Contact', 'Source', 'User agent', 'Expires in'];
const TRUNK_COLUMNS = ['Trunk', 'Tenant', 'Registration', 'Qualify', 'Calls'];

/** A tenant as a short, recognisable label (its whole uuid as the tooltip). */
function tenantCell(uuid) {
  const node = cell('td', String(uuid ?? '').slice(0, 8));
  node.title = uuid ?? '';
  return node;
}

/** The table rows of one line: one per contact, or one saying it has none. */
function lineRows(line) {
  const head = () => [cell('td', line.name ?? '(no endpoint)'), tenantCell(line.tenant_uuid), cell('td', line.users.join(', ')), cell('td', line.context), cell('td', line.status, `status-${line.status}`)];
  if (line.contacts.length === 0) return [[...head(), cell('td', '—'), cell('td', ''), cell('td', ''), cell('td', '')]];
  return line.contacts.map((contact) => [
    ...head(),
    cell('td', contact.instance_id ? `${contact.contact} (${contact.instance_id})` : contact.contact),
    cell('td', `${contact.source_address}:${contact.source_port}/${contact.transport}${contact.path.length > 0 ? ` via ${contact.path.join(', ')}` : ''}`),
    cell('td', contact.user_agent ?? ''),
    cell('td', `${contact.expires_in_s} s`),
  ]);
}

/** `sip show peers` for a probed peer: OK (with the round trip), UNREACHABLE or UNKNOWN; "—" when not qualified. */
function qualifyText(trunk) {
  switch (trunk.reachability) {
    case 'reachable': return trunk.round_trip_ms === null ? 'OK' : `OK (${trunk.round_trip_ms} ms)`;
    case 'unreachable': return 'UNREACHABLE';
    case 'unknown': return 'UNKNOWN';
    default: return '—';
  }
}

function trunkRow(trunk) {
  return [cell('td', trunk.name), tenantCell(trunk.tenant_uuid), cell('td', trunk.registration ?? '—'), cell('td', qualifyText(trunk), `qualify-${trunk.reachability ?? 'none'}`), cell('td', trunk.current_call_count)];
}

/** Whether any of the texts holds the search (case-insensitive). */
const matches = (search, texts) => search === '' || texts.some((text) => String(text ?? '').toLowerCase().includes(search));
const lineTexts = (line) => [line.name, line.context, line.status, ...line.users, ...line.extensions, ...line.contacts.flatMap((contact) => [contact.contact, contact.source_address, contact.user_agent])];
const trunkTexts = (trunk) => [trunk.name, trunk.registration, qualifyText(trunk)];

function searchBox(onInput) {
  const label = cell('label', 'Search ', 'search');
  const input = document.createElement('input');
  input.type = 'search';
  input.id = 'registrations-search';
  input.maxLength = 128;
  input.addEventListener('input', onInput);
  label.append(input);
  return { label, input };
}

function trunksPart() {
  const heading = cell('h3', 'Trunks');
  heading.id = 'trunks-heading';
  const error = cell('p', '', 'error');
  error.id = 'trunks-error';
  error.setAttribute('role', 'alert');
  const table = document.createElement('table');
  table.id = 'trunks-table';
  const head = document.createElement('thead');
  const row = document.createElement('tr');
  row.append(...TRUNK_COLUMNS.map((column) => cell('th', column)));
  head.append(row);
  table.append(head, document.createElement('tbody'));
  return { nodes: [heading, error, table], error, table };
}

export const registrationsView = {
  id: 'registrations',
  title: 'Registrations',
  events: STATUS_EVENTS,
  create({ command }) {
    const { section, summary, error, table } = viewSection({ id: 'registrations', title: 'Registrations', columns: LINE_COLUMNS });
    const trunks = trunksPart();
    let lines = { total: 0, items: [] };
    let trunkList = { total: 0, items: [] };
    const render = () => {
      const search = box.input.value.trim().toLowerCase();
      const shownLines = lines.items.filter((line) => matches(search, lineTexts(line)));
      const shownTrunks = trunkList.items.filter((trunk) => matches(search, trunkTexts(trunk)));
      const registered = lines.items.filter((line) => line.status === 'registered').length;
      summary.textContent = `${lines.total} line${lines.total === 1 ? '' : 's'}, ${registered} registered; ${trunkList.total} trunk${trunkList.total === 1 ? '' : 's'}`
        + (search === '' ? '' : ` (showing ${shownLines.length} lines, ${shownTrunks.length} trunks)`);
      fillTable(table, shownLines.flatMap(lineRows), LINE_COLUMNS.length, search === '' ? 'no SIP line' : 'no line matches');
      fillTable(trunks.table, shownTrunks.map(trunkRow), TRUNK_COLUMNS.length, search === '' ? 'no trunk' : 'no trunk matches');
    };
    const box = searchBox(render);
    table.before(box.label);
    section.append(...trunks.nodes);
    let asked = false;
    let again = false;
    const refresh = () => {
      if (asked) return void (again = true);
      asked = true;
      again = false;
      const linesAsked = command('registrations.list').then((list) => {
        error.textContent = '';
        lines = list;
      }, (failure) => { error.textContent = failure.message; });
      const trunksAsked = command('trunks.list').then((list) => {
        trunks.error.textContent = '';
        trunkList = list;
      }, (failure) => { trunks.error.textContent = failure.message; });
      Promise.all([linesAsked, trunksAsked]).then(render).finally(() => {
        asked = false;
        // A change told while asking: ask once more, so the last change is shown.
        if (again) refresh();
      });
    };
    const polling = poller(refresh, REFRESH_MS);
    return {
      section,
      ready: polling.start,
      event(frame) { if (STATUS_EVENTS.includes(frame.name)) refresh(); },
      stop: polling.stop,
    };
  },
};
