/**
 * DOM helpers of the console: every value reaches the page through textContent, never as HTML.
 */

/** The element with this id; a missing one is a bug of the page, so it throws. */
export const element = (id) => {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found;
};

/** Builds an element whose text is `text` (never parsed as HTML). */
export function cell(tag, text, className) {
  const node = document.createElement(tag);
  node.textContent = text === undefined || text === null ? '' : String(text);
  if (className !== undefined) node.className = className;
  return node;
}

/** A button that runs `onClick`; `label` is its accessible name. */
export function button(label, onClick, className) {
  const node = cell('button', label, className);
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

/** Replaces a table body's rows (each an array of cells); `empty` is shown in one row when there are none. */
export function fillTable(table, rows, columns, empty) {
  const target = typeof table === 'string' ? element(table) : table;
  const body = target.querySelector('tbody');
  const fresh = document.createElement('tbody');
  if (rows.length === 0) {
    const row = document.createElement('tr');
    const note = cell('td', empty, 'empty');
    note.colSpan = columns;
    row.append(note);
    fresh.append(row);
  }
  for (const cells of rows) {
    const row = document.createElement('tr');
    row.append(...cells);
    fresh.append(row);
  }
  body.replaceWith(fresh);
}

/**
 * A view's section: `<section id="<id>-view">` with its heading, a summary line (`#<id>-summary`),
 * an error line (`#<id>-error`) and, when `columns` are given, a table (`#<id>-table`).
 */
export function viewSection({ id, title, columns }) {
  const section = document.createElement('section');
  section.id = `${id}-view`;
  section.setAttribute('aria-labelledby', `${id}-heading`);
  const heading = cell('h2', title);
  heading.id = `${id}-heading`;
  const summary = cell('p', '', 'summary');
  summary.id = `${id}-summary`;
  const error = cell('p', '', 'error');
  error.id = `${id}-error`;
  error.setAttribute('role', 'alert');
  section.append(heading, summary, error);
  if (columns !== undefined) {
    const table = document.createElement('table');
    table.id = `${id}-table`;
    const head = document.createElement('thead');
    const row = document.createElement('tr');
    row.append(...columns.map((column) => cell('th', column)));
    head.append(row);
    table.append(head, document.createElement('tbody'));
    section.append(table);
  }
  return { section, summary, error, table: section.querySelector('table') };
}

/** "1 h 02 min", "3 min 05 s", "12 s": a duration in seconds as an operator reads it. */
export function formatDuration(totalSeconds) {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(rest).padStart(2, '0')} s`;
  return `${rest} s`;
}

/**
 * `run` at most once per `intervalMs`, however often the returned function is called: the first
 * call runs at once, the calls within the interval after it make one more run at its end. Live
 * views use it so a stream of events costs a few commands and redraws a second, not one each.
 */
export function throttled(run, intervalMs) {
  let lastMs = -Infinity;
  let timer;
  const fire = () => {
    timer = undefined;
    lastMs = performance.now();
    run();
  };
  const throttle = () => {
    if (timer !== undefined) return;
    const waitMs = lastMs + intervalMs - performance.now();
    if (waitMs <= 0) fire();
    else timer = setTimeout(fire, waitMs);
  };
  throttle.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return throttle;
}

/** Runs `refresh` now and every `intervalMs` from `start()` (again after each reconnect) until `stop()`. */
export function poller(refresh, intervalMs) {
  let timer;
  return {
    start() {
      clearInterval(timer);
      timer = setInterval(refresh, intervalMs);
      refresh();
    },
    stop() { clearInterval(timer); },
  };
}
