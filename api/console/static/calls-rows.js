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

/** The search box, the page controls and the (hidden) transfer and move forms, above the table. */
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
  const { form, what, input: exten } = hiddenForm({ id: 'calls-transfer-form', whatClass: 'transfer-what', name: 'exten', maxLength: 80, label: 'Transfer to extension', placeholder: 'extension', submit: 'Transfer…' });
  const moving = moveForm();
  bar.append(search, previous, pageText, next, form, moving.form);
  return { bar, search, previous, next, pageText, form, what, exten, move: moving };
}

/**
 * A hidden form of the toolbar: what it acts on, one required text input, the extras given after it
 * (a datalist), a submit button and a Cancel that hides it again.
 */
function hiddenForm({ id, whatClass, name, maxLength, label, placeholder, submit }, ...extras) {
  const form = document.createElement('form');
  form.id = id;
  form.hidden = true;
  const what = cell('span', '', whatClass);
  const input = document.createElement('input');
  input.name = name;
  input.required = true;
  input.maxLength = maxLength;
  input.setAttribute('aria-label', label);
  input.placeholder = placeholder;
  const go = cell('button', submit);
  go.type = 'submit';
  const cancel = button('Cancel', () => { form.hidden = true; });
  form.append(what, input, ...extras, go, cancel);
  return { form, what, input };
}

/** The (hidden) form naming the node a call moves to, with the live nodes offered as suggestions. */
function moveForm() {
  const nodes = document.createElement('datalist');
  nodes.id = 'calls-move-nodes';
  const { form, what, input: node } = hiddenForm({ id: 'calls-move-form', whatClass: 'move-what', name: 'node', maxLength: 64, label: 'Move to node', placeholder: 'node name', submit: 'Move…' }, nodes);
  node.setAttribute('list', nodes.id);
  return { form, what, node, nodes };
}
