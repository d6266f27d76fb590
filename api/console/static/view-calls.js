/**
 * The "Calls" view: the live channels, one keyed row each, with node, media worker, codec, packet
 * loss and a ticking duration; a search box; and per row "Hang up" and "Transfer", each confirmed.
 *
 * It scales to thousands of channels: the call events' payloads feed a Map (calls-model.js), the
 * redraw is coalesced into one animation frame, and only the rows that changed are touched (cells
 * whose text did not change are left alone). `calls.details` is asked every few seconds (and soon
 * after new channels appear) for what events do not carry: worker, codec, loss, and any event
 * missed. The duration ticks once a second on the visible rows only.
 */
import { button, cell, formatDuration, viewSection } from './console-dom.js';
import { calleeOf, callerOf, createCallStore, lossText, matches, stateOf } from './calls-model.js';

const DETAILS_REFRESH_MS = 5000;
/** How soon after new channels (or a hold, a transfer) their details are asked. */
const DETAILS_SOON_MS = 400;
const TICK_MS = 1000;
const CALL_EVENTS = ['call_created', 'call_updated', 'call_answered', 'call_held', 'call_resumed', 'call_ended', 'transfer_created', 'transfer_updated', 'transfer_answered', 'transfer_completed', 'transfer_cancelled', 'transfer_abandoned', 'transfer_ended'];
const COLUMNS = ['Call', 'Caller', 'Callee', 'State', 'Duration', 'Node', 'Worker', 'Codec', 'Loss', 'Actions'];
/** The cells a row keeps (the Actions cell holds buttons and never changes). */
const FIELDS = ['call', 'caller', 'callee', 'state', 'duration', 'node', 'worker', 'codec', 'loss'];

/** The texts of a channel's cells. */
function textsOf(store, call) {
  return {
    call: call.call_id,
    caller: callerOf(call),
    callee: calleeOf(call),
    state: stateOf(call),
    duration: formatDuration(store.durationOf(call)),
    node: call.node_name ?? '—',
    worker: call.media_worker === null || call.media_worker === undefined ? '—' : String(call.media_worker),
    codec: call.codec ?? '—',
    loss: lossText(call.packet_loss_percent),
  };
}

/** A new keyed row: its cells, and the two action buttons (clicks are handled once, on the table). */
function newRow(callId) {
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
  actions.append(hangUp, transfer);
  tr.append(actions);
  return { tr, cells, texts: {} };
}

/** Writes the texts that changed, only. */
function writeRow(row, texts) {
  for (const field of FIELDS) {
    if (row.texts[field] !== texts[field]) {
      row.cells[field].textContent = texts[field];
      row.texts[field] = texts[field];
    }
  }
}

/** The search box and the transfer form, above the table. */
function toolbar() {
  const bar = document.createElement('div');
  bar.className = 'calls-toolbar';
  const search = document.createElement('input');
  search.type = 'search';
  search.id = 'calls-filter';
  search.placeholder = 'caller, callee, call id, state, node';
  search.setAttribute('aria-label', 'Search calls');
  search.maxLength = 200;
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
  bar.append(search, form);
  return { bar, search, form, what, exten };
}

