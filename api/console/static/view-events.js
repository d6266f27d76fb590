/**
 * The "Events" view: a tail of every event the token may see (the view subscribes to `*`; the
 * server filters by the token's ACLs and tenants), newest first, the last 500 kept. Each row shows
 * when it arrived, its name and its payload as truncated JSON. The name filter keeps the events
 * whose name starts with the text typed (case-insensitive); Pause freezes the table while events
 * keep arriving, and Resume shows them.
 */
import { button, cell, fillTable, throttled, viewSection } from './console-dom.js';

const KEPT_EVENTS = 500;
const RENDER_INTERVAL_MS = 250;
const SUMMARY_CHARS = 160;
const COLUMNS = ['Time', 'Event', 'Payload'];

/** The payload as one line of JSON, cut at SUMMARY_CHARS. */
function payloadSummary(data) {
  let text;
  try {
    text = JSON.stringify(data) ?? '';
  } catch {
    text = String(data);
  }
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS - 1)}…` : text;
}

function arrivalTime(date) {
  return `${date.toLocaleTimeString('en-GB', { hour12: false })}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

function controls(onFilter, onPause) {
  const bar = document.createElement('div');
  bar.className = 'tail-controls';
  const label = cell('label', 'Event name ');
  const filter = document.createElement('input');
  filter.type = 'search';
  filter.id = 'events-filter';
  filter.maxLength = 128;
  filter.placeholder = 'e.g. call_';
  filter.addEventListener('input', onFilter);
  label.append(filter);
  const pause = button('Pause', onPause);
  pause.id = 'events-pause';
  pause.setAttribute('aria-pressed', 'false');
  bar.append(label, pause);
  return { bar, filter, pause };
}

export const eventsView = {
  id: 'events',
  title: 'Events',
  events: ['*'],
  create() {
    const { section, summary, table } = viewSection({ id: 'events', title: 'Events', columns: COLUMNS });
    /** Newest first, each `{ id, at, name, summary }`. */
    const kept = [];
    let nextId = 1;
    let paused = false;
    let waiting = 0;
    /** What the table shows: the filter it was drawn with and the newest event in it. */
    let drawn = { prefix: undefined, newestId: 0 };
    const rowOf = (entry) => {
      const row = document.createElement('tr');
      row.append(cell('td', arrivalTime(entry.at)), cell('td', entry.name), cell('td', entry.summary, 'payload'));
      return row;
    };
    const render = () => {
      const prefix = bar.filter.value.trim().toLowerCase();
      const matching = (entry) => prefix === '' || entry.name.toLowerCase().startsWith(prefix);
      const shown = prefix === '' ? kept : kept.filter(matching);
      summary.textContent = `${kept.length} event${kept.length === 1 ? '' : 's'} kept (the last ${KEPT_EVENTS})`
        + (prefix === '' ? '' : `, ${shown.length} shown`) + (paused ? `; paused, ${waiting} new` : '');
      const body = table.tBodies[0];
      if (drawn.prefix === prefix && body !== undefined && shown.length > 0 && shown.length <= KEPT_EVENTS) {
        // The same filter: add the new rows on top and drop those that fell off the end, nothing else.
        const fresh = [];
        for (const entry of shown) {
          if (entry.id <= drawn.newestId) break;
          fresh.push(rowOf(entry));
        }
        if (fresh.length > 0) {
          if (body.querySelector('td.empty') !== null) body.replaceChildren();
          body.prepend(...fresh);
        }
        while (body.rows.length > shown.length) body.lastElementChild?.remove();
      } else {
        fillTable(table, shown.map((entry) => [cell('td', arrivalTime(entry.at)), cell('td', entry.name), cell('td', entry.summary, 'payload')]), COLUMNS.length,
          prefix === '' ? 'no event yet' : 'no event matches');
      }
      drawn = { prefix, newestId: kept[0]?.id ?? 0 };
    };
    /** Redraws at most four times a second, however many events arrive. */
    const schedule = throttled(() => requestAnimationFrame(render), RENDER_INTERVAL_MS);
    const bar = controls(schedule, () => {
      paused = !paused;
      waiting = 0;
      bar.pause.textContent = paused ? 'Resume' : 'Pause';
      bar.pause.setAttribute('aria-pressed', String(paused));
      render();
    });
    table.before(bar.bar);
    render();
    return {
      section,
      ready() {},
      event(frame) {
        kept.unshift({ id: nextId++, at: new Date(), name: String(frame.name), summary: payloadSummary(frame.data) });
        if (kept.length > KEPT_EVENTS) kept.length = KEPT_EVENTS;
        if (paused) {
          waiting += 1;
          summary.textContent = `${kept.length} events kept; paused, ${waiting} new`;
        } else schedule();
      },
      stop() { schedule.cancel(); },
    };
  },
};
