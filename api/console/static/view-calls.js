/**
 * The "Calls" view: the live channels, one keyed row each, with node, media worker, codec, packet
 * loss and a ticking duration; a search box; pages of 100 rows; and per row "Hang up" and
 * "Transfer", each confirmed.
 *
 * It scales to thousands of channels: the call events' payloads feed a Map (calls-model.js), the
 * redraw is coalesced into one animation frame, only the rows of the page shown are in the DOM,
 * and of those only the cells whose text changed are touched. A page, not the whole table, because
 * the browser lays a table out again as a whole: with 2,000 rows a change took 130-260 ms to be
 * shown, with 100 about 15 ms (bench/console-render). `calls.details` is asked every few seconds (and
 * soon after new channels appear) for what events do not carry: worker, codec, loss, and any event
 * missed. The duration ticks once a second, on the rows shown.
 */
import { COLUMNS, emptyRow, newRow, textsOf, toolbar, writeRow } from './calls-rows.js';
import { calleeOf, callerOf, createCallStore, matches, stateOf } from './calls-model.js';
import { viewSection } from './console-dom.js';

const PAGE_ROWS = 100;
const DETAILS_REFRESH_MS = 5000;
/** How soon after new channels (or a hold, a transfer) their details are asked. */
const DETAILS_SOON_MS = 400;
const TICK_MS = 1000;
const CALL_EVENTS = ['call_created', 'call_updated', 'call_answered', 'call_held', 'call_resumed', 'call_ended', 'transfer_created', 'transfer_updated', 'transfer_answered', 'transfer_completed', 'transfer_cancelled', 'transfer_abandoned', 'transfer_ended'];