export const callsView = {
  id: 'calls',
  title: 'Calls',
  events: CALL_EVENTS,
  create({ command, confirm }) {
    const { section, summary, error, table } = viewSection({ id: 'calls', title: 'Calls', columns: COLUMNS });
    const { bar, search, form, what, exten } = toolbar();
    section.insertBefore(bar, table);
    const body = table.querySelector('tbody');
    const emptyRow = document.createElement('tr');
    const emptyCell = cell('td', 'no call in progress', 'empty');
    emptyCell.colSpan = COLUMNS.length;
    emptyRow.append(emptyCell);
    body.append(emptyRow);

    const store = createCallStore();
    /** call_id → { tr, cells, texts, shown } */
    const rows = new Map();
    let query = '';
    let shownCount = 0;
    let pendingFrame = 0;
    let refilter = false;

    const drawSummary = () => {
      const total = store.size;
      const filtered = query === '' ? '' : ` (${shownCount} shown)`;
      summary.textContent = `${total} channel${total === 1 ? '' : 's'}${filtered}`;
      emptyCell.textContent = total === 0 ? 'no call in progress' : 'no call matches the search';
      emptyRow.hidden = shownCount > 0;
    };

    const place = (row, show) => {
      if (row.shown === show) return;
      row.shown = show;
      row.tr.hidden = !show;
      shownCount += show ? 1 : -1;
    };

    /** Redraws what changed: new rows, changed rows, removed rows, and every row's visibility when the search changed. */
    const draw = () => {
      pendingFrame = 0;
      for (const callId of store.takeChanges()) {
        const entry = store.entries.get(callId);
        let row = rows.get(callId);
        if (entry === undefined) {
          if (row !== undefined) {
            place(row, false);
            row.tr.remove();
            rows.delete(callId);
          }
          continue;
        }
        if (row === undefined) {
          row = newRow(callId);
          row.shown = false;
          row.tr.hidden = true;
          rows.set(callId, row);
          body.append(row.tr);
        }
        writeRow(row, textsOf(store, entry.call));
        place(row, matches(entry.call, query));
      }
      if (refilter) {
        refilter = false;
        for (const [callId, row] of rows) place(row, matches(store.entries.get(callId).call, query));
      }
      drawSummary();
    };
    const schedule = () => { if (pendingFrame === 0) pendingFrame = requestAnimationFrame(draw); };

    // Details: a full refresh now and then, and soon after new channels appear (only theirs).
    let asking = false;
    let soonTimer;
    const fresh = new Set();
    const refresh = () => {
      if (asking) return;
      asking = true;
      const mark = store.asking();
      command('calls.details').then((answer) => {
        error.textContent = '';
        store.fromDetails(answer, mark, true);
        schedule();
      }, (failure) => { error.textContent = failure.message; }).finally(() => { asking = false; });
    };
    const detailsSoon = () => {
      clearTimeout(soonTimer);
      soonTimer = setTimeout(() => {
        const callIds = [...fresh].filter((callId) => store.entries.has(callId)).slice(0, 5000);
        fresh.clear();
        if (callIds.length === 0) return refresh();
        const mark = store.asking();
        command('calls.details', { call_ids: callIds }).then((answer) => {
          store.fromDetails(answer, mark, false);
          schedule();
        }, () => undefined);
      }, DETAILS_SOON_MS);
    };

    const tick = () => {
      for (const [callId, row] of rows) {
        if (!row.shown) continue;
        const text = formatDuration(store.durationOf(store.entries.get(callId).call));
        if (row.texts.duration !== text) {
          row.cells.duration.textContent = text;
          row.texts.duration = text;
        }
      }
    };

    search.addEventListener('input', () => {
      query = search.value.trim();
      refilter = true;
      schedule();
    });

    let transferring;
    const hangUp = (call) => confirm({
      title: `Hang up ${call.call_id}`,
      detail: `${callerOf(call)} → ${calleeOf(call)} (${stateOf(call)})`,
      run: () => command('calls.hangup', { call_id: call.call_id }),
      describe: () => 'hung up',
    });
    const startTransfer = (call) => {
      transferring = call;
      what.textContent = `Transfer the peer of ${call.call_id} (${calleeOf(call)}) to `;
      exten.value = '';
      form.hidden = false;
      exten.focus();
    };
    form.addEventListener('submit', (submitted) => {
      submitted.preventDefault();
      const call = transferring;
      const to = exten.value.trim();
      form.hidden = true;
      if (call === undefined) return;
      const peer = Object.keys(call.talking_to ?? {})[0] ?? call.call_id;
      confirm({
        title: `Transfer ${call.call_id}`,
        detail: `Blind transfer of ${calleeOf(call)} (channel ${peer}) to ${to}${call.context ? ` in ${call.context}` : ''}`,
        run: async () => {
          const context = call.context ?? store.entries.get(call.call_id)?.call.context
            ?? (await command('calls.details', { call_ids: [call.call_id] })).items?.[0]?.context ?? 'default';
          return command('transfers.create', { transferred_call: peer, initiator_call: call.call_id, context, exten: to, flow: 'blind' });
        },
        describe: (transfer) => `transfer ${transfer?.id ?? ''} ${transfer?.status ?? 'started'}`.trim(),
      });
    });
    body.addEventListener('click', (clicked) => {
      const target = clicked.target instanceof Element ? clicked.target.closest('button[data-action]') : null;
      const callId = target?.closest('tr')?.dataset.callId;
      const entry = callId === undefined ? undefined : store.entries.get(callId);
      if (entry === undefined) return;
      if (target.dataset.action === 'hangup') hangUp(entry.call);
      else startTransfer(entry.call);
    });

    let refreshTimer;
    let tickTimer;
    drawSummary();
    return {
      section,
      ready() {
        clearInterval(refreshTimer);
        clearInterval(tickTimer);
        refreshTimer = setInterval(refresh, DETAILS_REFRESH_MS);
        tickTimer = setInterval(tick, TICK_MS);
        refresh();
      },
      event(frame) {
        if (frame.name === 'call_created') fresh.add(frame.data?.call_id);
        if (store.fromEvent(frame.name, frame.data)) schedule();
        if (frame.name !== 'call_updated' && frame.name !== 'call_ended') detailsSoon();
      },
      stop() {
        clearInterval(refreshTimer);
        clearInterval(tickTimer);
        clearTimeout(soonTimer);
        if (pendingFrame !== 0) cancelAnimationFrame(pendingFrame);
        pendingFrame = 0;
      },
    };
  },
};
