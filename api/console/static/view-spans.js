/**
 * The "Spans" view: the place of the TDM spans (E1/T1 and analog ports). No span driver runs on
 * this node yet and no command reads spans, so the view says so and asks the server nothing.
 */
import { cell, viewSection } from './console-dom.js';

export const spansView = {
  id: 'spans',
  title: 'Spans',
  events: [],
  create() {
    const { section, summary } = viewSection({ id: 'spans', title: 'Spans' });
    summary.textContent = 'This node has no span driver yet: there are no E1/T1 or analog spans to show.';
    section.append(cell('p', 'When a span driver is added, its spans, their alarms and their channels will be listed here.', 'note'));
    return { section, ready() {}, event() {}, stop() {} };
  },
};
