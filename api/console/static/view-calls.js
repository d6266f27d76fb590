/**
 * The "Calls" view: the channels in progress (`calls.list`), asked again on each call event and
 * every 5 s as a safety net, never twice at once.
 */
import { cell, fillTable, viewSection } from './console-dom.js';

const REFRESH_MS = 5000;
const CALL_EVENTS = ['call_created', 'call_updated', 'call_answered', 'call_held', 'call_resumed', 'call_ended'];

export const callsView = {
  id: 'calls',
  title: 'Calls',
  events: CALL_EVENTS,
  create({ command }) {
    const { section, summary, error, table } = viewSection({ id: 'calls', title: 'Calls', columns: ['Call', 'From', 'To', 'Status', 'Direction', 'Since'] });
    const render = (list) => {
      summary.textContent = `${list.total} channel${list.total === 1 ? '' : 's'}`;
      fillTable(table, list.items.map((call) => [
        cell('td', call.call_id),
        cell('td', `${call.caller_id_name} <${call.caller_id_number}>`),
        cell('td', call.peer_caller_id_number || call.dialed_extension),
        cell('td', call.on_hold ? `${call.status} (on hold)` : call.status),
        cell('td', call.direction),
        cell('td', new Date(call.creation_time).toLocaleTimeString()),
      ]), 6, 'no call in progress');
    };
    let asked = false;
    const refresh = () => {
      if (asked) return;
      asked = true;
      command('calls.list').then((list) => {
        error.textContent = '';
        render(list);
      }, (failure) => { error.textContent = failure.message; }).finally(() => { asked = false; });
    };
    let timer;
    return {
      section,
      ready() {
        clearInterval(timer);
        timer = setInterval(refresh, REFRESH_MS);
        refresh();
      },
      event(frame) { if (CALL_EVENTS.includes(frame.name)) refresh(); },
      stop() { clearInterval(timer); },
    };
  },
};