export const callsView = {
  id: 'calls',
  title: 'Calls',
  events: CALL_EVENTS,
  create({ command, confirm }) {
    const { section, summary, error, table } = viewSection({ id: 'calls', title: 'Calls', columns: COLUMNS });
    let page = 0;
    const tools = toolbar({ onPage: (step) => { page += step; layoutDirty = true; schedule(); } });
    section.insertBefore(tools.bar, table);
    const body = table.querySelector('tbody');
    const empty = emptyRow();
    body.append(empty.tr);

    const store = createCallStore();
    /** The call ids in arrival order, and those matching the search. */
    let order = [];
    let inOrder = new Set();
    let matching = [];
    /** call_id → row, for the rows of the page shown only. */
    const rows = new Map();
    let query = '';
    let pendingFrame = 0;
    let layoutDirty = true;

    const draw = () => {
      pendingFrame = 0;
      const changes = store.takeChanges();
      for (const callId of changes) {
        if (query !== '' || !store.entries.has(callId) || !inOrder.has(callId)) layoutDirty = true;
      }
      if (layoutDirty) relayout();
      for (const callId of changes) {
        const row = rows.get(callId);
        const entry = store.entries.get(callId);
        if (row !== undefined && entry !== undefined) writeRow(row, textsOf(entry.call, store.durationOf(entry.call)));
      }
      drawSummary();
    };

    /** Recomputes the order, the search's matches and the page, then puts exactly that page's rows in the body, in order. */
    const relayout = () => {
      layoutDirty = false;
      if (order.length !== store.size || order.some((callId) => !store.entries.has(callId))) {
        const kept = order.filter((callId) => store.entries.has(callId));
        const keptSet = new Set(kept);
        for (const callId of store.entries.keys()) if (!keptSet.has(callId)) kept.push(callId);
        order = kept;
        inOrder = new Set(order);
      }
      matching = query === '' ? order : order.filter((callId) => matches(store.entries.get(callId).call, query));
      const pages = Math.max(1, Math.ceil(matching.length / PAGE_ROWS));
      page = Math.min(Math.max(0, page), pages - 1);
      const shown = matching.slice(page * PAGE_ROWS, (page + 1) * PAGE_ROWS);
      const shownSet = new Set(shown);
      for (const [callId, row] of rows) {
        if (!shownSet.has(callId)) {
          row.tr.remove();
          rows.delete(callId);
        }
      }
      let previous = empty.tr;
      for (const callId of shown) {
        let row = rows.get(callId);
        if (row === undefined) {
          row = newRow(callId);
          rows.set(callId, row);
          const { call } = store.entries.get(callId);
          writeRow(row, textsOf(call, store.durationOf(call)));
        }
        if (previous.nextSibling !== row.tr) body.insertBefore(row.tr, previous.nextSibling);
        previous = row.tr;
      }
      tools.pageText.textContent = matching.length === 0 ? '' : `${page * PAGE_ROWS + 1}–${page * PAGE_ROWS + shown.length} of ${matching.length}`;
      tools.previous.disabled = page === 0;
      tools.next.disabled = page >= pages - 1;
    };

    const drawSummary = () => {
      const total = store.size;
      const filtered = query === '' ? '' : ` (${matching.length} shown)`;
      summary.textContent = `${total} channel${total === 1 ? '' : 's'}${filtered}`;
      empty.note.textContent = total === 0 ? 'no call in progress' : 'no call matches the search';
      empty.tr.hidden = rows.size > 0;
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
        const { call } = store.entries.get(callId) ?? {};
        if (call !== undefined) writeRow(row, textsOf(call, store.durationOf(call)));
      }
    };

    tools.search.addEventListener('input', () => {
      query = tools.search.value.trim();
      page = 0;
      layoutDirty = true;
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
      tools.what.textContent = `Transfer the peer of ${call.call_id} (${calleeOf(call)}) to `;
      tools.exten.value = '';
      tools.form.hidden = false;
      tools.exten.focus();
    };
    tools.form.addEventListener('submit', (submitted) => {
      submitted.preventDefault();
      const call = transferring;
      const to = tools.exten.value.trim();
      tools.form.hidden = true;
      if (call === undefined) return;
      // The transferred channel is the one this channel talks to; the server refuses when there is none.
      const peer = Object.keys(call.talking_to ?? {})[0] ?? call.call_id;
      confirm({
        title: `Transfer ${call.call_id}`,
        detail: `Blind transfer of ${calleeOf(call)} (channel ${peer}) to ${to}${call.context ? ` in ${call.context}` : ''}`,
        run: async () => {
          const context = store.entries.get(call.call_id)?.call.context
            ?? (await command('calls.details', { call_ids: [call.call_id] })).items?.[0]?.context ?? 'default';
          return command('transfers.create', { transferred_call: peer, initiator_call: call.call_id, context, exten: to, flow: 'blind' });
        },
        describe: (transfer) => `transfer ${transfer?.id ?? ''} ${transfer?.status ?? 'started'}`.replace(/\s+/g, ' '),
      });
    });
    let moving;
    /** The nodes a call may move to: those the node knows live (the contact center's node list), not this one. */
    const offerNodes = async () => {
      const status = await command('contact_center.status').catch(() => undefined);
      const names = (status?.nodes ?? []).map((node) => node.name).filter((name) => name !== status?.node);
      tools.move.nodes.replaceChildren(...names.map((name) => Object.assign(document.createElement('option'), { value: name })));
    };
    const startMove = (call) => {
      moving = call;
      tools.move.what.textContent = `Move call ${call.call_id} (${callerOf(call)} → ${calleeOf(call)}) to `;
      tools.move.node.value = '';
      tools.move.form.hidden = false;
      tools.move.node.focus();
      offerNodes();
    };
    tools.move.form.addEventListener('submit', (submitted) => {
      submitted.preventDefault();
      const call = moving;
      const node = tools.move.node.value.trim();
      tools.move.form.hidden = true;
      if (call === undefined) return;
      confirm({
        title: `Move ${call.call_id}`,
        detail: `Move the call live to node ${node}: both phones are re-INVITEd to it, and the call stays here if either refuses.`,
        run: () => command('calls.migrate', { call_id: call.call_id, node }),
        describe: (moved) => `moved to ${moved?.node ?? node}`,
      });
    });
    body.addEventListener('click', (clicked) => {
      const target = clicked.target instanceof Element ? clicked.target.closest('button[data-action]') : null;
      const callId = target?.closest('tr')?.dataset.callId;
      const entry = callId === undefined ? undefined : store.entries.get(callId);
      if (entry === undefined) return;
      if (target.dataset.action === 'hangup') hangUp(entry.call);
      else if (target.dataset.action === 'move') startMove(entry.call);
      else startTransfer(entry.call);
    });

    let refreshTimer;
    let tickTimer;
    relayout();
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
