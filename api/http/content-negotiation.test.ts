import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acceptsJson, isJsonContentType, mediaTypeRefusal } from './content-negotiation.ts';

describe('media types (seed API-01)', () => {
  it('MUST accept JSON for application/json, application/* and */*, with parameters and q-values', () => {
    for (const accept of ['application/json', 'application/json; charset=utf-8', 'text/html, application/json;q=0.5', 'application/*', '*/*', 'text/plain, */*;q=0.1', 'APPLICATION/JSON']) {
      assert.equal(acceptsJson(accept), true, accept);
    }
  });

  it('MUST accept JSON when the request has no Accept at all (RFC 9110 §12.5.1), as Wazo clients log in', () => {
    assert.equal(acceptsJson(undefined), true);
  });

  it('MUST refuse an empty Accept, other types, and JSON given q=0 even under a wildcard', () => {
    for (const accept of ['', 'text/html', 'application/xml', 'application/json;q=0', '*/*, application/json;q=0', 'application/json;q=abc']) {
      assert.equal(acceptsJson(accept), false, String(accept));
    }
  });

  it('MUST read a JSON body only with Content-Type application/json (UTF-8)', () => {
    assert.deepEqual(
      ['application/json', 'application/json; charset=UTF-8', 'application/json;charset="utf-8"', 'application/json; charset=latin1', 'text/plain', undefined].map(isJsonContentType),
      [true, true, true, false, false, false],
    );
  });

  it('MUST answer 406 before 415, and nothing for a good request', () => {
    assert.deepEqual([
      mediaTypeRefusal({ accept: 'text/html', hasBody: true }),
      mediaTypeRefusal({ accept: 'application/json', hasBody: true }),
      mediaTypeRefusal({ accept: 'application/json', contentType: 'application/json', hasBody: true }),
      mediaTypeRefusal({ accept: 'application/json', hasBody: false }),
    ], [406, 415, undefined, undefined]);
  });
});
