/**
 * The DOM parts of the "Calls" view: a keyed row per channel whose cells are rewritten only when
 * their text changed, and the toolbar (search, pages, the transfer and move forms).
 */
import { button, cell, formatDuration } from './console-dom.js';
import { calleeOf, callerOf, lossText, stateOf } from './calls-model.js';

export const COLUMNS = ['Call', 'Caller', 'Callee', 'State', 'Duration', 'Node', 'Worker', 'Codec', 'Loss', 'Actions'];
/** The cells a row keeps (the Actions cell holds buttons and never changes). */
const FIELDS = ['call', 'caller', 'callee', 'state', 'duration', 'node', 'worker', 'codec', 'loss'];

/** The texts of a channel's cells; `durationSeconds` from the store (the server's clock). */
export function textsOf(call, durationSeconds) {
  return {
    call: call.call_id,
    caller: callerOf(call),
    callee: calleeOf(call),
    state: stateOf(call),
    duration: formatDuration(durationSeconds),
    node: call.node_name ?? '—',
    worker: call.media_worker === null || call.media_worker === undefined ? '—' : String(call.media_worker),
    codec: call.codec ?? '—',
    loss: lossText(call.packet_loss_percent),
  };
}

/** A new keyed row: its cells and the two action buttons (their clicks are handled on the table body). */
export function newRow(callId) {
  const tr = document.createElement('tr');
  tr.dataset.callId = callId;
  const cells = {};
  for (const field of FIELDS) {
    cells[field] = cell('td', '', `call-${field}`);
    tr.append(cells[field]);
  }
  const actions = cell('td', '', 'call-actions');
  const hangUp = button('Hang up', () => undefined);
  hangUp.dataset.action = 'hangup';
  const transfer = button('Transfer', () => undefined);
  transfer.dataset.action = 'transfer';
  const move = button('Move', () => undefined);
  move.dataset.action = 'move';
  actions.append(hangUp, transfer, move);
  tr.append(actions);
  return { tr, cells, texts: {} };
}

/** Writes the cells whose text changed, only. */
export function writeRow(row, texts) {
  for (const field of FIELDS) {
    if (row.texts[field] !== texts[field]) {
      row.cells[field].textContent = texts[field];
      row.texts[field] = texts[field];
    }
  }
}

/** The row saying why the table is empty. */
export function emptyRow() {
  const tr = document.createElement('tr');
  const note = cell('td', 'no call in progress', 'empty');
  note.colSpan = COLUMNS.length;
  tr.append(note);
  return { tr, note };
}

/** The search box, the page controls and the (hidden) transfer form, above the table. */
export function toolbar({ onPage }) {
  const bar = document.createElement('div');
  bar.className = 'calls-toolbar';
  const search = document.createElement('input');
  search.type = 'search';
  search.id = 'calls-filter';
  search.placeholder = 'caller, callee, call id, state, node';
  search.setAttribute('aria-label', 'Search calls');
  search.maxLength = 200;
  const previous = button('Previous', () => onPage(-1));
  const pageText = cell('span', '', 'calls-page');
  pageText.id = 'calls-page';
  const next = button('Next', () => onPage(1));
  const form = document.createElement('form');
  form.id = 'calls-transfer-form';
  form.hidden = true;
  const what = cell('span', '', 'transfer-what');
  const exten = document.createElement('input');
  exten.name = 'exten';
  exten.required = true;
  exten.maxLength = 80;
  exten.setAttribute('aria-label', 'Transfer to extension');
  exten.placeholder = 'extension';
  const go = cell('button', 'Transfer…');
  go.type = 'submit';
  const cancel = button('Cancel', () => { form.hidden = true; });
  form.append(what, exten, go, cancel);
  const moving = moveForm();
  bar.append(search, previous, pageText, next, form, moving.form);
  return { bar, search, previous, next, pageText, form, what, exten, move: moving };
}

/** The (hidden) form naming the node a call moves to, with the live nodes offered as suggestions. */
function moveForm() {
  const form = document.createElement('form');
  form.id = 'calls-move-form';
  form.hidden = true;
  const what = cell('span', '', 'move-what');
  const node = document.createElement('input');
  node.name = 'node';
  node.required = true;
  node.maxLength = 64;
  node.setAttribute('aria-label', 'Move to node');
  node.placeholder = 'node name';
  const nodes = document.createElement('datalist');
  nodes.id = 'calls-move-nodes';
  node.setAttribute('list', nodes.id);
  const go = cell('button', 'Move…');
  go.type = 'submit';
  const cancel = button('Cancel', () => { form.hidden = true; });
  form.append(what, node, nodes, go, cancel);
  return { form, what, node, nodes };
}
