/**
 * The live calls of the "Calls" view, without the DOM: a Map of channels by `call_id` fed by the
 * call events' payloads (the calld call model) and by `calls.details` answers, which says what
 * changed so the view redraws only those rows.
 *
 * A `calls.details` answer was read on the server before the events that arrive while it travels:
 * so it never brings back a channel an event ended (call ids are never reused, an ended id is
 * remembered for a while), and a full answer removes only the channels that no event touched
 * since it was asked.
 */

/** How long an ended channel's id is remembered, so that a late answer cannot bring it back. */
const ENDED_MEMORY_MS = 5 * 60_000;

/** Epoch ms of a calld time (`2016-02-10T16:57:02.592+0000`); NaN when unreadable. */
export function calldTimeMs(text) {
  return typeof text === 'string' ? Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : Number.NaN;
}

/** The fields the table shows, compared to decide whether a channel changed. */
const SHOWN = ['caller_id_name', 'caller_id_number', 'peer_caller_id_name', 'peer_caller_id_number', 'dialed_extension', 'status', 'on_hold', 'creation_time', 'node_name', 'media_worker', 'codec', 'packet_loss_percent', 'context'];

/** The state an operator reads: calld's status, and whether the call is held. */
export function stateOf(call) {
  return call.on_hold ? `${call.status} (on hold)` : call.status;
}

/** The far party as shown: the peer's number, or the extension dialed until the peer is known. */
export function calleeOf(call) {
  const number = call.peer_caller_id_number || call.dialed_extension || '';
  return call.peer_caller_id_name ? `${call.peer_caller_id_name} <${number}>` : number;
}

/** The calling party as shown: `name <number>`. */
export function callerOf(call) {
  return `${call.caller_id_name ?? ''} <${call.caller_id_number ?? ''}>`;
}

/** The loss as shown: `1.25 %`, or `—` while unknown. */
export function lossText(percent) {
  return typeof percent === 'number' ? `${percent.toFixed(percent < 10 ? 2 : 1)} %` : '—';
}

/** Whether a channel matches the search (case-insensitive, on caller, callee, call id, state, node). */
export function matches(call, query) {
  if (query === '') return true;
  const haystack = `${call.call_id} ${callerOf(call)} ${calleeOf(call)} ${stateOf(call)} ${call.node_name ?? ''}`.toLowerCase();
  return query.toLowerCase().split(/\s+/).every((word) => haystack.includes(word));
}

/** The Map of live channels and what changed since the view last drew. */
export function createCallStore(now = () => Date.now()) {
  /** call_id → { call (model + details), touched (version) } */
  const entries = new Map();
  /** call_id → when it ended (local ms). */
  const ended = new Map();
  /** Channels to redraw (added, changed or removed) since the last `takeChanges`. */
  let changed = new Set();
  let version = 0;
  /** Local ms minus server ms, from the last `calls.details` answer (durations tick on the local clock). */
  let skewMs = 0;

  const upsert = (fields) => {
    const callId = fields.call_id;
    if (typeof callId !== 'string' || ended.has(callId)) return;
    const entry = entries.get(callId);
    version += 1;
    if (entry === undefined) {
      entries.set(callId, { call: { ...fields }, touched: version });
      changed.add(callId);
      return;
    }
    entry.touched = version;
    const merged = { ...entry.call, ...fields };
    if (SHOWN.some((name) => merged[name] !== entry.call[name])) changed.add(callId);
    entry.call = merged;
  };

  const end = (callId) => {
    if (typeof callId !== 'string') return;
    ended.set(callId, now());
    version += 1;
    if (entries.delete(callId)) changed.add(callId);
  };

  const forgetOldEnded = () => {
    const before = now() - ENDED_MEMORY_MS;
    for (const [callId, at] of ended) if (at < before) ended.delete(callId);
  };

  return {
    entries,
    get size() { return entries.size; },
    /** Applies a call event; answers whether it concerned the table. */
    fromEvent(name, data) {
      if (data === null || typeof data !== 'object') return false;
      if (name === 'call_ended') end(data.call_id);
      else if (name === 'call_created' || name === 'call_updated') upsert(data);
      else return false;
      return true;
    },
    /** A mark to give `fromDetails` with the answer of a `calls.details` asked now. */
    asking() { return version; },
    /**
     * Applies a `calls.details` answer asked at mark `askedAt`; `full` when it listed every channel
     * (then channels it lacks and no event touched since are gone).
     */
    fromDetails(answer, askedAt, full) {
      const items = Array.isArray(answer?.items) ? answer.items : [];
      const first = items[0];
      if (first !== undefined && typeof first.duration_seconds === 'number') {
        const created = calldTimeMs(first.creation_time);
        if (!Number.isNaN(created)) skewMs = now() - (created + first.duration_seconds * 1000);
      }
      const listed = new Set();
      for (const item of items) {
        listed.add(item.call_id);
        upsert(item);
      }
      if (full) {
        for (const [callId, entry] of entries) {
          if (!listed.has(callId) && entry.touched <= askedAt) {
            entries.delete(callId);
            changed.add(callId);
          }
        }
      }
      forgetOldEnded();
    },
    /** Whole seconds since the channel was created, on the local clock corrected by the server's. */
    durationOf(call) {
      const created = calldTimeMs(call.creation_time);
      return Number.isNaN(created) ? 0 : Math.max(0, Math.floor((now() - skewMs - created) / 1000));
    },
    /** The channels changed since the last call (removed ones are no longer in `entries`). */
    takeChanges() {
      const taken = changed;
      changed = new Set();
      return taken;
    },
  };
}
