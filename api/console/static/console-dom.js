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

/**
 * Shows `rows` (each an array of cells) in a table's body; `empty` is shown in one row when there
 * are none. Answers the rows shown, in order (none for the empty one).
 *
 * The body is updated in place, not rebuilt: a row is matched to the row shown with the same first
 * cell (its name), and of a matched row only the cells whose markup changed are replaced. A view
 * refreshes every few seconds, and a button rebuilt between the press and the release of the mouse
 * loses the click (it lands on neither the old nor the new one): a button whose row and cell did not
 * change stays the same element under the operator's pointer.
 */
export function fillTable(table, rows, columns, empty) {
  const target = typeof table === 'string' ? element(table) : table;
  const body = target.querySelector('tbody');
  const none = rows.length === 0;
  if (none) {
    const note = cell('td', empty, 'empty');
    note.colSpan = columns;
    rows = [[note]];
  }
  const shown = new Map();
  for (const row of body.rows) {
    const key = row.cells[0]?.outerHTML ?? '';
    shown.set(key, [...(shown.get(key) ?? []), row]);
  }
  let next = body.firstElementChild;
  const placed = rows.map((cells) => {
    const row = shown.get(cells[0]?.outerHTML ?? '')?.shift() ?? document.createElement('tr');
    if (row.cells.length !== cells.length) row.replaceChildren(...cells);
    else cells.forEach((fresh, index) => { if (row.cells[index].outerHTML !== fresh.outerHTML) row.cells[index].replaceWith(fresh); });
    if (row === next) next = next.nextElementSibling;
    else body.insertBefore(row, next);
    return row;
  });
  while (next !== null) {
    const after = next.nextElementSibling;
    next.remove();
    next = after;
  }
  return none ? [] : placed;
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
