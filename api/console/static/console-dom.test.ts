/**
 * fillTable in Chromium: a refreshed table keeps the rows and cells that did not change, so a button
 * under the operator's pointer stays the same element across a refresh.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { openConsoleBrowser, type ConsoleBrowser } from '../../../test/support/console-browser.ts';

const SOURCE = await readFile(new URL('./console-dom.js', import.meta.url), 'utf8');

/** Page script: `fill([[name, state], ...])` fills #t with rows [name, state, a button named after the state]. */
const SETUP = `(async () => {
  const url = URL.createObjectURL(new Blob([${JSON.stringify(SOURCE)}], { type: 'text/javascript' }));
  const dom = await import(url);
  window.fill = (rows) => dom.fillTable('t', rows.map(([name, state]) => {
    const actions = dom.cell('td', '');
    actions.append(dom.button(state === 'paused' ? 'Resume' : 'Pause', () => undefined));
    return [dom.cell('td', name), dom.cell('td', state), actions];
  }), 3, 'nothing').map((row) => row.cells[0].textContent);
  window.texts = () => [...document.querySelector('#t tbody').rows].map((row) => row.innerText.replace(/\\s+/g, ' ').trim());
})()`;

describe('fillTable', () => {
  let browser: ConsoleBrowser;
  before(async () => {
    browser = await openConsoleBrowser('console-dom');
    if (browser.missing !== undefined) return;
    await browser.page.setContent('<table id="t"><thead><tr><th>Name</th><th>State</th><th>Actions</th></tr></thead><tbody></tbody></table>');
    await browser.page.evaluate(SETUP);
  });
  after(async () => {
    await browser.close();
  });

  it('MUST keep a row whose cells did not change, and its button, the same elements across a refresh', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    const outcome = await browser.page.evaluate(`(() => {
      const shownFirst = fill([['8101', 'available'], ['8102', 'available']]);
      const [first, second] = document.querySelector('#t tbody').rows;
      const firstButton = first.querySelector('button');
      const secondButton = second.querySelector('button');
      const shownSecond = fill([['8100', 'available'], ['8102', 'available'], ['8101', 'paused']]);
      const rows = [...document.querySelector('#t tbody').rows];
      return {
        shownFirst,
        shownSecond,
        texts: texts(),
        unchangedRowKept: rows[1] === second && rows[1].querySelector('button') === secondButton,
        changedRowKeptItsName: rows[2] === first && rows[2].cells[0] === first.cells[0],
        changedButtonReplaced: rows[2].querySelector('button') !== firstButton,
      };
    })()`);
    assert.deepEqual(outcome, {
      shownFirst: ['8101', '8102'],
      shownSecond: ['8100', '8102', '8101'],
      texts: ['8100 available Pause', '8102 available Pause', '8101 paused Resume'],
      unchangedRowKept: true,
      changedRowKeptItsName: true,
      changedButtonReplaced: true,
    });
  });

  it('MUST show the empty row alone when there is nothing, answer no row, and drop it when rows come back', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    const outcome = await browser.page.evaluate(`(() => {
      const emptied = fill([]);
      const whenEmpty = texts();
      const colSpan = document.querySelector('#t tbody td').colSpan;
      fill([['8101', 'available']]);
      return { emptied, whenEmpty, colSpan, refilled: texts() };
    })()`);
    assert.deepEqual(outcome, { emptied: [], whenEmpty: ['nothing'], colSpan: 3, refilled: ['8101 available Pause'] });
  });
});
