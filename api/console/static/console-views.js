/**
 * The console's views, in page order. A view is `{ id, title, events, create(context) }`;
 * `create` gets `{ command, confirm }` and answers `{ section, ready(), event(frame), stop() }`:
 * `section` is its DOM, `ready` runs after each (re)authentication, `event` gets every event frame
 * whose name is in `events` (the shell subscribes to all of them), `stop` at logout.
 */
import { nodesView } from './view-nodes.js';
import { callsView } from './view-calls.js';
import { registrationsView } from './view-registrations.js';
import { spansView } from './view-spans.js';
import { eventsView } from './view-events.js';
import { queuesView } from './view-queues.js';
import { agentsView } from './view-agents.js';

export const VIEWS = [
  nodesView,
  callsView,
  queuesView,
  agentsView,
  registrationsView,
  spansView,
  eventsView,
];
