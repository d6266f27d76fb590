/**
 * Routing under random dial plans: for random contexts of literal extensions and patterns (`X`,
 * `Z`, `N`, sets, trailing `.` and `!`), some of them outcall patterns with random strip counts,
 * and random dialed numbers, the route is deterministic (the same input gives the same route,
 * whatever order the dialplan lists its extensions in) and agrees with a reference model of the
 * pattern syntax written here independently, as regular expressions: the chosen extension
 * matches, nothing is chosen when nothing matches, a matching literal always wins over a pattern,
 * and an outcall sends the dialed number without its first `strip_digits` characters.
 */
import '../../test/support/property-seed.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Dialplan, DialplanExtension, ExtensionId, OutcallId } from './dialplan.ts';
import { resolveOutcall } from './outcall-resolution.ts';
import type { Outcall, TrunkId } from './routing-objects.ts';
import { findExtension, indexDialplan } from './routing-table.ts';
import { context } from './testing/dialplan-builder.ts';

/** The reference model: a pattern as an anchored regular expression, element by element. */
function referenceExpression(exten: string): RegExp {
  if (!exten.startsWith('_')) return new RegExp(`^${exten.replace(/[*#+]/g, (character) => `\\${character}`)}$`);
  let source = '';
  for (let index = 1; index < exten.length; index += 1) {
    const character = exten[index] ?? '';
    if (character === 'X') source += '[0-9]';
    else if (character === 'Z') source += '[1-9]';
    else if (character === 'N') source += '[2-9]';
    else if (character === '.') source += '.+';
    else if (character === '!') source += '.*';
    else if (character === '[') {
      const end = exten.indexOf(']', index);
      source += exten.slice(index, end + 1);
      index = end;
    } else source += character;
  }
  return new RegExp(`^${source}$`);
}

const digit = fc.constantFrom('0', '1', '2', '3', '5', '9');
const digitRange = fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })).map(([low, high]) => `[${Math.min(low, high)}-${Math.max(low, high)}]`);
const digitSet = fc.uniqueArray(digit, { minLength: 1, maxLength: 3 }).map((members) => `[${members.join('')}]`);
const element = fc.oneof(digit, digit, fc.constantFrom('X', 'Z', 'N'), digitRange, digitSet);
const pattern = fc.tuple(fc.array(element, { minLength: 1, maxLength: 4 }), fc.constantFrom('', '', '.', '!')).map(([elements, tail]) => `_${elements.join('')}${tail}`);
const literal = fc.array(digit, { minLength: 1, maxLength: 5 }).map((digits) => digits.join(''));
const exten = fc.oneof(pattern, literal);
const entry = fc.record({ exten, outcall: fc.boolean(), strip: fc.integer({ min: 0, max: 3 }) });
const dialed = fc.array(digit, { minLength: 1, maxLength: 6 }).map((digits) => digits.join(''));

interface Plan {
  readonly dialplan: Dialplan;
  readonly outcalls: ReadonlyMap<OutcallId, Outcall>;
}

function build(entries: readonly { exten: string; outcall: boolean; strip: number }[], order: readonly number[]): Plan {
  const extensions: DialplanExtension[] = entries.map((item, index) => ({
    id: (index + 1) as ExtensionId,
    exten: item.exten,
    context: 'to-extern',
    destination: item.outcall ? { type: 'outcall', outcallId: (index + 1) as OutcallId } : { type: 'none' },
  }));
  const outcalls = new Map<OutcallId, Outcall>();
  entries.forEach((item, index) => {
    if (!item.outcall) return;
    const id = (index + 1) as OutcallId;
    outcalls.set(id, {
      id, name: `route-${index + 1}`, enabled: true, internalCallerId: false, trunkIds: [1 as TrunkId], callPermissionIds: [], scheduleId: null,
      patterns: [{ extensionId: (index + 1) as ExtensionId, stripDigits: item.strip, prefix: '', callerId: null }],
    });
  });
  const shuffled = order.map((position) => extensions[position % extensions.length]).filter((item): item is DialplanExtension => item !== undefined);
  const listed = [...new Set([...shuffled, ...extensions])];
  return { dialplan: { contexts: [context('default', ['to-extern']), context('to-extern', [], 'outcall')], extensions: listed, users: [] }, outcalls };
}

describe('routing over random dial plans', () => {
  it('MUST be deterministic, independent of insertion order, and agree with the reference model', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 8 }), fc.array(dialed, { minLength: 1, maxLength: 6 }), (entries, order, numbers) => {
        const inOrder = build(entries, []);
        const reordered = build(entries, order);
        const reversed: Plan = { ...inOrder, dialplan: { ...inOrder.dialplan, extensions: [...inOrder.dialplan.extensions].reverse() } };
        const tables = [inOrder, reordered, reversed].map((plan) => indexDialplan(plan.dialplan).table);
        for (const number of numbers) {
          const chosen = tables.map((table) => findExtension(table, 'default', number)?.found.extension.id);
          assert.equal(new Set(chosen).size, 1, `order changed the route of ${number}: ${chosen.join(', ')}`);
          const routes = tables.map((table) => JSON.stringify(resolveOutcall(table, inOrder.outcalls, { context: 'default', dialed: number })));
          assert.equal(new Set(routes).size, 1);
          const matching = entries.map((item, index) => ({ ...item, id: index + 1 })).filter((item) => referenceExpression(item.exten).test(number));
          const id = chosen[0];
          if (matching.length === 0) {
            assert.equal(id, undefined, `${number} matches nothing in the model but reached ${String(id)}`);
            continue;
          }
          const picked = matching.find((item) => item.id === id);
          assert.ok(picked !== undefined, `${number} reached ${String(id)}, which the model says does not match`);
          if (matching.some((item) => !item.exten.startsWith('_'))) assert.ok(!picked.exten.startsWith('_'), `${number}: a matching literal must win over ${picked.exten}`);
          const route = resolveOutcall(tables[0]!, inOrder.outcalls, { context: 'default', dialed: number });
          if (!picked.outcall) assert.equal(route.type, 'not-outcall');
          else if (picked.strip >= number.length) assert.equal(route.type === 'unavailable' && route.reason, 'no-digits');
          else assert.equal(route.type === 'outcall' && route.digits, number.slice(picked.strip));
        }
      }),
      { numRuns: 300 },
    );
  });
});
