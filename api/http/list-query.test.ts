import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseListQuery } from './list-query.ts';

const spec = { orderColumns: ['firstname', 'lastname', 'email'], defaultOrder: 'firstname', maxLimit: 1000 };
const parse = (query: string) => parseListQuery(new URLSearchParams(query), spec);

describe('list parameters (seed API-01)', () => {
  it('MUST default to the first page of everything, in the default order, ascending', () => {
    assert.deepEqual(parse(''), { type: 'ok', query: { offset: 0, order: 'firstname', direction: 'asc' } });
  });

  it('MUST read limit, offset, order, direction and search', () => {
    assert.deepEqual(parse('limit=10&offset=20&order=email&direction=desc&search=ali'), {
      type: 'ok', query: { limit: 10, offset: 20, order: 'email', direction: 'desc', search: 'ali' },
    });
  });

  it('MUST refuse bad values with every problem listed at once', () => {
    const result = parse('limit=-1&offset=abc&order=password&direction=up');
    assert.equal(result.type, 'invalid');
    assert.deepEqual(result.type === 'invalid' ? result.errors.map((error) => error.split(':')[0]) : [], ['limit', 'offset', 'order', 'direction']);
  });

  it('MUST refuse a limit over the maximum, repeated parameters and an overlong search', () => {
    for (const query of ['limit=1001', 'limit=1&limit=2', `search=${'x'.repeat(257)}`, 'limit=1e3', 'offset=99999999999']) {
      assert.equal(parse(query).type, 'invalid', query);
    }
  });
});
